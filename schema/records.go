package schema

import (
	"go/types"
)

// record builds the Record of a struct type once: its JSON fields, each
// with its type. Callers check for recursion first (see typeOf).
func (l *loader) record(named *types.Named) *Record {
	if r, ok := l.records[named]; ok {
		if problem, failed := l.foreignProblems[named]; failed {
			l.failAgain(problem) // a foreign type used again: tell this use too
		}
		return r
	}
	obj := named.Obj()
	r := &Record{
		Name:    obj.Name(),
		PkgPath: pkgPath(obj),
		Doc:     l.docs[obj],
		Fields:  []*Field{},
		Pos:     l.objPos(obj),
	}
	if isForeignPos(r.Pos) {
		l.noteUse(named)
	}
	if isForeignPos(r.Pos) && l.entry == nil {
		// The outermost foreign record on the way: a problem inside it
		// is remembered for its other uses.
		l.entry = named
		defer func() { l.entry = nil }()
	}
	l.building[named] = true
	defer delete(l.building, named)

	fields, skipped := l.collectFields(named)
	inJSON := make(map[*types.Var]bool, len(fields))
	for _, jf := range fields {
		inJSON[jf.v] = true
		leave := l.enterField(named, jf.v, jf.path)
		r.Fields = append(r.Fields, l.field(jf))
		leave()
	}
	if len(fields) == 0 && hasUnexportedFields(named) {
		hint := "export its fields"
		if fieldsFrom(named, "time") {
			hint = "a type defined from time.Time loses its methods; use time.Time itself"
		}
		l.fail(r.Pos, "%s has fields, but none is exported, so encoding/json writes it as {}: "+fixStart+"%s", r.Name, hint)
	}
	l.jsonFields[named] = inJSON
	l.skipped[named] = map[*types.Var]bool{}
	for _, v := range skipped {
		l.skipped[named][v] = true
	}
	l.records[named] = r
	return r
}

// field builds one JSON field.
func (l *loader) field(jf jfield) *Field {
	v := jf.v
	f := &Field{
		GoName:    v.Name(),
		Path:      jf.path,
		JSONName:  jf.name,
		OmitEmpty: jf.tag.omitEmpty,
		OmitZero:  jf.tag.omitZero,
		String:    jf.tag.str && quotable(v.Type()),
		Doc:       l.docs[v],
		Pos:       l.objPos(v),
	}
	l.markUsed(v.Type())
	f.Type = l.typeOf(v.Type(), v, "field "+v.Name())
	if f.OmitZero {
		l.checkIsZero(v, f.Type)
	}
	if f.String && writesItself(f.Type) {
		// encoding/json writes such a value by its method, ignoring the
		// option, but then refuses to read it back.
		l.fail(l.objPos(v), "field %s has the string tag option, but its type %s writes its own JSON, which the option does not change, and encoding/json then refuses to decode it: "+fixStart+"remove ,string", v.Name(), l.typeString(v.Type()))
		f.String = false
	}
	return f
}

// hasUnexportedFields reports whether a struct declares unexported fields.
func hasUnexportedFields(named *types.Named) bool {
	st := named.Underlying().(*types.Struct)
	for i := range st.NumFields() {
		if !st.Field(i).Exported() {
			return true
		}
	}
	return false
}

// fieldsFrom reports whether a struct's first field is declared in the
// package path, as for a type defined from a struct of that package.
func fieldsFrom(named *types.Named, path string) bool {
	st := named.Underlying().(*types.Struct)
	return st.NumFields() > 0 && st.Field(0).Pkg() != nil && st.Field(0).Pkg().Path() == path
}

// pkgPath is the import path of the package that declares obj.
func pkgPath(obj types.Object) string {
	if obj.Pkg() == nil {
		return ""
	}
	return obj.Pkg().Path()
}

// writesItself reports whether t, or its pointee, is a type with its own
// MarshalJSON or MarshalText.
func writesItself(t *Type) bool {
	if t != nil && t.Kind == KindPointer {
		t = t.Elem
	}
	return t != nil && (t.Kind == KindText || t.Kind == KindJSON)
}
