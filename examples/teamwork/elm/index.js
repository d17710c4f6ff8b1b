// Starts the Elm board and wires its ports: the generated glue (ssegen.js)
// carries the streams, and fetch carries the board's actions, which the
// app cannot send itself without an HTTP package.
import { connect } from "./ssegen.js";

const params = new URLSearchParams(location.search);
const board = params.get("board") || "main";
const user = "Elm-" + String(Math.floor(Math.random() * 10000)).padStart(4, "0");

if (typeof Elm === "undefined") {
  document.getElementById("app").textContent =
    "elm.js is missing: run `elm make src/Main.elm --output=elm.js` in examples/teamwork/elm, then reload.";
} else {
  const app = Elm.Main.init({ node: document.getElementById("app"), flags: { board, user } });
  connect(app);

  if (app.ports.apiRequest) {
    app.ports.apiRequest.subscribe(async (req) => {
      const form = new URLSearchParams(req.form);
      let url = req.url;
      const init = { method: req.method };
      // Like htmx, send DELETE parameters in the query string.
      if (req.method === "DELETE") {
        url += "?" + form;
      } else {
        init.body = form;
      }
      const fail = (message) => app.ports.apiFailure && app.ports.apiFailure.send(message);
      try {
        const res = await fetch(url, init);
        if (!res.ok) fail((await res.text()).trim());
      } catch (err) {
        fail("The board could not be reached: " + err.message);
      }
    });
  }
}
