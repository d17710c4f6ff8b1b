package asyncapi

import (
	"sort"
	"strings"

	"github.com/ssegen/ssegen/schema"
)

// intLimits are the bounds of Go's integer kinds.
var intLimits = map[string][2]string{
	"int8": {"-128", "127"}, "int16": {"-32768", "32767"}, "int32": {"-2147483648", "2147483647"},
	"int": {"-9223372036854775808", "9223372036854775807"}, "int64": {"-9223372036854775808", "9223372036854775807"},
	"uint8": {"0", "255"}, "uint16": {"0", "65535"}, "uint32": {"0", "4294967295"},
	"uint": {"0", "18446744073709551615"}, "uint64": {"0", "18446744073709551615"}, "uintptr": {"0", "18446744073709551615"},
}

// ref points at a component schema.
func ref(name string) *mapping { return obj("$ref", str("#/components/schemas/"+name)) }

// orNull lets a schema be null too, as a nil pointer, slice or map is.
func orNull(s *mapping) *mapping {
	if len(s.keys) > 0 && s.keys[0] == "type" {
		if t, ok := s.vals[0].(str); ok {
			s.vals[0] = seq{t, str("null")}
			return s
		}
	}
	return obj("oneOf", seq{obj("type", str("null")), s})
}

// typeSchema is the JSON Schema of a type. quoted is encoding/json's
// string option, which looks through one unnamed pointer.
func typeSchema(t *schema.Type, quoted bool) *mapping {
	if quoted {
		switch t.Kind {
		case schema.KindPointer:
			return orNull(typeSchema(t.Elem, true))
		case schema.KindInt, schema.KindUint:
			pattern := `^-?(0|[1-9][0-9]*)$`
			if t.Kind == schema.KindUint {
				pattern = `^(0|[1-9][0-9]*)$`
			}
			return obj("type", str("string"), "pattern", str(pattern), "description", str("An integer as its decimal text (the `string` tag option)."))
		case schema.KindString, schema.KindBool, schema.KindFloat, schema.KindEnum:
			return obj("type", str("string"), "contentMediaType", str("application/json"),
				"description", str("The JSON of a "+describe(t)+" inside a string (the `string` tag option)."))
		}
	}
	switch t.Kind {
	case schema.KindString:
		return obj("type", str("string"))
	case schema.KindBool:
		return obj("type", str("boolean"))
	case schema.KindInt, schema.KindUint:
		lim, ok := intLimits[t.Basic]
		if !ok {
			lim = intLimits["int64"]
		}
		return obj("type", str("integer"), "minimum", num(lim[0]), "maximum", num(lim[1]))
	case schema.KindFloat:
		return obj("type", str("number"))
	case schema.KindTime:
		return obj("type", str("string"), "format", str("date-time"))
	case schema.KindBytes:
		// A nil []byte is null.
		return obj("type", seq{str("string"), str("null")}, "format", str("byte"), "contentEncoding", str("base64"))
	case schema.KindRawJSON:
		return obj("description", str("Any JSON value."))
	case schema.KindText:
		// The text the Go type's MarshalText makes.
		return obj("type", str("string"), "description", str("Go's "+t.Named.String()+", written as text by its own MarshalText."))
	case schema.KindJSON:
		if t.Form != nil {
			return typeSchema(t.Form, false)
		}
		return obj("description", str("Go's "+t.Named.String()+", written by its own MarshalJSON: any JSON value."))
	case schema.KindSlice:
		return obj("type", seq{str("array"), str("null")}, "items", typeSchema(t.Elem, false))
	case schema.KindArray:
		return obj("type", str("array"), "items", typeSchema(t.Elem, false), "minItems", integer(t.Len), "maxItems", integer(t.Len))
	case schema.KindMap:
		s := obj("type", seq{str("object"), str("null")})
		switch t.Key.Kind {
		case schema.KindInt:
			s.set("propertyNames", obj("pattern", str(`^-?(0|[1-9][0-9]*)$`)))
		case schema.KindUint:
			s.set("propertyNames", obj("pattern", str(`^(0|[1-9][0-9]*)$`)))
		case schema.KindEnum:
			s.set("propertyNames", ref(t.Key.Ref))
		case schema.KindText:
			s.set("propertyNames", obj("description", str("The text of Go's "+t.Key.Named.String()+" (its MarshalText).")))
		}
		return s.set("additionalProperties", typeSchema(t.Elem, false))
	case schema.KindPointer:
		return orNull(typeSchema(t.Elem, false))
	case schema.KindRecord, schema.KindEnum:
		return ref(t.Ref)
	}
	// Check reports every other kind before generation.
	return obj()
}

// describe names a type's JSON kind for descriptions.
func describe(t *schema.Type) string {
	switch t.Kind {
	case schema.KindEnum:
		return "enum " + t.Ref
	case schema.KindFloat:
		return "number"
	case schema.KindInt, schema.KindUint:
		return "integer"
	}
	return string(t.Kind)
}

// required says whether encoding/json always writes a field: omitempty
// has no effect on structs, arrays of non-zero length and times.
func required(f *schema.Field) bool {
	if f.OmitZero {
		return false
	}
	if !f.OmitEmpty {
		return true
	}
	switch t := f.Type; t.Kind {
	case schema.KindRecord, schema.KindTime:
		return true
	case schema.KindArray:
		return t.Len > 0
	case schema.KindText, schema.KindJSON:
		// omitempty judges the Go value beneath the methods.
		return t.Under != nil && (t.Under.Kind == schema.KindStruct || t.Under.Kind == schema.KindArray && t.Under.Len > 0)
	}
	return false
}

// recordSchema is the JSON Schema of a struct: its members in Go's order,
// those Go always writes required.
func recordSchema(r *schema.Record) *mapping {
	s := obj("type", str("object"))
	if doc := strings.TrimSpace(r.Doc); doc != "" {
		s.set("description", str(doc))
	}
	props := obj()
	var req seq
	for _, f := range r.Fields {
		p := typeSchema(f.Type, f.String)
		if doc := strings.Join(strings.Fields(f.Doc), " "); doc != "" {
			if _, isRef := refOnly(p); isRef {
				// A $ref's siblings are ignored by JSON Schema draft 7.
				p = obj("allOf", seq{p}, "description", str(doc))
			} else {
				p.set("description", str(doc))
			}
		}
		props.set(f.JSONName, p)
		if required(f) {
			req = append(req, str(f.JSONName))
		}
	}
	s.set("properties", props)
	if len(req) > 0 {
		s.set("required", req)
	}
	return s
}

// refOnly reports whether s is just a $ref.
func refOnly(s *mapping) (string, bool) {
	if len(s.keys) == 1 && s.keys[0] == "$ref" {
		v, _ := s.vals[0].(str)
		return string(v), true
	}
	return "", false
}

// enumSchema is the JSON Schema of an enum: its declared values.
func enumSchema(e *schema.Enum) *mapping {
	typ := "string"
	if e.Kind != schema.KindString {
		typ = "integer"
	}
	var vals seq
	seen := map[string]bool{}
	var notes []string
	for _, v := range e.Values {
		if !seen[v.Value] {
			seen[v.Value] = true
			if typ == "string" {
				vals = append(vals, str(v.Value))
			} else {
				vals = append(vals, num(v.Value))
			}
		}
		notes = append(notes, "- "+v.Value+": "+v.GoName)
	}
	doc := strings.TrimSpace(e.Doc)
	if doc != "" {
		doc += "\n\n"
	}
	doc += "Values:\n" + strings.Join(notes, "\n")
	return obj("type", str(typ), "enum", vals, "description", str(doc))
}

// sortStrings sorts in place.
func sortStrings(s []string) { sort.Strings(s) }
