package schema

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"
)

// collectDocs maps the types, struct fields and constants declared in
// files to their doc comments. A declaration without a comment above it
// falls back to the comment at the end of its line.
func collectDocs(files []*ast.File, info *types.Info) map[types.Object]string {
	docs := map[types.Object]string{}
	put := func(id *ast.Ident, groups ...*ast.CommentGroup) {
		if id == nil {
			return
		}
		obj := info.Defs[id]
		if obj == nil {
			return
		}
		for _, g := range groups {
			if text := docText(g); text != "" {
				docs[obj] = text
				return
			}
		}
	}
	for _, f := range files {
		for _, decl := range f.Decls {
			gd, ok := decl.(*ast.GenDecl)
			if !ok {
				continue
			}
			// A lone declaration without parentheses carries its doc on
			// the GenDecl; inside parentheses each spec has its own.
			var declDoc *ast.CommentGroup
			if !gd.Lparen.IsValid() {
				declDoc = gd.Doc
			}
			for _, spec := range gd.Specs {
				switch spec := spec.(type) {
				case *ast.TypeSpec:
					put(spec.Name, spec.Doc, declDoc, spec.Comment)
				case *ast.ValueSpec:
					for _, name := range spec.Names {
						put(name, spec.Doc, declDoc, spec.Comment)
					}
				}
			}
		}
		ast.Inspect(f, func(n ast.Node) bool {
			st, ok := n.(*ast.StructType)
			if !ok {
				return true
			}
			for _, field := range st.Fields.List {
				if len(field.Names) == 0 {
					put(embeddedIdent(field.Type), field.Doc, field.Comment)
				}
				for _, name := range field.Names {
					put(name, field.Doc, field.Comment)
				}
			}
			return true
		})
	}
	return docs
}

// embeddedIdent returns the identifier that names an embedded field:
// T, *T, pkg.T and T[A] all name the field T.
func embeddedIdent(expr ast.Expr) *ast.Ident {
	for {
		switch e := expr.(type) {
		case *ast.Ident:
			return e
		case *ast.StarExpr:
			expr = e.X
		case *ast.SelectorExpr:
			return e.Sel
		case *ast.IndexExpr:
			expr = e.X
		case *ast.IndexListExpr:
			expr = e.X
		case *ast.ParenExpr:
			expr = e.X
		default:
			return nil
		}
	}
}

// docText is a comment's text without comment markers and directives
// (such as //ssegen:channel), and without the trailing newline.
func docText(g *ast.CommentGroup) string {
	if g == nil {
		return ""
	}
	return strings.TrimRight(g.Text(), "\n")
}

// objPos is the position of a declared object.
func (l *loader) objPos(obj types.Object) Pos {
	return l.pos.pos(obj.Pos())
}

// tokenPos is a helper for positions of syntax nodes.
func (l *loader) tokenPos(p token.Pos) Pos {
	return l.pos.pos(p)
}
