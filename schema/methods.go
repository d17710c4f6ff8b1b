package schema

import (
	"go/token"
	"go/types"
	"strings"
)

// method is a method whose presence changes how encoding/json treats a
// type.
type method struct {
	name  string
	iface *types.Interface
}

// jsonMethods make encoding/json hand a value to the type's own code, whose
// JSON shape ssegen cannot know.
var jsonMethods = []method{
	{"MarshalJSON", methodIface("MarshalJSON", nil, bytesType(), errorType())},
	{"UnmarshalJSON", methodIface("UnmarshalJSON", bytesType(), errorType())},
	{"MarshalText", methodIface("MarshalText", nil, bytesType(), errorType())},
	{"UnmarshalText", methodIface("UnmarshalText", bytesType(), errorType())},
}

// isZeroer is the method omitzero calls when a type has it.
var isZeroer = methodIface("IsZero", nil, types.Typ[types.Bool])

// checkMethods reports a named type that implements json.Marshaler,
// json.Unmarshaler, encoding.TextMarshaler or encoding.TextUnmarshaler on
// its value or pointer receiver, itself or through an embedded field.
func (l *loader) checkMethods(t *types.Named, at types.Object, what string) bool {
	var found []string
	promoted := false
	for _, m := range jsonMethods {
		if types.Implements(t, m.iface) || types.Implements(types.NewPointer(t), m.iface) {
			found = append(found, m.name)
			if _, index, _ := types.LookupFieldOrMethod(t, true, nil, m.name); len(index) > 1 {
				promoted = true
			}
		}
	}
	if len(found) == 0 {
		return true
	}
	from := ""
	if promoted {
		from = " (promoted from an embedded field: make that a named field)"
	}
	subject := what + " has the type " + l.typeString(t) + ", which"
	if at == t.Obj() {
		subject = what
	}
	l.errs.Add(l.objPos(at), "%s has its own %s%s: encoding/json would call %s, and ssegen cannot know the JSON made that way; remove %s, or use a plain type",
		subject, list(found), from, pick(len(found), "it", "them"), pick(len(found), "the method", "the methods"))
	return false
}

// checkIsZero reports an omitzero field whose type has its own IsZero
// method, other than time.Time's: encoding/json calls it to decide, and
// ssegen cannot know what it does. For *time.Time, omitzero omits nil
// and pointers to the zero time alike.
func (l *loader) checkIsZero(v *types.Var) {
	t := types.Unalias(v.Type())
	base := t
	if p, ok := t.(*types.Pointer); ok {
		base = types.Unalias(p.Elem())
	}
	if n, ok := base.(*types.Named); ok && isNamed(n, "time", "Time") {
		return
	}
	if types.Implements(t, isZeroer) || types.Implements(types.NewPointer(t), isZeroer) {
		l.errs.Add(l.objPos(v), "field %s has omitzero and its type %s has an IsZero method, which encoding/json calls to decide and ssegen cannot see: remove omitzero or the method", v.Name(), l.typeString(v.Type()))
	}
}

// list names methods for a message: "A method", "A and B methods",
// "A, B and C methods".
func list(names []string) string {
	if len(names) == 1 {
		return names[0] + " method"
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1] + " methods"
}

func pick(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// methodIface builds interface{ name(param) result... }; a nil param
// means no parameter.
func methodIface(name string, param types.Type, results ...types.Type) *types.Interface {
	var params *types.Tuple
	if param != nil {
		params = types.NewTuple(types.NewVar(token.NoPos, nil, "", param))
	}
	vars := make([]*types.Var, len(results))
	for i, r := range results {
		vars[i] = types.NewVar(token.NoPos, nil, "", r)
	}
	sig := types.NewSignatureType(nil, nil, nil, params, types.NewTuple(vars...), false)
	return types.NewInterfaceType([]*types.Func{types.NewFunc(token.NoPos, nil, name, sig)}, nil).Complete()
}

func bytesType() types.Type { return types.NewSlice(types.Typ[types.Byte]) }

func errorType() types.Type { return types.Universe.Lookup("error").Type() }
