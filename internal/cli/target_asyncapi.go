package cli

import (
	"github.com/ssegen/ssegen/gen/asyncapi"
	"github.com/ssegen/ssegen/gen/files"
	"github.com/ssegen/ssegen/schema"
)

// asyncAPITarget writes the AsyncAPI 3.0 document of every stream, for
// tooling and clients in other languages.
var asyncAPITarget = target{
	name:       "asyncapi",
	optIn:      true,
	outFlag:    "asyncapi-out",
	outDefault: "./asyncapi",
	outUsage:   "directory of the AsyncAPI 3.0 document, " + asyncapi.File,
	check:      func(m *schema.Model, _ *options) schema.ErrorList { return asyncapi.Check(m) },
	generate: func(m *schema.Model, _ *options, _ string) ([]files.File, error) {
		return asyncapi.Generate(m, asyncapi.Options{})
	},
}
