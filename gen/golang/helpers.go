package golang

import (
	"bytes"
	_ "embed"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"strconv"

	"golang.org/x/tools/go/ast/astutil"
)

// helperSource is the file of JSON helpers that every generated package
// carries: a real, tested package in internal/jsonenc.
//
//go:embed internal/jsonenc/append.go
var helperSource []byte

// appendHelpers adds the helpers' declarations and imports to the shared
// file, so that generated code depends on nothing but the standard
// library and the runtime.
func appendHelpers(shared []byte) ([]byte, error) {
	fset := token.NewFileSet()
	h, err := parser.ParseFile(fset, "append.go", helperSource, parser.ParseComments|parser.SkipObjectResolution)
	if err != nil {
		return nil, fmt.Errorf("parsing the helpers: %w", err)
	}
	// Everything after the import declaration is copied as text, so that
	// its comments stay where they are.
	var last ast.Decl
	for _, d := range h.Decls {
		if gd, ok := d.(*ast.GenDecl); ok && gd.Tok == token.IMPORT {
			last = d
		}
	}
	if last == nil {
		return nil, fmt.Errorf("the helpers have no imports")
	}
	body := helperSource[fset.Position(last.End()).Offset:]
	var merged bytes.Buffer
	merged.Write(shared)
	merged.WriteString("\n// The JSON helpers below write exactly what encoding/json writes.\n")
	merged.Write(bytes.TrimLeft(body, "\n"))

	fset = token.NewFileSet()
	f, err := parser.ParseFile(fset, SharedFile, merged.Bytes(), parser.ParseComments|parser.SkipObjectResolution)
	if err != nil {
		return nil, fmt.Errorf("merging the helpers: %w", err)
	}
	for _, imp := range h.Imports {
		p, err := strconv.Unquote(imp.Path.Value)
		if err != nil {
			return nil, err
		}
		astutil.AddImport(fset, f, p)
	}
	var out bytes.Buffer
	if err := format.Node(&out, fset, f); err != nil {
		return nil, fmt.Errorf("formatting %s: %w", SharedFile, err)
	}
	return out.Bytes(), nil
}
