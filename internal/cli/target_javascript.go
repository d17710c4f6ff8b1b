package cli

import (
	"github.com/ssegen/ssegen/gen/files"
	"github.com/ssegen/ssegen/gen/js"
	"github.com/ssegen/ssegen/schema"
)

// jsTarget writes the browser glue: one ES module connecting the Elm ports
// to a single EventSource, and its TypeScript declarations. (This file is
// not named target_js.go: the go command would build it for GOOS=js only.)
var jsTarget = target{
	name:       "js",
	outFlag:    "js-out",
	outDefault: "./frontend/js",
	outUsage:   "directory of the JavaScript glue (" + js.ModuleFile + " and " + js.TypesFile + ") that the page loads beside the compiled Elm app",
	generate: func(m *schema.Model, _ *options, _ string) ([]files.File, error) {
		return js.Generate(m, js.Options{})
	},
	dirs: func(*options) []string { return []string{"."} },
}
