package cli

import (
	"errors"
	"fmt"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"golang.org/x/mod/modfile"

	"github.com/ssegen/ssegen/internal/scaffold"
)

func newInitCmd() *cobra.Command {
	o := &options{}
	cmd := &cobra.Command{
		Use:   "init",
		Short: "Start a models package with three example streams",
		Long: `Init creates the models directory with three example streams (comment,
notification and system) and a doc.go whose //go:generate directive runs
ssegen generate with this command's output flags, rewritten relative to the
models directory (go generate runs there). It refuses to overwrite any file.

Then install ssegen as a tool of the module and generate:

  go get -tool github.com/ssegen/ssegen/cmd/ssegen
  go generate ./models/sse`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if _, err := o.selected(); err != nil {
				return err
			}
			args, err := directiveArgs(cmd, o)
			if err != nil {
				return err
			}
			fls, err := scaffold.Files(scaffold.Params{Package: packageName(o.models), GenerateArgs: args})
			if err != nil {
				return usageError{err}
			}
			return writeScaffold(cmd, o.models, fls)
		},
	}
	o.addModelsFlag(cmd)
	o.addTargetFlags(cmd)
	return cmd
}

// directiveArgs are the arguments of `ssegen generate` as run by go
// generate from the models directory: --models . and the output flags made
// relative to the models directory, plus any other flag given to init.
func directiveArgs(cmd *cobra.Command, o *options) ([]string, error) {
	args := []string{"--models", "."}
	models, err := filepath.Abs(o.models)
	if err != nil {
		return nil, err
	}
	for _, t := range registry {
		p := *o.out[t.name]
		if p == "" {
			continue // the models directory itself, the default
		}
		if t.optIn && !slices.Contains(o.targets, t.name) {
			continue // not run, so its directory need not be named
		}
		abs, err := filepath.Abs(p)
		if err != nil {
			return nil, err
		}
		rel, err := filepath.Rel(models, abs)
		if err != nil {
			return nil, usageError{fmt.Errorf("--%s %s: %v", t.outFlag, p, err)}
		}
		args = append(args, "--"+t.outFlag, filepath.ToSlash(rel))
	}
	outFlags := map[string]bool{"models": true}
	for _, t := range registry {
		outFlags[t.outFlag] = true
	}
	cmd.Flags().Visit(func(f *pflag.Flag) {
		if outFlags[f.Name] {
			return
		}
		v := f.Value.String()
		if sv, ok := f.Value.(pflag.SliceValue); ok {
			v = strings.Join(sv.GetSlice(), ",")
		}
		args = append(args, "--"+f.Name, v)
	})
	return args, nil
}

// packageName is the Go package name for a models directory: its base name
// when that is a valid one, else "sse".
func packageName(dir string) string {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "sse"
	}
	name := filepath.Base(abs)
	if token.IsIdentifier(name) && name != "_" && strings.ToLower(name) == name && !token.IsKeyword(name) {
		return name
	}
	return "sse"
}

// writeScaffold writes fls into dir, checking first that none of them
// exists, so that init either writes everything or nothing.
func writeScaffold(cmd *cobra.Command, dir string, fls []scaffold.File) error {
	stderr := cmd.ErrOrStderr()
	var exist []string
	for _, f := range fls {
		p := filepath.Join(dir, f.Name)
		if _, err := os.Lstat(p); err == nil {
			exist = append(exist, p)
		} else if !errors.Is(err, fs.ErrNotExist) {
			fmt.Fprintf(stderr, "ssegen: %v\n", err)
			return exitCode(ExitFailed)
		}
	}
	if len(exist) > 0 {
		for _, p := range exist {
			fmt.Fprintf(stderr, "ssegen: %s already exists; init overwrites nothing\n", filepath.ToSlash(p))
		}
		return exitCode(ExitFailed)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		fmt.Fprintf(stderr, "ssegen: %v\n", err)
		return exitCode(ExitFailed)
	}
	out := cmd.OutOrStdout()
	for _, f := range fls {
		p := filepath.Join(dir, f.Name)
		if err := writeNew(p, f.Content); err != nil {
			fmt.Fprintf(stderr, "ssegen: %v\n", err)
			return exitCode(ExitFailed)
		}
		fmt.Fprintf(out, "created %s\n", filepath.ToSlash(p))
	}
	fmt.Fprintf(out, "\nNext, from the module root:\n")
	// Run as `go tool ssegen init`, the module has the tool already.
	if !hasTool(dir) {
		fmt.Fprintf(out, "  go get -tool %s\n", toolPath)
	}
	fmt.Fprintf(out, "  go generate ./%s\n", filepath.ToSlash(filepath.Clean(dir)))
	return nil
}

// toolPath is the package the go:generate directive runs with `go tool`.
const toolPath = modulePath + "/cmd/ssegen"

// hasTool reports whether the module that holds dir lists ssegen as a
// tool (`go get -tool` was run), so that init need not ask for it.
func hasTool(dir string) bool {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return false
	}
	for d := abs; ; d = filepath.Dir(d) {
		data, err := os.ReadFile(filepath.Join(d, "go.mod"))
		if err == nil {
			f, err := modfile.Parse(filepath.Join(d, "go.mod"), data, nil)
			return err == nil && slices.ContainsFunc(f.Tool, func(t *modfile.Tool) bool { return t.Path == toolPath })
		}
		if filepath.Dir(d) == d {
			return false
		}
	}
}

// writeNew creates a file that must not exist yet, even if one appeared
// after the check in writeScaffold.
func writeNew(p string, content []byte) error {
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	if _, err := f.Write(content); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
