package schema

import (
	"cmp"
	"go/constant"
	"go/types"
	"slices"
	"strings"
)

// enum returns the Enum of a named string or integer type that has at
// least one constant of that type declared in its own package, or nil
// when t is not an enum. Constants of other packages are exported ones
// only: generated code could not name the others. Types of the standard
// library are never enums: their constants are units and flags
// (time.Duration's Second, fs.FileMode's ModeDir), not every value.
func (l *loader) enum(t *types.Named) *Enum {
	if e, ok := l.enums[t]; ok {
		return e
	}
	b, ok := t.Underlying().(*types.Basic)
	if !ok || b.Info()&(types.IsString|types.IsInteger) == 0 || b.Kind() == types.Uintptr {
		return nil
	}
	obj := t.Obj()
	if obj.Pkg() == nil || isStandard(obj.Pkg().Path()) {
		return nil
	}
	local := obj.Pkg() == l.pkg.Types
	var consts []*types.Const
	scope := obj.Pkg().Scope()
	for _, name := range scope.Names() {
		c, ok := scope.Lookup(name).(*types.Const)
		if !ok || name == "_" || (!local && !c.Exported()) || !types.Identical(c.Type(), t) {
			continue
		}
		consts = append(consts, c)
	}
	if len(consts) == 0 {
		return nil
	}
	// Source order, also across files and for packages read from export
	// data, where token positions alone do not order files.
	slices.SortFunc(consts, func(a, b *types.Const) int {
		pa, pb := l.objPos(a), l.objPos(b)
		if c := cmp.Compare(pa.File, pb.File); c != 0 {
			return c
		}
		if c := cmp.Compare(pa.Line, pb.Line); c != 0 {
			return c
		}
		return cmp.Compare(pa.Col, pb.Col)
	})
	kind := KindInt
	switch {
	case b.Info()&types.IsString != 0:
		kind = KindString
	case b.Info()&types.IsUnsigned != 0:
		kind = KindUint
	}
	e := &Enum{
		Name:    obj.Name(),
		PkgPath: obj.Pkg().Path(),
		Doc:     l.docs[obj],
		Kind:    kind,
		Basic:   types.Typ[b.Kind()].Name(),
		Values:  []*EnumValue{},
		Pos:     l.objPos(obj),
	}
	seen := map[string]*types.Const{}
	for _, c := range consts {
		value := c.Val().ExactString()
		if kind == KindString {
			value = constant.StringVal(c.Val())
		}
		if first, dup := seen[value]; dup {
			l.fail(l.objPos(c), "enum %s: constants %s and %s (at %s) have the same value %q, so decoding could not tell them apart: "+fixStart+"give each constant its own value, or make one a plain const without the type", obj.Name(), c.Name(), first.Name(), l.where(first), value)
			continue
		}
		seen[value] = c
		e.Values = append(e.Values, &EnumValue{GoName: c.Name(), Value: value, Doc: l.docs[c], Pos: l.objPos(c)})
	}
	if isForeignPos(e.Pos) {
		l.noteUse(t)
	}
	l.enums[t] = e
	return e
}

// isStandard reports whether an import path belongs to the standard
// library, whose first path element has no dot.
func isStandard(path string) bool {
	first, _, _ := strings.Cut(path, "/")
	return !strings.Contains(first, ".")
}
