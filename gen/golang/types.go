package golang

import (
	"fmt"

	"github.com/dave/jennifer/jen"

	"github.com/ssegen/ssegen/schema"
)

// goType is the Go type a model type stands for, qualified so that jen
// imports its package (or leaves the output package's own types bare).
func (g *gen) goType(t *schema.Type) jen.Code {
	if t.Named != nil {
		return jen.Qual(t.Named.PkgPath, t.Named.Name)
	}
	switch t.Kind {
	case schema.KindString, schema.KindBool, schema.KindInt, schema.KindUint, schema.KindFloat:
		return jen.Id(t.Basic)
	case schema.KindTime:
		return jen.Qual("time", "Time")
	case schema.KindBytes:
		return jen.Index().Byte()
	case schema.KindRawJSON:
		return jen.Qual("encoding/json", "RawMessage")
	case schema.KindSlice:
		return jen.Index().Add(g.goType(t.Elem))
	case schema.KindArray:
		return jen.Index(jen.Lit(int(t.Len))).Add(g.goType(t.Elem))
	case schema.KindMap:
		return jen.Map(g.goType(t.Key)).Add(g.goType(t.Elem))
	case schema.KindPointer:
		return jen.Op("*").Add(g.goType(t.Elem))
	case schema.KindRecord:
		return jen.Qual(g.m.Record(t.Ref).PkgPath, t.Ref)
	case schema.KindEnum:
		return jen.Qual(g.m.Enum(t.Ref).PkgPath, t.Ref)
	}
	panic(fmt.Sprintf("unchecked kind %q", t.Kind)) // Generate checks every type first
}

// basicKind is the JSON shape of t when it is a string, bool or number,
// enums included, and "" otherwise.
func (g *gen) basicKind(t *schema.Type) schema.Kind {
	switch t.Kind {
	case schema.KindString, schema.KindBool, schema.KindInt, schema.KindUint, schema.KindFloat:
		return t.Kind
	case schema.KindEnum:
		return g.m.Enum(t.Ref).Kind
	}
	return ""
}

// comparable reports whether == works on values of t, judged from the
// JSON fields of records (hidden fields are assumed comparable too).
func (g *gen) comparable(t *schema.Type, seen map[string]bool) bool {
	switch t.Kind {
	case schema.KindSlice, schema.KindMap, schema.KindBytes, schema.KindRawJSON:
		return false
	case schema.KindArray:
		return g.comparable(t.Elem, seen)
	case schema.KindText, schema.KindJSON:
		return t.Under.Comparable
	case schema.KindRecord:
		if seen[t.Ref] {
			return true
		}
		seen[t.Ref] = true
		for _, f := range g.m.Record(t.Ref).Fields {
			if !g.comparable(f.Type, seen) {
				return false
			}
		}
	}
	return true
}

// canFailSeen reports whether encoding a value of t can fail: floats (NaN,
// infinities), times (years past 9999), raw JSON (invalid) and types with
// their own MarshalText or MarshalJSON (their errors) can, and so can
// every container of them. Encoders of types that cannot fail return
// no error, which keeps the generated code short and fast. seen holds the
// records already on the way, so that recursion ends.
func (g *gen) canFailSeen(t *schema.Type, seen map[string]bool) bool {
	switch t.Kind {
	case schema.KindFloat, schema.KindTime, schema.KindRawJSON, schema.KindText, schema.KindJSON:
		return true
	case schema.KindMap:
		return t.Key.Kind == schema.KindText || g.canFailSeen(t.Elem, seen)
	case schema.KindSlice, schema.KindArray, schema.KindPointer:
		return g.canFailSeen(t.Elem, seen)
	case schema.KindRecord:
		return g.recordCanFail(g.m.Record(t.Ref), seen)
	}
	return false
}

func (g *gen) recordCanFail(r *schema.Record, seen map[string]bool) bool {
	if seen[r.Name] {
		// A record reached again adds nothing its first visit does not.
		return false
	}
	seen[r.Name] = true
	for _, f := range r.Fields {
		if g.canFailSeen(f.Type, seen) {
			return true
		}
	}
	return false
}

// notEmpty negates encoding/json's isEmptyValue for omitempty: an
// expression over the field x that is true when the field is written, or
// nil when values of t are never empty ([0]T, always empty, is left to
// the caller).
func (g *gen) notEmpty(t *schema.Type, x jen.Code) jen.Code {
	switch t.Kind {
	case schema.KindBytes, schema.KindRawJSON, schema.KindSlice, schema.KindMap:
		return jen.Len(x).Op("!=").Lit(0)
	case schema.KindPointer:
		return jen.Add(x).Op("!=").Nil()
	case schema.KindArray, schema.KindTime, schema.KindRecord:
		return nil
	case schema.KindText, schema.KindJSON:
		return notEmptyUnder(t.Under, x)
	}
	switch g.basicKind(t) {
	case schema.KindString:
		return jen.Len(x).Op("!=").Lit(0)
	case schema.KindBool:
		return x
	default:
		return jen.Add(x).Op("!=").Lit(0)
	}
}

// notZero negates encoding/json's omitzero test: true when the field x is
// written. It compares with the zero value, or asks time.Time's IsZero;
// the schema refuses omitzero on other types with an IsZero method, so no
// other method can decide.
func (g *gen) notZero(t *schema.Type, x jen.Code) jen.Code {
	switch t.Kind {
	case schema.KindTime:
		return jen.Op("!").Add(x).Dot("IsZero").Call()
	case schema.KindPointer:
		cond := jen.Add(x).Op("!=").Nil()
		if t.Elem.Kind == schema.KindTime || t.Elem.Under != nil && t.Elem.Under.IsZero {
			// *T has T's IsZero too: nil and the zero value are omitted.
			return cond.Op("&&").Op("!").Add(x).Dot("IsZero").Call()
		}
		return cond
	case schema.KindText, schema.KindJSON:
		if t.Under.IsZero {
			return jen.Op("!").Add(x).Dot("IsZero").Call()
		}
		switch t.Under.Kind {
		case schema.KindString, schema.KindBool, schema.KindInt, schema.KindUint, schema.KindFloat:
			return notEmptyUnder(t.Under, x)
		case schema.KindSlice, schema.KindMap, schema.KindPointer:
			return jen.Add(x).Op("!=").Nil()
		}
		if t.Under.Comparable {
			return jen.Add(x).Op("!=").Parens(jen.Add(g.goType(t)).Values())
		}
		return jen.Op("!").Qual("reflect", "ValueOf").Call(jen.Op("&").Add(x)).Dot("Elem").Call().Dot("IsZero").Call()
	case schema.KindBytes, schema.KindRawJSON, schema.KindSlice, schema.KindMap:
		return jen.Add(x).Op("!=").Nil()
	case schema.KindArray, schema.KindRecord:
		if g.comparable(t, map[string]bool{}) {
			return jen.Add(x).Op("!=").Parens(jen.Add(g.goType(t)).Values())
		}
		// No == for this type: reflect's IsZero is the definition
		// encoding/json uses, hidden fields included.
		return jen.Op("!").Qual("reflect", "ValueOf").Call(jen.Op("&").Add(x)).Dot("Elem").Call().Dot("IsZero").Call()
	}
	switch g.basicKind(t) {
	case schema.KindString:
		return jen.Len(x).Op("!=").Lit(0)
	case schema.KindBool:
		return x
	default:
		return jen.Add(x).Op("!=").Lit(0)
	}
}

// notEmptyUnder negates encoding/json's isEmptyValue on the Go type
// beneath a text or json type: nil when it is never empty (structs,
// arrays; a zero-length array, always empty, is left to the caller).
func notEmptyUnder(u *schema.Under, x jen.Code) jen.Code {
	switch u.Kind {
	case schema.KindString, schema.KindSlice, schema.KindMap:
		return jen.Len(x).Op("!=").Lit(0)
	case schema.KindBool:
		return x
	case schema.KindInt, schema.KindUint, schema.KindFloat:
		return jen.Add(x).Op("!=").Lit(0)
	case schema.KindPointer:
		return jen.Add(x).Op("!=").Nil()
	}
	return nil
}
