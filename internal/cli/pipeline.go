package cli

import (
	"errors"
	"fmt"
	"io"

	"github.com/ssegen/ssegen/gen/files"
	"github.com/ssegen/ssegen/schema"
)

// pathsHelp explains relative paths in the help of every command that
// takes them.
const pathsHelp = `Relative paths are taken from the working directory. go generate runs a
directive in the directory of the file holding it, so a //go:generate line in
the models package passes --models . and output paths relative to that
package, for example:

  //go:generate go tool ssegen generate --models . --elm-out ../../frontend/src --js-out ../../frontend/js`

// load reads and validates the models package. On failure it prints the
// errors to stderr, one per line, and returns the exit code to end with.
func load(o *options, stderr io.Writer, code int) (*schema.Model, error) {
	m, err := schema.Load(o.models)
	if err != nil {
		printErrors(stderr, err)
		return nil, exitCode(code)
	}
	return m, nil
}

// render is the part generate, diff and check share: choose the targets,
// load and validate the models, run every check and generator. Errors are
// printed to stderr and come back as the exit code to end with.
func render(o *options, stderr io.Writer, code int) ([]files.Output, error) {
	targets, err := o.selected()
	if err != nil {
		return nil, err
	}
	m, err := load(o, stderr, code)
	if err != nil {
		return nil, err
	}
	return outputs(m, o, targets, stderr, code)
}

// outputs runs the checks and generators of the selected targets over m,
// all before anything is written, so that one failure writes nothing.
func outputs(m *schema.Model, o *options, targets []target, stderr io.Writer, code int) ([]files.Output, error) {
	var problems schema.ErrorList
	for _, t := range targets {
		if t.check != nil {
			problems = append(problems, t.check(m, o)...)
		}
	}
	if len(problems) > 0 {
		printErrors(stderr, problems)
		return nil, exitCode(code)
	}
	// Every generator runs even after one fails, so that one run reports
	// all there is to fix.
	var outs []files.Output
	failed := false
	for _, t := range targets {
		dir := o.outDir(t)
		fs, err := t.generate(m, o, dir)
		if err != nil {
			printErrors(stderr, err)
			failed = true
			continue
		}
		out := files.Output{Root: dir, Files: fs}
		if t.dirs != nil {
			out.Dirs = t.dirs(o)
		}
		outs = append(outs, out)
	}
	if failed {
		return nil, exitCode(code)
	}
	return outs, nil
}

// printErrors writes err to w: a schema.ErrorList as one sorted
// `file:line:col: msg` line per error (the loader names files relative to
// the working directory, as the user typed them), anything else as one
// `ssegen: ` line.
func printErrors(w io.Writer, err error) {
	var list schema.ErrorList
	var one *schema.Error
	switch {
	case errors.As(err, &list):
	case errors.As(err, &one):
		list = schema.ErrorList{one}
	default:
		if many, ok := err.(interface{ Unwrap() []error }); ok {
			for _, e := range many.Unwrap() {
				printErrors(w, e)
			}
			return
		}
		fmt.Fprintf(w, "ssegen: %v\n", err)
		return
	}
	list = append(schema.ErrorList(nil), list...)
	list.Sort()
	for _, e := range list {
		fmt.Fprintln(w, e.Error())
	}
}
