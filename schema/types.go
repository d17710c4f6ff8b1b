package schema

import (
	"go/types"
)

// typeOf maps a Go type to its model Type, reporting at the object at
// (a struct field, usually) why a type cannot be sent. It returns nil when
// the type is not supported.
func (l *loader) typeOf(t types.Type, at types.Object, what string) *Type {
	return l.typeIn(t, at, what, false)
}

// typeIn is typeOf for a type that is the pointee of a pointer when
// behindPtr is set: there encoding/json calls methods with pointer
// receivers too.
func (l *loader) typeIn(t types.Type, at types.Object, what string, behindPtr bool) *Type {
	switch t := types.Unalias(t).(type) {
	case *types.Named:
		return l.namedType(t, at, what, behindPtr)
	case *types.Basic:
		return l.basicType(t, at, what)
	case *types.Pointer:
		elem := l.typeIn(t.Elem(), at, what, true)
		if elem == nil {
			return nil
		}
		return &Type{Kind: KindPointer, Elem: elem}
	case *types.Slice:
		return l.sliceType(t, at, what)
	case *types.Array:
		elem := l.typeOf(t.Elem(), at, what)
		if elem == nil {
			return nil
		}
		return &Type{Kind: KindArray, Elem: elem, Len: t.Len()}
	case *types.Map:
		return l.mapType(t, at, what)
	case *types.Struct:
		l.anonymousStruct(t, at, what)
	default:
		l.unsupported(t, t, at, what)
	}
	return nil
}

// unsupported reports a type that has no JSON form ssegen can generate;
// shown is how to name it (a named interface by its name).
func (l *loader) unsupported(t, shown types.Type, at types.Object, what string) {
	name := l.typeString(shown)
	switch t.(type) {
	case *types.Interface:
		l.fail(l.objPos(at), "%s has the interface type %s: ssegen needs a concrete type to generate decoders; "+fixStart+"use a concrete type, or json.RawMessage for arbitrary JSON", what, name)
	case *types.Chan:
		l.fail(l.objPos(at), "%s has the channel type %s, which has no JSON form: "+fixStart+"remove the field or tag it `json:\"-\"`", what, name)
	case *types.Signature:
		l.fail(l.objPos(at), "%s has the function type %s, which has no JSON form: "+fixStart+"remove the field or tag it `json:\"-\"`", what, name)
	case *types.TypeParam:
		l.fail(l.objPos(at), "%s has the type parameter %s: generic types are not supported; "+fixStart+"use a concrete type", what, name)
	default:
		l.fail(l.objPos(at), "%s has the type %s, which ssegen does not support: "+fixStart+"use a string, number, bool, time.Time, slice, array, map, pointer or named struct", what, name)
	}
}

// namedType maps a named type: time.Time and json.RawMessage, types that
// write their own JSON, records, enums, and named types of other kinds
// (which keep their shape).
func (l *loader) namedType(t *types.Named, at types.Object, what string, behindPtr bool) *Type {
	switch {
	case isNamed(t, "time", "Time"):
		return &Type{Kind: KindTime}
	case isNamed(t, "encoding/json", "RawMessage"):
		return &Type{Kind: KindRawJSON}
	case isNamed(t, "encoding/json", "Number"):
		// A string type that encoding/json writes as a bare number literal.
		l.fail(l.objPos(at), "%s has the type json.Number, which encoding/json writes as a bare number: "+fixStart+"use int64, float64, or json.RawMessage", what)
		return nil
	case t.TypeArgs().Len() > 0 || t.TypeParams().Len() > 0:
		l.fail(l.objPos(at), "%s has the generic type %s: generic types are not supported; "+fixStart+"declare a non-generic named type", what, l.typeString(t))
		return nil
	case l.building[t]:
		l.fail(l.objPos(at), "recursive type: %s leads back to %s, which contains it; ssegen does not generate recursive types: "+fixStart+"break the cycle, e.g. with an ID or a json.RawMessage", what, t.Obj().Name())
		return nil
	}
	if mt, handled := l.marshalerType(t, at, what, behindPtr); handled {
		return mt
	}
	switch u := t.Underlying().(type) {
	case *types.Struct:
		l.record(t)
		return &Type{Kind: KindRecord, Ref: t.Obj().Name()}
	case *types.Basic:
		if e := l.enum(t); e != nil {
			return &Type{Kind: KindEnum, Ref: e.Name, Basic: e.Basic}
		}
		bt := l.basicType(u, at, what)
		if bt != nil {
			bt.Named = typeName(t)
		}
		return bt
	case *types.Pointer:
		l.fail(l.objPos(at), "%s has the named pointer type %s: "+fixStart+"use a pointer to a named type (*T) instead", what, l.typeString(t))
		return nil
	case *types.Interface, *types.Chan, *types.Signature:
		l.unsupported(u, t, at, what)
		return nil
	default:
		// Named slices, arrays and maps keep their shape. Walking the
		// underlying type may come back to t itself (type Tree []Tree).
		l.building[t] = true
		defer delete(l.building, t)
		shape := l.typeOf(u, at, what)
		if shape == nil {
			return nil
		}
		shape.Named = typeName(t)
		return shape
	}
}

// markUsed records every named type that t mentions, before any check
// can stop the walk, so that a type reported as unsupported is not also
// reported as unused. Structs are walked when built as records.
func (l *loader) markUsed(t types.Type) {
	switch t := types.Unalias(t).(type) {
	case *types.Named:
		if l.used[t] {
			return
		}
		l.used[t] = true
		if _, isStruct := t.Underlying().(*types.Struct); !isStruct {
			l.markUsed(t.Underlying())
		}
	case *types.Pointer:
		l.markUsed(t.Elem())
	case *types.Slice:
		l.markUsed(t.Elem())
	case *types.Array:
		l.markUsed(t.Elem())
	case *types.Map:
		l.markUsed(t.Key())
		l.markUsed(t.Elem())
	}
}

// basicType maps a predeclared type.
func (l *loader) basicType(b *types.Basic, at types.Object, what string) *Type {
	info := b.Info()
	canonical := types.Typ[b.Kind()].Name() // byte is uint8, rune is int32
	switch {
	case b.Kind() == types.UnsafePointer:
		l.fail(l.objPos(at), "%s has the type unsafe.Pointer, which has no JSON form: "+fixStart+"remove the field or tag it `json:\"-\"`", what)
	case b.Kind() == types.Uintptr:
		l.fail(l.objPos(at), "%s has the type uintptr: "+fixStart+"use uint64 for numbers", what)
	case info&types.IsComplex != 0:
		l.fail(l.objPos(at), "%s has the complex type %s, which encoding/json cannot write: "+fixStart+"use two float64 fields", what, canonical)
	case info&types.IsUntyped != 0:
		l.fail(l.objPos(at), "%s has the untyped type %s: "+fixStart+"give it a concrete type", what, canonical)
	case info&types.IsBoolean != 0:
		return &Type{Kind: KindBool, Basic: canonical}
	case info&types.IsString != 0:
		return &Type{Kind: KindString, Basic: canonical}
	case info&types.IsInteger != 0 && info&types.IsUnsigned != 0:
		return &Type{Kind: KindUint, Basic: canonical}
	case info&types.IsInteger != 0:
		return &Type{Kind: KindInt, Basic: canonical}
	case info&types.IsFloat != 0:
		return &Type{Kind: KindFloat, Basic: canonical}
	default:
		l.fail(l.objPos(at), "%s has the type %s, which ssegen does not support", what, l.typeString(b))
	}
	return nil
}

// sliceType maps slices; a slice of bytes is base64 text in encoding/json.
func (l *loader) sliceType(t *types.Slice, at types.Object, what string) *Type {
	elem := types.Unalias(t.Elem())
	if b, ok := elem.Underlying().(*types.Basic); ok && b.Kind() == types.Uint8 {
		if _, named := elem.(*types.Named); named {
			l.fail(l.objPos(at), "%s has the type %s: encoding/json writes a slice of a uint8 type as base64 text, not as numbers; "+fixStart+"use []byte for bytes, or a wider element type for numbers", what, l.typeString(t))
			return nil
		}
		return &Type{Kind: KindBytes}
	}
	e := l.typeOf(elem, at, what)
	if e == nil {
		return nil
	}
	return &Type{Kind: KindSlice, Elem: e}
}

// mapType maps maps: keys must be string or integer types, which
// encoding/json writes as JSON object keys (integers in decimal), or
// types with MarshalText, whose text is the key.
func (l *loader) mapType(t *types.Map, at types.Object, what string) *Type {
	key := l.mapKeyType(t.Key(), at, what)
	elem := l.typeOf(t.Elem(), at, what)
	if key == nil || elem == nil {
		return nil
	}
	return &Type{Kind: KindMap, Key: key, Elem: elem}
}

// isNamed reports whether t is the type pkg.name.
func isNamed(t *types.Named, pkg, name string) bool {
	obj := t.Obj()
	return obj.Pkg() != nil && obj.Pkg().Path() == pkg && obj.Name() == name
}

// typeName is the qualified name of a named type.
func typeName(t *types.Named) *TypeName {
	return &TypeName{PkgPath: pkgPath(t.Obj()), Name: t.Obj().Name()}
}

// typeString writes a type for messages.
func (l *loader) typeString(t types.Type) string {
	return types.TypeString(t, l.qualifier)
}
