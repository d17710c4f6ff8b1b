package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"

	"golang.org/x/mod/modfile"

	"github.com/ssegen/ssegen/gen/files"
	"github.com/ssegen/ssegen/gen/golang"
	"github.com/ssegen/ssegen/schema"
)

// goTarget writes the Go publishers, encoders and routes.
var goTarget = target{
	name:     "go",
	outFlag:  "go-out",
	outUsage: "directory of the generated Go code (default: the --models directory, so that the code joins the models package)",
	generate: func(m *schema.Model, o *options, dir string) ([]files.File, error) {
		pkgPath, err := goPackagePath(o.models, dir)
		if err != nil {
			return nil, err
		}
		return golang.Generate(m, golang.Options{PkgPath: pkgPath})
	},
	// The Go output is one flat package directory: all of it is managed.
	dirs: func(*options) []string { return []string{"."} },
}

// goPackagePath returns the import path of the package in dir, which need
// not exist yet: "" when it is the models directory itself, else the path
// of the module above dir joined with dir's place in it.
func goPackagePath(models, dir string) (string, error) {
	absModels, err := filepath.Abs(models)
	if err != nil {
		return "", err
	}
	absDir, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	if absDir == absModels {
		return "", nil
	}
	for root := absDir; ; root = filepath.Dir(root) {
		data, err := os.ReadFile(filepath.Join(root, "go.mod"))
		if err == nil {
			mod := modfile.ModulePath(data)
			if mod == "" {
				return "", fmt.Errorf("%s: no module line", filepath.Join(root, "go.mod"))
			}
			rel, err := filepath.Rel(root, absDir)
			if err != nil {
				return "", err
			}
			return path.Join(mod, filepath.ToSlash(rel)), nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return "", err
		}
		if filepath.Dir(root) == root {
			return "", fmt.Errorf("--go-out %s is in no Go module: no go.mod in it or above it", dir)
		}
	}
}
