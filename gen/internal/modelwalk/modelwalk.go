// Package modelwalk holds the walks over a schema model that several
// generators make in the same way: listing its records and checking that
// every type is one the schema package builds.
package modelwalk

import "github.com/ssegen/ssegen/schema"

// Records lists shared records, then events stream by stream.
func Records(m *schema.Model) []*schema.Record {
	out := append([]*schema.Record(nil), m.Records...)
	for _, s := range m.Streams {
		out = append(out, s.Events...)
	}
	return out
}

// TypeCheck says how a generator wants the types of a model checked.
type TypeCheck struct {
	// Output names what the generator writes, for messages: "Elm output".
	Output string
	// Declared reports whether the model declares the record or enum a
	// type of that kind refers to, as the generator looks it up.
	Declared func(t *schema.Type) bool
	// ChannelKeys checks the channel key of every stream too.
	ChannelKeys bool
}

// CheckTypes reports types that the schema package never builds (a model
// made by hand may hold them), so that rendering can trust every type:
// missing types, named types without their Go shape, opaque JSON forms,
// unknown kinds and references to records or enums the model lacks.
func CheckTypes(m *schema.Model, errs *schema.ErrorList, c TypeCheck) {
	var check func(t *schema.Type, pos schema.Pos, what string)
	check = func(t *schema.Type, pos schema.Pos, what string) {
		if t == nil {
			errs.Add(pos, "%s has no type", what)
			return
		}
		switch t.Kind {
		case schema.KindString, schema.KindBool, schema.KindInt, schema.KindUint, schema.KindFloat,
			schema.KindTime, schema.KindBytes, schema.KindRawJSON:
		case schema.KindText, schema.KindJSON:
			switch {
			case t.Named == nil || t.Under == nil:
				errs.Add(pos, "%s has a %s type without its Go name and shape", what, t.Kind)
			case t.Form != nil && t.Form.Kind == schema.KindJSON && t.Form.Form == nil:
				errs.Add(pos, "%s has a JSON form that is itself opaque", what)
			case t.Form != nil:
				check(t.Form, pos, what)
			}
		case schema.KindSlice, schema.KindArray, schema.KindPointer:
			check(t.Elem, pos, what)
		case schema.KindMap:
			check(t.Key, pos, what)
			check(t.Elem, pos, what)
		case schema.KindRecord, schema.KindEnum:
			if !c.Declared(t) {
				errs.Add(pos, "%s refers to %s, which the model does not declare", what, t.Ref)
			}
		default:
			errs.Add(pos, "%s has the kind %q, which %s does not support", what, t.Kind, c.Output)
		}
	}
	for _, r := range Records(m) {
		for _, f := range r.Fields {
			check(f.Type, f.Pos, "field "+f.GoName+" of "+r.Name)
		}
	}
	if !c.ChannelKeys {
		return
	}
	for _, s := range m.Streams {
		if s.Channel != nil {
			check(s.Channel.Key, s.Channel.Pos, "the channel key of stream "+s.Name)
		}
	}
}
