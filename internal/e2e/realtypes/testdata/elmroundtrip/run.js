// Runs the compiled round-trip worker under node: node run.js elm.js in.json out.json
"use strict";
const fs = require("fs");
const [elmJS, inPath, outPath] = process.argv.slice(2);
const { Elm } = require(elmJS);
const app = Elm.Main.init({ flags: JSON.parse(fs.readFileSync(inPath, "utf8")) });
app.ports.done.subscribe((results) => {
  fs.writeFileSync(outPath, JSON.stringify(results));
});
