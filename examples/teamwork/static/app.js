// The board's few behaviours that are not swaps: clear a form after it
// worked, show why a request failed next to the form that sent it, and let
// toasts fade away.
(function () {
  "use strict";
  var toastLife = 4000;

  // errorFor is the error line of the panel an element sits in.
  function errorFor(elt) {
    var panel = elt && elt.closest ? elt.closest(".panel") : null;
    return panel ? panel.querySelector(".form-error") : document.getElementById("form-error");
  }

  document.addEventListener("htmx:afterRequest", function (evt) {
    var error = errorFor(evt.detail.elt);
    if (evt.detail.successful && error) error.textContent = "";
    var form = document.getElementById("add-task");
    if (form && evt.detail.elt === form && evt.detail.successful) form.reset();
  });

  // A refused request (for example an empty title) keeps the page as it
  // is; its message is plain text, shown as text.
  document.addEventListener("htmx:responseError", function (evt) {
    var error = errorFor(evt.detail.elt);
    if (error) error.textContent = evt.detail.xhr.responseText;
  });

  // Mark the page while its stream is down, so a person knows the board
  // may be stale until it reconnects. Only the board's own stream counts:
  // an import's stream ends by design.
  document.addEventListener("htmx:sseOpen", function (evt) {
    if (evt.target.id === "board") document.body.classList.remove("offline");
  });
  document.addEventListener("htmx:sseError", function (evt) {
    if (evt.target.id === "board") document.body.classList.add("offline");
  });
  // The state sent on connect replaces the task list rendered with the
  // page; mark the page synced once it has, so that nothing (a script, a
  // test) acts on buttons that the swap is about to replace.
  document.addEventListener("htmx:sseMessage", function (evt) {
    if (evt.target.id === "tasks") document.body.dataset.synced = "true";
  });

  htmx.onLoad(function (elt) {
    if (elt.classList && elt.classList.contains("toast")) {
      setTimeout(function () { elt.remove(); }, toastLife);
    }
  });
})();
