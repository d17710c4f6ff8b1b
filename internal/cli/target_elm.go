package cli

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/spf13/pflag"

	"github.com/ssegen/ssegen/gen/elm"
	"github.com/ssegen/ssegen/gen/files"
	"github.com/ssegen/ssegen/schema"
)

// elmModuleName is what Elm accepts as a module name: dot-separated parts,
// each an upper-case letter followed by letters, digits or underscores.
var elmModuleName = regexp.MustCompile(`^[A-Z][A-Za-z0-9_]*(\.[A-Z][A-Za-z0-9_]*)*$`)

// elmTarget writes the Elm modules: types, decoders, encoders and
// subscriptions per stream, and the ports module.
var elmTarget = target{
	name:       "elm",
	outFlag:    "elm-out",
	outDefault: "./frontend/src",
	outUsage:   "Elm source directory the modules go into, under the --elm-prefix path",
	flags: func(fs *pflag.FlagSet, o *options) {
		fs.StringVar(&o.elmPrefix, "elm-prefix", elm.DefaultPrefix, "module prefix of the generated Elm modules, such as Sse or Api.Events")
	},
	validate: func(o *options) error {
		if !elmModuleName.MatchString(o.elmPrefix) {
			return fmt.Errorf("--elm-prefix %q is not an Elm module name: dot-separated parts that begin with an upper-case letter, such as Sse or Api.Events", o.elmPrefix)
		}
		return nil
	},
	check: func(m *schema.Model, _ *options) schema.ErrorList { return elm.Check(m) },
	generate: func(m *schema.Model, o *options, _ string) ([]files.File, error) {
		return elm.Generate(m, elm.Options{Prefix: o.elmPrefix})
	},
	// Every module lives in the prefix's directory; the rest of the source
	// directory is the application's.
	dirs: func(o *options) []string { return []string{strings.ReplaceAll(o.elmPrefix, ".", "/")} },
}
