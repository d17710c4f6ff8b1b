package cli

import (
	"github.com/spf13/pflag"

	"github.com/ssegen/ssegen/gen/files"
	"github.com/ssegen/ssegen/schema"
)

// target is one generator as the CLI sees it. Adding a generator is adding
// one entry to registry.
type target struct {
	// name is the target's name in --targets.
	name string
	// optIn targets run only when --targets names them, so that adding
	// a frontend does not change what a plain `ssegen generate` writes.
	optIn bool
	// outFlag names the flag of the output directory; outDefault is its
	// default, "" meaning the models directory; outUsage is its help.
	outFlag, outDefault, outUsage string
	// flags registers the target's other flags, if any, into options.
	flags func(fs *pflag.FlagSet, o *options)
	// validate checks the target's flags; its error is a usage error.
	validate func(o *options) error
	// check finds the problems only this output has (such as names that
	// clash in Elm); nil when there are none to find.
	check func(m *schema.Model, o *options) schema.ErrorList
	// generate renders the model into files under dir, the output
	// directory.
	generate func(m *schema.Model, o *options, dir string) ([]files.File, error)
	// dirs are extra directories under the output directory whose stale
	// ssegen files are removed (see files.Output.Dirs); nil for none.
	dirs func(o *options) []string
}

// registry lists the generators, in the order they run.
var registry = []target{goTarget, elmTarget, jsTarget, tsTarget, asyncAPITarget}

// defaultTargets returns the names of the targets that run when
// --targets is not given.
func defaultTargets() []string {
	var names []string
	for _, t := range registry {
		if !t.optIn {
			names = append(names, t.name)
		}
	}
	return names
}

// targetNames returns the names of every registered target.
func targetNames() []string {
	names := make([]string, len(registry))
	for i, t := range registry {
		names[i] = t.name
	}
	return names
}
