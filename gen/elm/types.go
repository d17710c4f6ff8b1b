package elm

import (
	"strings"

	"github.com/ssegen/ssegen/schema"
)

// shape is how one schema type appears in Elm: its type expression, the
// decoder and the encoder function for it, each an Elm expression.
type shape struct {
	// typ is the Elm type, e.g. "List String".
	typ string
	// decoder is an expression of type Decode.Decoder typ.
	decoder string
	// encoder is an expression of type typ -> Encode.Value.
	encoder string
}

// atomic wraps an Elm type or expression in parentheses unless it is one
// token, so that it can stand as an argument.
func atomic(s string) string {
	if !strings.Contains(s, " ") {
		return s
	}
	if strings.HasPrefix(s, "(") && strings.HasSuffix(s, ")") && balanced(s[1:len(s)-1]) {
		return s
	}
	return "(" + s + ")"
}

// is64 reports whether an integer kind may exceed 2^53 and so lose
// precision as an Elm Int (a JavaScript number).
func is64(t *schema.Type) bool {
	switch t.Basic {
	case "int", "int64", "uint", "uint64", "uintptr":
		return true
	}
	return false
}

// shapeOf maps a type to Elm. quoted is encoding/json's string option,
// which looks through one unnamed pointer, as encoding/json does.
func (m *moduleGen) shapeOf(t *schema.Type, quoted bool) shape {
	if quoted {
		switch t.Kind {
		case schema.KindPointer:
			inner := m.shapeOf(t.Elem, true)
			return m.nullable(inner)
		case schema.KindInt, schema.KindUint:
			if is64(t) {
				// Exact in Elm only as text: keep the digits as they are.
				return shape{typ: "String", decoder: "Decode.string", encoder: "Encode.string"}
			}
			fallthrough
		case schema.KindString, schema.KindBool, schema.KindFloat, schema.KindEnum:
			inner := m.shapeOf(t, false)
			m.use(helperDecodeQuoted)
			m.use(helperWriteQuoted)
			return shape{
				typ:     inner.typ,
				decoder: "decodeQuoted " + atomic(inner.decoder),
				encoder: "writeQuoted " + atomic(inner.encoder),
			}
		}
	}
	switch t.Kind {
	case schema.KindString, schema.KindTime:
		return shape{typ: "String", decoder: "Decode.string", encoder: "Encode.string"}
	case schema.KindBytes:
		// A nil []byte is null on the wire; Elm reads it as "".
		m.use(helperDecodeNullableBytes)
		return shape{typ: "String", decoder: "decodeNullableBytes", encoder: "Encode.string"}
	case schema.KindBool:
		return shape{typ: "Bool", decoder: "Decode.bool", encoder: "Encode.bool"}
	case schema.KindInt, schema.KindUint:
		if is64(t) {
			// Go refuses a number past its type's limits, and a value
			// near them may have been rounded past them in Elm.
			guard := helperWriteInt64
			if t.Kind == schema.KindUint {
				guard = helperWriteUint64
			}
			m.use(guard)
			return shape{typ: "Int", decoder: "Decode.int", encoder: guard.name}
		}
		return shape{typ: "Int", decoder: "Decode.int", encoder: "Encode.int"}
	case schema.KindFloat:
		return shape{typ: "Float", decoder: "Decode.float", encoder: "Encode.float"}
	case schema.KindRawJSON:
		return shape{typ: "Decode.Value", decoder: "Decode.value", encoder: "identity"}
	case schema.KindText:
		// The text the Go type's MarshalText makes.
		return shape{typ: "String", decoder: "Decode.string", encoder: "Encode.string"}
	case schema.KindJSON:
		if t.Form != nil {
			return m.shapeOf(t.Form, false)
		}
		// What the Go type's MarshalJSON makes: any JSON value.
		return shape{typ: "Decode.Value", decoder: "Decode.value", encoder: "identity"}
	case schema.KindSlice, schema.KindArray:
		elem := m.shapeOf(t.Elem, false)
		dec := "Decode.list " + atomic(elem.decoder)
		if t.Kind == schema.KindSlice {
			// A nil slice is null on the wire.
			m.use(helperDecodeNullableList)
			dec = "decodeNullableList " + atomic(elem.decoder)
		}
		return shape{
			typ:     "List " + atomic(elem.typ),
			decoder: dec,
			encoder: "Encode.list " + atomic(elem.encoder),
		}
	case schema.KindMap:
		elem := m.shapeOf(t.Elem, false)
		m.needDict = true
		m.use(helperDecodeNullableDict)
		return shape{
			typ:     "Dict.Dict String " + atomic(elem.typ),
			decoder: "decodeNullableDict " + atomic(elem.decoder),
			encoder: "Encode.dict identity " + atomic(elem.encoder),
		}
	case schema.KindPointer:
		return m.nullable(m.shapeOf(t.Elem, false))
	case schema.KindRecord:
		return m.refShape(t.Ref)
	case schema.KindEnum:
		return m.refShape(t.Ref)
	}
	// The schema admits no other kind; an unknown one is a bug upstream,
	// reported by Check before generation.
	return shape{typ: "Decode.Value", decoder: "Decode.value", encoder: "identity"}
}

// nullable is the shape of a pointer in an element position: null when nil.
func (m *moduleGen) nullable(inner shape) shape {
	m.use(helperWriteNullable)
	return shape{
		typ:     "Maybe " + atomic(inner.typ),
		decoder: "Decode.nullable " + atomic(inner.decoder),
		encoder: "writeNullable " + atomic(inner.encoder),
	}
}

// refShape names a record or enum, qualified when it lives in another
// module.
func (m *moduleGen) refShape(goName string) shape {
	d := m.g.decls[goName]
	q := m.qualifier(d.module)
	return shape{
		typ:     q + d.typ,
		decoder: q + d.decoder,
		encoder: q + d.encoder,
	}
}

// omission says when a field may be missing from the JSON object.
type omission int

const (
	// always present
	present omission = iota
	// missing when Go's value is empty or zero: Elm's Maybe, Nothing
	// when missing or null
	maybeMissing
	// a list or dict missing when empty: Elm's List or Dict, empty when
	// missing or null
	emptyMissing
)

// omitted says how encoding/json may leave the field out: omitempty has
// no effect on structs, arrays of non-zero length and times, omitzero
// omits every zero value.
func omitted(f *schema.Field) omission {
	t := f.Type
	switch {
	case f.OmitZero:
		if t.Kind == schema.KindSlice || t.Kind == schema.KindMap {
			return emptyMissing
		}
		return maybeMissing
	case !f.OmitEmpty:
		return present
	}
	switch t.Kind {
	case schema.KindRecord, schema.KindTime:
		return present
	case schema.KindText, schema.KindJSON:
		// omitempty judges the Go value beneath the methods.
		switch t.Under.Kind {
		case schema.KindStruct:
			return present
		case schema.KindArray:
			if t.Under.Len > 0 {
				return present
			}
		}
		return maybeMissing
	case schema.KindArray:
		if t.Len == 0 {
			return emptyMissing
		}
		return present
	case schema.KindSlice, schema.KindMap:
		return emptyMissing
	}
	return maybeMissing
}
