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

// The methods encoding/json calls instead of writing or reading a value by
// its shape.
var (
	marshalJSON   = method{"MarshalJSON", methodIface("MarshalJSON", nil, bytesType(), errorType())}
	unmarshalJSON = method{"UnmarshalJSON", methodIface("UnmarshalJSON", bytesType(), errorType())}
	marshalText   = method{"MarshalText", methodIface("MarshalText", nil, bytesType(), errorType())}
	unmarshalText = method{"UnmarshalText", methodIface("UnmarshalText", bytesType(), errorType())}
)

// jsonMethods are all of them, in the order messages name them.
var jsonMethods = []method{marshalJSON, unmarshalJSON, marshalText, unmarshalText}

// isZeroer is the method omitzero calls when a type has it.
var isZeroer = methodIface("IsZero", nil, types.Typ[types.Bool])

// receiver says how a type has a method: not at all, on its values (and
// so on pointers too), or on pointers only.
type receiver int

const (
	noMethod receiver = iota
	valueReceiver
	pointerReceiver
)

// receiverOf says how t has m.
func receiverOf(t types.Type, m method) receiver {
	switch {
	case types.Implements(t, m.iface):
		return valueReceiver
	case types.Implements(types.NewPointer(t), m.iface):
		return pointerReceiver
	}
	return noMethod
}

// promoted reports whether t gets method name from an embedded field.
func promoted(t types.Type, name string) bool {
	_, index, _ := types.LookupFieldOrMethod(t, true, nil, name)
	return len(index) > 1
}

// checkMethods reports an event that implements json.Marshaler,
// json.Unmarshaler, encoding.TextMarshaler or encoding.TextUnmarshaler on
// its value or pointer receiver, itself or through an embedded field: its
// fields would not be what the frontends decode.
func (l *loader) checkMethods(t *types.Named, at types.Object, what string) bool {
	var found []string
	from := ""
	for _, m := range jsonMethods {
		if receiverOf(t, m) != noMethod {
			found = append(found, m.name)
			if promoted(t, m.name) {
				from = " (promoted from an embedded field: make that a named field)"
			}
		}
	}
	if len(found) == 0 {
		return true
	}
	subject := what + " has the type " + l.typeString(t) + ", which"
	fix := pick(len(found), "the method", "the methods") + ", or use a plain type"
	if at == t.Obj() {
		subject = what
		fix = fix + " (a type that is no event belongs in another file than the stream's)"
	}
	l.fail(l.objPos(at), "%s has its own %s%s: encoding/json would call %s, and ssegen cannot know the JSON made that way; "+fixStart+"remove %s",
		subject, list(found), from, pick(len(found), "it", "them"), fix)
	return false
}

// marshalerType maps a named type that writes its own JSON (MarshalJSON,
// else MarshalText) to KindJSON or KindText, and checks the types that
// only read their own. handled is false when t has none of these methods
// and is to be mapped by its shape.
func (l *loader) marshalerType(t *types.Named, at types.Object, what string, behindPtr bool) (typ *Type, handled bool) {
	if _, isIface := t.Underlying().(*types.Interface); isIface {
		return nil, false // refused as an interface
	}
	enc, encRecv := marshalJSON, receiverOf(t, marshalJSON)
	kind := KindJSON
	if encRecv == noMethod {
		enc, encRecv, kind = marshalText, receiverOf(t, marshalText), KindText
	}
	decJSON, decText := receiverOf(t, unmarshalJSON) != noMethod, receiverOf(t, unmarshalText) != noMethod
	name := l.typeString(t)
	subject := what + " (" + name + ")"
	owned := l.owned(t.Obj())
	if encRecv == noMethod {
		switch {
		case decText && !isStringKind(t):
			fix := "add a MarshalText method that writes what UnmarshalText reads"
			if !owned {
				fix = "use a type of your own, or a string"
			}
			l.fail(l.objPos(at), "%s: %s has UnmarshalText but no MarshalText, so encoding/json writes it by its shape (%s) but reads only JSON strings into it: "+fixStart+"%s", subject, name, l.typeString(t.Underlying()), fix)
			return nil, true
		case (decText || decJSON) && owned && l.promotedAny(t, unmarshalJSON, unmarshalText):
			l.fail(l.objPos(at), "%s: %s gets its Unmarshal method from an embedded field, so encoding/json reads it with that field's code: "+fixStart+"make the embedded field a named field", subject, name)
			return nil, true
		}
		return nil, false // read by its own code, written by its shape
	}
	if owned && promoted(t, enc.name) {
		l.fail(l.objPos(at), "%s: %s gets %s from an embedded field, so encoding/json writes only that field: "+fixStart+"make the embedded field a named field", subject, name, enc.name)
		return nil, true
	}
	if encRecv == pointerReceiver && !behindPtr {
		fix := "use *" + name
		if owned {
			fix += ", or give " + enc.name + " a value receiver"
		}
		l.fail(l.objPos(at), "%s: %s's %s has a pointer receiver, so encoding/json calls it only where the value is addressable and elsewhere writes the Go value's shape (in an event passed by value, or a map value): "+fixStart+"%s", subject, name, enc.name, fix)
		return nil, true
	}
	if !decJSON && !decText && !(kind == KindText && isStringKind(t)) {
		fix := "add Unmarshal" + strings.TrimPrefix(enc.name, "Marshal") + " to read it back"
		if !owned {
			fix = "use a type of your own with both methods, or a string"
		}
		l.fail(l.objPos(at), "%s: %s has %s but neither UnmarshalJSON nor UnmarshalText, so decoders could not read back what it writes: "+fixStart+"%s", subject, name, enc.name, fix)
		return nil, true
	}
	typ = &Type{Kind: kind, Named: typeName(t), Under: underOf(t)}
	if kind == KindJSON {
		form, ok := l.formType(t, at, what)
		if !ok {
			return nil, true
		}
		typ.Form = form
	}
	return typ, true
}

// promotedAny reports whether t gets any of the methods from an embedded
// field.
func (l *loader) promotedAny(t types.Type, ms ...method) bool {
	for _, m := range ms {
		if receiverOf(t, m) != noMethod && promoted(t, m.name) {
			return true
		}
	}
	return false
}

// underOf describes the Go type beneath a type's JSON methods, for
// omitempty and omitzero.
func underOf(t *types.Named) *Under {
	u := &Under{
		Comparable: types.Comparable(t),
		IsZero:     types.Implements(t, isZeroer) || types.Implements(types.NewPointer(t), isZeroer),
	}
	switch x := t.Underlying().(type) {
	case *types.Basic:
		info := x.Info()
		switch {
		case info&types.IsString != 0:
			u.Kind = KindString
		case info&types.IsBoolean != 0:
			u.Kind = KindBool
		case info&types.IsInteger != 0 && info&types.IsUnsigned != 0:
			u.Kind = KindUint
		case info&types.IsInteger != 0:
			u.Kind = KindInt
		case info&types.IsFloat != 0:
			u.Kind = KindFloat
		default:
			u.Kind = KindStruct // complex numbers: never empty, like structs
		}
	case *types.Slice:
		u.Kind = KindSlice
	case *types.Map:
		u.Kind = KindMap
	case *types.Array:
		u.Kind, u.Len = KindArray, x.Len()
	case *types.Pointer:
		u.Kind = KindPointer
	default:
		u.Kind = KindStruct
	}
	return u
}

// isStringKind reports whether t's underlying type is a string type.
func isStringKind(t types.Type) bool {
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Info()&types.IsString != 0
}

// mapKeyType maps a map's key type as encoding/json writes keys: a string
// type as it is (its MarshalText unused), an integer type in decimal
// unless its value has MarshalText, any other type only through
// MarshalText.
func (l *loader) mapKeyType(t types.Type, at types.Object, what string) *Type {
	t = types.Unalias(t)
	named, _ := t.(*types.Named)
	text := named != nil && receiverOf(named, marshalText) == valueReceiver
	switch {
	case isStringKind(t) || isKeyType(t) && !text:
		return l.plainKeyType(t, at, what)
	case text:
		name := l.typeString(t)
		if receiverOf(named, unmarshalText) == noMethod {
			fix := "add UnmarshalText to " + name
			if !l.owned(named.Obj()) {
				fix = "use a key type of your own with both methods, or a string"
			}
			l.fail(l.objPos(at), "%s has the map key type %s, which has MarshalText but no UnmarshalText, so decoders could not read the keys back: "+fixStart+"%s", what, name, fix)
			return nil
		}
		return &Type{Kind: KindText, Named: typeName(named), Under: underOf(named)}
	}
	hint := ""
	if named != nil && receiverOf(named, marshalText) == pointerReceiver {
		hint = " (encoding/json calls MarshalText on keys only with a value receiver)"
	}
	l.fail(l.objPos(at), "%s has the map key type %s: JSON object keys need a string or integer type, or a type with MarshalText and UnmarshalText%s", what, l.typeString(t), hint)
	return nil
}

// plainKeyType maps a string or integer type used as a channel or map key
// by its shape (an enum, or a named or basic type), whatever methods it
// has: the key is its Go value.
func (l *loader) plainKeyType(t types.Type, at types.Object, what string) *Type {
	t = types.Unalias(t)
	named, ok := t.(*types.Named)
	if !ok {
		return l.typeOf(t, at, what)
	}
	if e := l.enum(named); e != nil {
		return &Type{Kind: KindEnum, Ref: e.Name, Basic: e.Basic}
	}
	bt := l.basicType(named.Underlying().(*types.Basic), at, what)
	if bt != nil {
		bt.Named = typeName(named)
	}
	return bt
}

// checkIsZero reports an omitzero field whose type has its own IsZero
// method, other than time.Time's and those of types that write their own
// JSON: encoding/json calls it to decide, and ssegen cannot see what it
// does on other types. For *time.Time, omitzero omits nil and pointers to
// the zero time alike.
func (l *loader) checkIsZero(v *types.Var, ft *Type) {
	t := types.Unalias(v.Type())
	base := t
	if p, ok := t.(*types.Pointer); ok {
		base = types.Unalias(p.Elem())
	}
	if n, ok := base.(*types.Named); ok && isNamed(n, "time", "Time") {
		return
	}
	if ft != nil && (ft.Under != nil || ft.Kind == KindPointer && ft.Elem.Under != nil) {
		return // generated code calls the method, as encoding/json does
	}
	if types.Implements(t, isZeroer) || types.Implements(types.NewPointer(t), isZeroer) {
		l.fail(l.objPos(v), "field %s has omitzero and its type %s has an IsZero method, which encoding/json calls to decide and ssegen cannot see: "+fixStart+"remove omitzero or the method", v.Name(), l.typeString(v.Type()))
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
