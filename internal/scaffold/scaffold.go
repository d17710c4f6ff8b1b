// Package scaffold holds the starting models package that `ssegen init`
// writes: the three example streams (comment, notification, system) and a
// doc.go that regenerates the output with go generate.
package scaffold

import (
	"bytes"
	"embed"
	"fmt"
	"go/format"
	"go/token"
	"io/fs"
	"path"
	"strings"
	"text/template"
)

//go:embed templates/*.tmpl
var templates embed.FS

// Params fill in the templates.
type Params struct {
	// Package is the Go package name of the models package, e.g. "sse".
	Package string
	// GenerateArgs are the arguments after `ssegen generate` in doc.go's
	// go:generate directive, e.g. ["--models", ".", "--elm-out", "../../frontend/src"].
	GenerateArgs []string
}

// File is one scaffolded file: a name within the models directory and its
// content.
type File struct {
	Name    string
	Content []byte
}

// Files renders the scaffold, sorted by name. Every file is gofmt-formatted
// Go source.
func Files(p Params) ([]File, error) {
	if !token.IsIdentifier(p.Package) || p.Package == "_" {
		return nil, fmt.Errorf("%q is not a valid Go package name", p.Package)
	}
	for _, a := range p.GenerateArgs {
		if a == "" || strings.ContainsAny(a, " \t\n\r\"'`\\") {
			return nil, fmt.Errorf("go:generate argument %q must be a plain word", a)
		}
	}
	names, err := fs.Glob(templates, "templates/*.tmpl")
	if err != nil {
		return nil, err
	}
	data := struct {
		Package string
		Args    string
	}{Package: p.Package}
	for _, a := range p.GenerateArgs {
		data.Args += " " + a
	}
	var out []File
	for _, n := range names {
		t, err := template.ParseFS(templates, n)
		if err != nil {
			return nil, err
		}
		var buf bytes.Buffer
		if err := t.Execute(&buf, data); err != nil {
			return nil, err
		}
		src, err := format.Source(buf.Bytes())
		if err != nil {
			return nil, fmt.Errorf("scaffold %s: %v", n, err)
		}
		out = append(out, File{Name: strings.TrimSuffix(path.Base(n), ".tmpl"), Content: src})
	}
	return out, nil
}
