package schema

import (
	"go/types"
	"reflect"
	"strconv"
	"strings"
)

// anonymousStruct refuses a struct type written in place, showing the
// named type to declare instead.
//
// Every generated frontend needs a name for each record, and generated Go
// must name the type its encoder takes. Deriving names (<Event><Field>)
// would make a field's rename rename a frontend type, and users of
// gqlgen and sqlc expect the named Go types those tools bind to or
// generate. So ssegen asks for the named type, and writes it out.
func (l *loader) anonymousStruct(st *types.Struct, at types.Object, what string) {
	name := l.suggestedName(at)
	l.fail(l.objPos(at), "%s has an anonymous struct type, which frontends could not name: "+fixStart+"declare it as a named type and use that: type %s %s", what, name, l.structSource(st))
}

// suggestedName derives a free type name from the struct and field that
// hold an anonymous struct: MovedFrom for the field From of Moved.
func (l *loader) suggestedName(at types.Object) string {
	base := at.Name()
	if n := len(l.uses); n > 0 && l.uses[n-1].owner != "" {
		base = l.uses[n-1].owner + base
	}
	name := base
	for i := 2; l.pkg.Types.Scope().Lookup(name) != nil; i++ {
		name = base + strconv.Itoa(i)
	}
	return name
}

// structSource writes a struct type on one line as Go source, tags in
// backquotes: struct { X int `json:"x"`; Y string }.
func (l *loader) structSource(st *types.Struct) string {
	if st.NumFields() == 0 {
		return "struct{}"
	}
	fields := make([]string, st.NumFields())
	for i := range st.NumFields() {
		f := st.Field(i)
		s := l.typeString(f.Type())
		if !f.Embedded() {
			s = f.Name() + " " + s
		}
		if tag := st.Tag(i); tag != "" {
			if strings.Contains(tag, "`") {
				s += " " + strconv.Quote(tag)
			} else {
				s += " `" + string(reflect.StructTag(tag)) + "`"
			}
		}
		fields[i] = s
	}
	return "struct { " + strings.Join(fields, "; ") + " }"
}
