package cli

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"
)

// defaultModels is where a project keeps its stream files.
const defaultModels = "./models/sse"

// options are the flags shared by the commands that load a models package.
type options struct {
	models  string
	targets []string
	// out holds each target's output directory flag, by target name.
	out map[string]*string
	// elmPrefix is the module prefix of the Elm output.
	elmPrefix string
}

// addModelsFlag registers --models.
func (o *options) addModelsFlag(cmd *cobra.Command) {
	fs := cmd.Flags()
	fs.StringVar(&o.models, "models", defaultModels,
		"directory of the models package, the one holding the <name>_sse.go files")
	_ = cobra.MarkFlagDirname(fs, "models")
}

// addTargetFlags registers --targets and every target's own flags.
func (o *options) addTargetFlags(cmd *cobra.Command) {
	fs := cmd.Flags()
	names := targetNames()
	fs.StringSliceVar(&o.targets, "targets", defaultTargets(),
		fmt.Sprintf("generators to run, comma-separated, from: %s", strings.Join(names, ", ")))
	_ = cmd.RegisterFlagCompletionFunc("targets", cobra.FixedCompletions(names, cobra.ShellCompDirectiveNoFileComp))
	o.out = map[string]*string{}
	for _, t := range registry {
		o.out[t.name] = fs.String(t.outFlag, t.outDefault, t.outUsage)
		_ = cobra.MarkFlagDirname(fs, t.outFlag)
		if t.flags != nil {
			t.flags(fs, o)
		}
	}
}

// selected returns the targets chosen by --targets, in registry order, or
// a usage error naming an unknown one.
func (o *options) selected() ([]target, error) {
	if len(o.targets) == 0 {
		return nil, usageError{fmt.Errorf("--targets names no generator (choose from: %s)", strings.Join(targetNames(), ", "))}
	}
	for _, name := range o.targets {
		if !slices.Contains(targetNames(), name) {
			return nil, usageError{fmt.Errorf("unknown target %q in --targets (known: %s)", name, strings.Join(targetNames(), ", "))}
		}
	}
	var out []target
	for _, t := range registry {
		if slices.Contains(o.targets, t.name) {
			out = append(out, t)
		}
	}
	for _, t := range out {
		if t.validate != nil {
			if err := t.validate(o); err != nil {
				return nil, usageError{err}
			}
		}
	}
	return out, nil
}

// outDir is where target t writes: its flag, or the models directory when
// the flag is empty (generated Go joins the models package by default).
func (o *options) outDir(t target) string {
	if p := o.out[t.name]; p != nil && *p != "" {
		return filepath.Clean(*p)
	}
	return filepath.Clean(o.models)
}

// noArgs refuses positional arguments with a hint, since a directory given
// without --models is the likely mistake.
func noArgs(cmd *cobra.Command, args []string) error {
	if len(args) > 0 {
		return fmt.Errorf("%s takes no arguments, got %q (directories are given with flags such as --models)", cmd.CommandPath(), args[0])
	}
	return nil
}
