package schema

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"
)

// jsonDirective names the directive that declares the JSON form of a type
// with its own MarshalJSON:
//
//	//ssegen:json <type> <form>
//
// <type> is a Go type as the file that holds the directive writes it
// (decimal.Decimal, Money), or by import path (github.com/shopspring/decimal.Decimal);
// <form> is a Go type whose JSON is the same (string, float64, bool,
// MoneyJSON, []string). The directive may stand in any file of the models
// package, so that go generate needs no configuration file.
const jsonDirective = "json"

// formDecl is one declared JSON form.
type formDecl struct {
	form types.Type
	pos  token.Pos
	text string // the directive's <form>, for messages
}

// builtinForms are the JSON forms of well-known types whose MarshalJSON
// writes one kind of value, keyed by "<import path>.<name>". A directive
// overrides them.
var builtinForms = map[string]types.Type{
	// Decimal.MarshalJSON writes a quoted decimal string (unless the
	// application sets decimal.MarshalJSONWithoutQuotes; then declare
	// //ssegen:json decimal.Decimal float64).
	"github.com/shopspring/decimal.Decimal": types.Typ[types.String],
	// (*big.Int).MarshalJSON writes a JSON number of any size.
	"math/big.Int": types.Typ[types.Int64],
	// NullDecimal and NullUUID write null, or the string of their value.
	"github.com/shopspring/decimal.NullDecimal": types.NewPointer(types.Typ[types.String]),
	"github.com/google/uuid.NullUUID":           types.NewPointer(types.Typ[types.String]),
}

// readForms collects the //ssegen:json directives of every file of the
// models package, reporting malformed and repeated ones.
func (l *loader) readForms() {
	l.forms = map[*types.TypeName]*formDecl{}
	for _, f := range l.pkg.Syntax {
		for _, g := range f.Comments {
			for _, c := range g.List {
				if isJSONDirective(c.Text) {
					l.readForm(c, strings.Fields(strings.TrimPrefix(c.Text, directivePrefix+jsonDirective)))
				}
			}
		}
	}
}

// readForm reads one //ssegen:json directive.
func (l *loader) readForm(c *ast.Comment, args []string) {
	pos := l.tokenPos(c.Pos())
	if len(args) != 2 {
		l.errs.Add(pos, "//ssegen:json needs a type and its JSON form: write //ssegen:json <type> <form>, e.g. //ssegen:json decimal.Decimal string")
		return
	}
	named := l.resolveNamed(c.Pos(), args[0])
	if named == nil {
		l.errs.Add(pos, "//ssegen:json: cannot find the type %s: name it as this file does (decimal.Decimal, with the package imported here) or by import path (github.com/shopspring/decimal.Decimal)", args[0])
		return
	}
	if receiverOf(named, marshalJSON) == noMethod {
		what := "is written by its shape"
		if receiverOf(named, marshalText) != noMethod {
			what = "is written by its MarshalText as a JSON string"
		}
		l.errs.Add(pos, "//ssegen:json: %s has no MarshalJSON method, so its JSON %s already: remove the directive", l.typeString(named), what)
		return
	}
	tv, err := types.Eval(l.pkg.Fset, l.pkg.Types, c.Pos(), args[1])
	if err != nil || !tv.IsType() {
		l.errs.Add(pos, "//ssegen:json: the form %s is not a Go type: write a type whose JSON is the same, such as string, float64, int64, bool or a struct type of yours", args[1])
		return
	}
	if types.Identical(tv.Type, named) {
		l.errs.Add(pos, "//ssegen:json: the form of %s cannot be %s itself: write a type whose JSON is the same, such as string or float64", args[0], args[1])
		return
	}
	if prev, dup := l.forms[named.Obj()]; dup {
		l.errs.Add(pos, "//ssegen:json: the form of %s is declared twice (also at line %d): keep one", args[0], l.tokenPos(prev.pos).Line)
		return
	}
	l.forms[named.Obj()] = &formDecl{form: tv.Type, pos: c.Pos(), text: args[1]}
}

// resolveNamed finds the named type a directive names: as the file at pos
// writes it, or as "<import path>.<Name>" of any package the models
// package imports, directly or not.
func (l *loader) resolveNamed(pos token.Pos, name string) *types.Named {
	if i := strings.LastIndex(name, "."); i > 0 && strings.Contains(name[:i], "/") {
		if pkg := findImport(l.pkg.Types, name[:i], map[*types.Package]bool{}); pkg != nil {
			if tn, ok := pkg.Scope().Lookup(name[i+1:]).(*types.TypeName); ok {
				named, _ := types.Unalias(tn.Type()).(*types.Named)
				return named
			}
		}
		return nil
	}
	tv, err := types.Eval(l.pkg.Fset, l.pkg.Types, pos, name)
	if err != nil || !tv.IsType() {
		return nil
	}
	named, _ := types.Unalias(tv.Type).(*types.Named)
	return named
}

// findImport searches the import graph of pkg for the package path.
func findImport(pkg *types.Package, path string, seen map[*types.Package]bool) *types.Package {
	if seen[pkg] {
		return nil
	}
	seen[pkg] = true
	if pkg.Path() == path {
		return pkg
	}
	for _, imp := range pkg.Imports() {
		if p := findImport(imp, path, seen); p != nil {
			return p
		}
	}
	return nil
}

// formType is the declared (or built-in) JSON form of t, a type with its
// own MarshalJSON, as a model Type; nil when none is declared and the JSON
// is opaque. ok is false when the form cannot be used.
func (l *loader) formType(t *types.Named, at types.Object, what string) (form *Type, ok bool) {
	var ft types.Type
	text := ""
	if d := l.forms[t.Obj()]; d != nil {
		ft, text = d.form, d.text
	} else if b := builtinForms[pkgPath(t.Obj())+"."+t.Obj().Name()]; b != nil {
		ft, text = b, b.String()
	}
	if ft == nil {
		return nil, true
	}
	l.building[t] = true
	defer delete(l.building, t)
	form = l.typeOf(ft, at, what+" ("+l.typeString(t)+", declared as the JSON of "+text+")")
	if form == nil {
		return nil, false
	}
	if form.Kind == KindJSON && form.Form == nil {
		l.errs.Add(l.objPos(at), "%s (%s): its declared JSON form %s writes opaque JSON itself: declare a form whose JSON ssegen knows", what, l.typeString(t), text)
		return nil, false
	}
	return form, true
}
