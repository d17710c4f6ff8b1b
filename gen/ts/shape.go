package ts

import (
	"fmt"
	"strings"

	"github.com/ssegen/ssegen/schema"
)

// shape is how one schema type appears in TypeScript: its type, how to
// decode an untrusted value into it and how to encode it back.
type shape struct {
	// typ is the TypeScript type, e.g. "string[]".
	typ string
	// fn names a function (value: unknown, path: string) => typ, when one
	// decodes the whole type; dec is used otherwise.
	fn  string
	dec func(v, p string) string
	// enc is the expression that encodes x as the JSON Go reads; nil when
	// the value is its own JSON.
	enc func(x string) string
}

// decode is the expression decoding the value v found at the path p.
func (s shape) decode(v, p string) string {
	if s.fn != "" {
		return fmt.Sprintf("%s(%s, %s)", s.fn, v, p)
	}
	return s.dec(v, p)
}

// decoder is a function expression that decodes the type.
func (s shape) decoder() string {
	if s.fn != "" {
		return s.fn
	}
	return "($v: unknown, $p: string) => " + s.dec("$v", "$p")
}

// encode is the expression encoding x.
func (s shape) encode(x string) string {
	if s.enc == nil {
		return x
	}
	return s.enc(x)
}

// elemType parenthesizes a union so that it can take [].
func elemType(t string) string {
	if strings.Contains(t, "|") {
		return "(" + t + ")"
	}
	return t
}

// is64 reports whether an integer kind may exceed 2^53, the range where a
// JavaScript number is exact.
func is64(t *schema.Type) bool {
	switch t.Basic {
	case "int", "int64", "uint", "uint64", "uintptr":
		return true
	}
	return false
}

// intBounds are the bounds of Go's integer kinds, as JavaScript numbers.
var intBounds = map[string][2]string{
	"int8": {"-128", "127"}, "int16": {"-32768", "32767"}, "int32": {"-2147483648", "2147483647"},
	"int": {"-9.223372036854776e18", "9.223372036854776e18"}, "int64": {"-9.223372036854776e18", "9.223372036854776e18"},
	"uint8": {"0", "255"}, "uint16": {"0", "65535"}, "uint32": {"0", "4294967295"},
	"uint": {"0", "1.8446744073709552e19"}, "uint64": {"0", "1.8446744073709552e19"}, "uintptr": {"0", "1.8446744073709552e19"},
}

// shapeOf maps a type to TypeScript as seen from module. quoted is
// encoding/json's string option, which looks through one unnamed pointer,
// as encoding/json does.
func (g *generator) shapeOf(t *schema.Type, quoted bool, module *imports) shape {
	if quoted {
		switch t.Kind {
		case schema.KindPointer:
			return nullable(g.shapeOf(t.Elem, true, module))
		case schema.KindInt, schema.KindUint:
			if is64(t) {
				// Exact only as text: keep the digits as they are.
				signed := t.Kind == schema.KindInt
				return shape{typ: "string", dec: func(v, p string) string { return fmt.Sprintf("$d.digits(%s, %s, %t)", v, p, signed) }}
			}
			fallthrough
		case schema.KindString, schema.KindBool, schema.KindFloat, schema.KindEnum:
			inner := g.shapeOf(t, false, module)
			return shape{
				typ: inner.typ,
				dec: func(v, p string) string { return fmt.Sprintf("$d.quoted(%s, %s, %s)", v, p, inner.decoder()) },
				enc: func(x string) string { return "$d.quote(" + inner.encode(x) + ")" },
			}
		}
	}
	switch t.Kind {
	case schema.KindString:
		return shape{typ: "string", fn: "$d.string"}
	case schema.KindTime:
		return shape{typ: "string", fn: "$d.time"}
	case schema.KindBytes:
		return shape{typ: "string", fn: "$d.bytes"}
	case schema.KindBool:
		return shape{typ: "boolean", fn: "$d.boolean"}
	case schema.KindInt, schema.KindUint:
		b, ok := intBounds[t.Basic]
		if !ok {
			b = intBounds["int64"]
		}
		s := shape{typ: "number", dec: func(v, p string) string { return fmt.Sprintf("$d.integer(%s, %s, %s, %s)", v, p, b[0], b[1]) }}
		if is64(t) {
			// Go refuses a number past its type's limits, and a value
			// near them may have been rounded past them here.
			guard := "$d.int64"
			if t.Kind == schema.KindUint {
				guard = "$d.uint64"
			}
			s.enc = func(x string) string { return guard + "(" + x + ")" }
		}
		return s
	case schema.KindFloat:
		return shape{typ: "number", fn: "$d.number"}
	case schema.KindRawJSON:
		return shape{typ: "unknown", fn: "$d.json"}
	case schema.KindText:
		// The text the Go type's MarshalText makes.
		return shape{typ: "string", fn: "$d.string"}
	case schema.KindJSON:
		if t.Form != nil {
			return g.shapeOf(t.Form, false, module)
		}
		// What the Go type's MarshalJSON makes: any JSON value.
		return shape{typ: "unknown", fn: "$d.json"}
	case schema.KindSlice, schema.KindArray:
		elem := g.shapeOf(t.Elem, false, module)
		s := shape{typ: elemType(elem.typ) + "[]"}
		if t.Kind == schema.KindSlice {
			s.dec = func(v, p string) string { return fmt.Sprintf("$d.list(%s, %s, %s)", v, p, elem.decoder()) }
		} else {
			s.dec = func(v, p string) string { return fmt.Sprintf("$d.array(%s, %s, %d, %s)", v, p, t.Len, elem.decoder()) }
		}
		if elem.enc != nil {
			s.enc = func(x string) string { return x + ".map(($v) => " + elem.encode("$v") + ")" }
		}
		return s
	case schema.KindMap:
		elem := g.shapeOf(t.Elem, false, module)
		key := g.keyCheck(t.Key, module)
		s := shape{
			typ: "{ [key: string]: " + elem.typ + " }",
			dec: func(v, p string) string { return fmt.Sprintf("$d.dict(%s, %s, %s, %s)", v, p, key, elem.decoder()) },
		}
		if elem.enc != nil {
			s.enc = func(x string) string { return "$d.mapValues(" + x + ", ($v) => " + elem.encode("$v") + ")" }
		}
		return s
	case schema.KindPointer:
		return nullable(g.shapeOf(t.Elem, false, module))
	case schema.KindRecord:
		d := g.decls[t.Ref]
		module.use(d, false)
		enc := d.encoder
		return shape{typ: d.typ, fn: d.decoder, enc: func(x string) string { return enc + "(" + x + ")" }}
	case schema.KindEnum:
		d := g.decls[t.Ref]
		module.use(d, false)
		return shape{typ: d.typ, fn: d.decoder}
	}
	// Check reports every other kind before generation.
	return shape{typ: "unknown", fn: "$d.json"}
}

// keyCheck is the function that checks the keys of a map with keys of
// type t.
func (g *generator) keyCheck(t *schema.Type, module *imports) string {
	switch t.Kind {
	case schema.KindInt:
		return "$d.intKey"
	case schema.KindUint:
		return "$d.uintKey"
	case schema.KindEnum:
		if e := g.m.Enum(t.Ref); e != nil && e.Kind == schema.KindString {
			d := g.decls[t.Ref]
			module.use(d, false)
			return d.decoder
		}
		if e := g.m.Enum(t.Ref); e != nil && e.Kind == schema.KindUint {
			return "$d.uintKey"
		}
		return "$d.intKey"
	}
	return "$d.anyKey"
}

// nullable is the shape of a pointer: null when nil.
func nullable(inner shape) shape {
	s := shape{
		typ: inner.typ + " | null",
		dec: func(v, p string) string { return fmt.Sprintf("$d.nullable(%s, %s, %s)", v, p, inner.decoder()) },
	}
	if inner.enc != nil {
		s.enc = func(x string) string { return x + " === null ? null : " + inner.encode(x) }
	}
	return s
}

// omission says when a field may be missing from the JSON object.
type omission int

const (
	// always present
	present omission = iota
	// missing when Go's value is empty or zero: an optional property,
	// absent when the member is missing or null
	maybeMissing
	// a slice or map missing when empty: [] or {} when missing or null
	emptyMissing
)

// omitted says how encoding/json may leave the field out: omitempty has
// no effect on structs, arrays of non-zero length and times, omitzero
// omits every zero value. These are the Elm output's rules.
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
		if t.Under != nil {
			switch t.Under.Kind {
			case schema.KindStruct:
				return present
			case schema.KindArray:
				if t.Under.Len > 0 {
					return present
				}
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
