package golang

import (
	"bytes"
	_ "embed"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"path"
	"regexp"
	"strconv"

	"golang.org/x/tools/go/ast/astutil"
)

// helperSource is the file of JSON helpers that generated packages carry:
// a real, tested package in internal/jsonenc.
//
//go:embed internal/jsonenc/append.go
var helperSource []byte

// helperName matches the names of helpers where code uses them; every
// helper's name starts with "ssegen" and a capital letter.
var helperName = regexp.MustCompile(`\bssegen[A-Z][A-Za-z0-9]*\b`)

// helper is one top-level declaration of the helper file.
type helper struct {
	name string
	text []byte // with its doc comment
}

// parseHelpers splits the helper file into its declarations, in order,
// and lists its imports.
func parseHelpers() ([]helper, []string, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "append.go", helperSource, parser.ParseComments|parser.SkipObjectResolution)
	if err != nil {
		return nil, nil, fmt.Errorf("parsing the helpers: %w", err)
	}
	var imports []string
	for _, imp := range f.Imports {
		p, err := strconv.Unquote(imp.Path.Value)
		if err != nil {
			return nil, nil, err
		}
		imports = append(imports, p)
	}
	var out []helper
	for _, d := range f.Decls {
		start, name := d.Pos(), ""
		switch d := d.(type) {
		case *ast.FuncDecl:
			name = d.Name.Name
			if d.Recv != nil {
				// A method goes with its type.
				name = recvName(d.Recv.List[0].Type)
			}
			if d.Doc != nil {
				start = d.Doc.Pos()
			}
		case *ast.GenDecl:
			if d.Tok == token.IMPORT {
				continue
			}
			if d.Doc != nil {
				start = d.Doc.Pos()
			}
			switch s := d.Specs[0].(type) {
			case *ast.ValueSpec:
				name = s.Names[0].Name
			case *ast.TypeSpec:
				name = s.Name.Name
			}
		}
		text := helperSource[fset.Position(start).Offset:fset.Position(d.End()).Offset]
		out = append(out, helper{name: name, text: text})
	}
	return out, imports, nil
}

// appendHelpers adds to the shared file the helpers that the generated
// files use (and those these use in turn), with their imports, so that
// generated code depends on nothing but the standard library and the
// runtime, and carries no dead code.
func appendHelpers(shared []byte, generated [][]byte) ([]byte, error) {
	helpers, imports, err := parseHelpers()
	if err != nil {
		return nil, err
	}
	byName := map[string][]helper{}
	for _, h := range helpers {
		byName[h.name] = append(byName[h.name], h)
	}
	needed := map[string]bool{}
	var visit func(src []byte)
	visit = func(src []byte) {
		for _, m := range helperName.FindAll(src, -1) {
			name := string(m)
			if hs, ok := byName[name]; ok && !needed[name] {
				needed[name] = true
				for _, h := range hs {
					visit(h.text)
				}
			}
		}
	}
	for _, src := range generated {
		visit(src)
	}
	if len(needed) == 0 {
		return shared, nil
	}
	var merged, used bytes.Buffer
	merged.Write(shared)
	merged.WriteString("\n// The JSON helpers below write exactly what encoding/json writes.\n\n")
	for _, h := range helpers {
		if needed[h.name] {
			merged.Write(h.text)
			merged.WriteString("\n\n")
			used.Write(h.text)
		}
	}
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, SharedFile, merged.Bytes(), parser.ParseComments|parser.SkipObjectResolution)
	if err != nil {
		return nil, fmt.Errorf("merging the helpers: %w", err)
	}
	// The helpers import only standard packages, each named after the
	// last element of its path, so a qualified use shows in the text.
	for _, p := range imports {
		name := path.Base(p)
		if regexp.MustCompile(`\b` + name + `\.`).Match(used.Bytes()) {
			astutil.AddImport(fset, f, p)
		}
	}
	var out bytes.Buffer
	if err := format.Node(&out, fset, f); err != nil {
		return nil, fmt.Errorf("formatting %s: %w", SharedFile, err)
	}
	return out.Bytes(), nil
}

// recvName is the name of a method's receiver type: T in (T), (*T) and
// (*T[K]).
func recvName(x ast.Expr) string {
	for {
		switch e := x.(type) {
		case *ast.StarExpr:
			x = e.X
		case *ast.IndexExpr:
			x = e.X
		case *ast.IndexListExpr:
			x = e.X
		case *ast.Ident:
			return e.Name
		default:
			return ""
		}
	}
}
