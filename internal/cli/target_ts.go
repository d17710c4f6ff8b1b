package cli

import (
	"github.com/ssegen/ssegen/gen/files"
	"github.com/ssegen/ssegen/gen/ts"
	"github.com/ssegen/ssegen/schema"
)

// tsTarget writes the TypeScript modules: types, validating decoders,
// encoders, channels and subscriptions per stream, over one connection.
var tsTarget = target{
	name:       "ts",
	optIn:      true,
	outFlag:    "ts-out",
	outDefault: "./frontend/ts",
	outUsage:   "directory of the TypeScript modules: one per stream, " + ts.TypesFile + ", " + ts.DecodeFile + " and " + ts.ConnectionFile + " with " + ts.ConnectionTypesFile,
	check:      func(m *schema.Model, _ *options) schema.ErrorList { return ts.Check(m) },
	generate: func(m *schema.Model, _ *options, _ string) ([]files.File, error) {
		return ts.Generate(m, ts.Options{})
	},
	// types.ts goes when the last shared type does; stream modules go with
	// their stream.
	dirs: func(*options) []string { return []string{"."} },
}
