package schema

import (
	"go/types"
)

// record builds the Record of a struct type once: its JSON fields, each
// with its type. Callers check for recursion first (see typeOf).
func (l *loader) record(named *types.Named) *Record {
	if r, ok := l.records[named]; ok {
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
	l.building[named] = true
	defer delete(l.building, named)

	fields, skipped := l.collectFields(named)
	inJSON := make(map[*types.Var]bool, len(fields))
	for _, jf := range fields {
		inJSON[jf.v] = true
		r.Fields = append(r.Fields, l.field(jf))
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
	f.Type = l.typeOf(v.Type(), v, "field "+v.Name())
	if f.OmitZero {
		l.checkIsZero(v)
	}
	return f
}

// pkgPath is the import path of the package that declares obj.
func pkgPath(obj types.Object) string {
	if obj.Pkg() == nil {
		return ""
	}
	return obj.Pkg().Path()
}
