package elm

import (
	"fmt"
	"strings"

	"github.com/ssegen/ssegen/schema"
)

// field is one record field as Elm sees it.
type field struct {
	f     *schema.Field
	name  string // Elm field name
	typ   string // Elm type
	dec   string // expression of type Decode.Decoder (a -> b) -> Decode.Decoder b's argument
	entry string // object member: "( ... )" or a Maybe of it
	// optional is set when the member may be left out (entry is a Maybe).
	optional bool
}

// fieldOf maps a record field to its Elm type, decoder and encoder member.
func (m *moduleGen) fieldOf(f *schema.Field) field {
	name := m.g.fields[f]
	wire := elmString(f.JSONName)
	access := "value." + name
	t := f.Type
	out := field{f: f, name: name}
	switch omitted(f) {
	case present:
		if t.Kind == schema.KindPointer {
			// Go writes null for a nil pointer; Elm reads a missing field
			// the same way.
			inner := m.shapeOf(t.Elem, f.String)
			m.use(helperDecodeOptionalField)
			m.use(helperWriteNullable)
			out.typ = "Maybe " + atomic(inner.typ)
			out.dec = fmt.Sprintf("decodeOptionalField %s %s", wire, atomic(inner.decoder))
			out.entry = fmt.Sprintf("( %s, writeNullable %s %s )", wire, atomic(inner.encoder), access)
			return out
		}
		s := m.shapeOf(t, f.String)
		out.typ = s.typ
		out.dec = fmt.Sprintf("Decode.field %s %s", wire, atomic(s.decoder))
		out.entry = fmt.Sprintf("( %s, %s %s )", wire, s.encoder, access)
	case maybeMissing:
		elem := t
		if t.Kind == schema.KindPointer {
			elem = t.Elem
		}
		s := m.shapeOf(elem, f.String)
		m.use(helperOptionalMember)
		out.typ = "Maybe " + atomic(s.typ)
		if t.Kind == schema.KindRawJSON || elem.Kind == schema.KindJSON && elem.Form == nil {
			// Go leaves out only an empty RawMessage; one that holds null
			// is written as null and must come back as Just null, or Go
			// would read it as nil. A MarshalJSON may write null for a
			// value omitempty keeps, too.
			out.dec = fmt.Sprintf("Decode.maybe (Decode.field %s Decode.value)", wire)
		} else {
			m.use(helperDecodeOptionalField)
			out.dec = fmt.Sprintf("decodeOptionalField %s %s", wire, atomic(s.decoder))
		}
		out.entry = fmt.Sprintf("optionalMember %s %s %s", wire, atomic(s.encoder), access)
		out.optional = true
	case emptyMissing:
		s := m.shapeOf(t, f.String)
		empty, isEmpty := "[]", "List.isEmpty"
		if t.Kind == schema.KindMap {
			empty, isEmpty = "Dict.empty", "Dict.isEmpty"
		}
		m.use(helperDecodeOptionalField)
		m.use(helperNonEmptyMember)
		out.typ = s.typ
		out.dec = fmt.Sprintf("Decode.map (Maybe.withDefault %s) (decodeOptionalField %s %s)", empty, wire, atomic(s.decoder))
		out.entry = fmt.Sprintf("nonEmptyMember %s %s %s %s", wire, isEmpty, atomic(s.encoder), access)
		out.optional = true
	}
	return out
}

// balanced reports whether the parentheses of s pair up, so that stripping
// an outer pair is safe.
func balanced(s string) bool {
	depth := 0
	for _, r := range s {
		switch r {
		case '(':
			depth++
		case ')':
			depth--
			if depth < 0 {
				return false
			}
		}
	}
	return depth == 0
}

// record renders a record's type alias, decoder and encoder. docText is
// the alias's documentation in Markdown.
func (m *moduleGen) record(r *schema.Record, d *decl, docText string) {
	fields := make([]field, len(r.Fields))
	for i, f := range r.Fields {
		fields[i] = m.fieldOf(f)
	}
	p := &m.body

	p.doc(docText + fieldNotes(fields, m.g.m.Package.Path))
	p.Line("type alias %s =", d.typ)
	p.In()
	if len(fields) == 0 {
		p.Line("{}")
	} else {
		items := make([]string, len(fields))
		for i, f := range fields {
			items[i] = f.name + " : " + f.typ
		}
		p.list("{", "}", items)
	}
	p.Out()
	p.gap()

	p.doc(fmt.Sprintf("Decodes %s from its JSON.", article(d.typ)))
	p.Line("%s : Decode.Decoder %s", d.decoder, d.typ)
	p.Line("%s =", d.decoder)
	p.In()
	if len(fields) == 0 {
		p.Line("Decode.succeed {}")
	} else {
		m.use(helperAndMap)
		p.Line("Decode.succeed %s", d.typ)
		p.In()
		for _, f := range fields {
			p.Line("|> andMap %s", atomic(f.dec))
		}
		p.Out()
	}
	p.Out()
	p.gap()

	p.doc(fmt.Sprintf("Encodes %s as the JSON Go writes.", article(d.typ)))
	p.Line("%s : %s -> Encode.Value", d.encoder, d.typ)
	if len(fields) == 0 {
		p.Line("%s _ =", d.encoder)
		p.In()
		p.Line("Encode.object []")
		p.Out()
		p.gap()
		return
	}
	p.Line("%s value =", d.encoder)
	p.In()
	anyOptional := false
	for _, f := range fields {
		anyOptional = anyOptional || f.optional
	}
	items := make([]string, len(fields))
	for i, f := range fields {
		items[i] = f.entry
		if anyOptional && !f.optional {
			items[i] = "Just " + f.entry
		}
	}
	if anyOptional {
		// Members Go leaves out are Nothing here.
		p.Line("Encode.object")
		p.In()
		p.Line("(List.filterMap identity")
		p.In()
		p.list("[", "]", items)
		p.Out()
		p.Line(")")
		p.Out()
	} else {
		p.Line("Encode.object")
		p.In()
		p.list("[", "]", items)
		p.Out()
	}
	p.Out()
	p.gap()
}

// article prefixes a type name with "a" or "an" for doc sentences.
func article(name string) string {
	if name != "" && strings.ContainsRune("AEIOU", rune(name[0])) {
		return "an " + name
	}
	return "a " + name
}

// fieldNotes documents the fields: their Go doc and what an Elm programmer
// must know about their representation (precision, text encodings).
func fieldNotes(fields []field, pkgPath string) string {
	var lines []string
	for _, f := range fields {
		var parts []string
		if doc := strings.Join(strings.Fields(f.f.Doc), " "); doc != "" {
			parts = append(parts, escapeMarkdown(doc))
		}
		parts = append(parts, typeNotes(f.f.Type, f.f.String, pkgPath)...)
		if len(parts) > 0 {
			lines = append(lines, fmt.Sprintf("  - `%s`: %s", f.name, strings.Join(parts, " ")))
		}
	}
	if len(lines) == 0 {
		return ""
	}
	// The heading keeps a list that ends the Go doc from merging with
	// these notes.
	return "\n\nFields:\n\n" + strings.Join(lines, "\n")
}

// typeNotes are the representation notes for a type, outermost first.
func typeNotes(t *schema.Type, quoted bool, pkgPath string) []string {
	goName := func(n *schema.TypeName) string {
		if n.PkgPath == pkgPath {
			return n.Name // the models package's own type
		}
		return n.String()
	}
	var notes []string
	seen := map[string]bool{}
	add := func(n string) {
		if !seen[n] {
			seen[n] = true
			notes = append(notes, n)
		}
	}
	// inside is set below a list or a dict, which the `string` tag option
	// does not reach.
	var walk func(t *schema.Type, quoted, inside bool)
	walk = func(t *schema.Type, quoted, inside bool) {
		if t.Named != nil && t.Named.PkgPath == "time" && t.Named.Name == "Duration" {
			add("A Go `time.Duration`: nanoseconds.")
		}
		switch t.Kind {
		case schema.KindInt, schema.KindUint:
			switch {
			case is64(t) && quoted:
				add("A 64-bit integer kept as its decimal text (the `string` tag option), so it is exact.")
			case is64(t) && inside:
				add("Holds 64-bit integers from Go: an Elm Int is exact only up to 2^53 in magnitude, and the `string` tag option does not reach into lists and dicts; use strings in Go for exact values.")
			case is64(t):
				add("A 64-bit integer in Go: an Elm Int is exact only up to 2^53 in magnitude; tag the Go field `,string` for exact values.")
			}
		case schema.KindTime:
			add("A time as RFC 3339 text, e.g. `2006-01-02T15:04:05Z`.")
		case schema.KindBytes:
			add("Bytes as standard base64 text.")
		case schema.KindRawJSON:
			add("Any JSON value, kept as a `Decode.Value`: encoding writes it anew, so its numbers come back as doubles and a repeated member name once.")
		case schema.KindText:
			add(fmt.Sprintf("Go's `%s`, written as text by its own MarshalText.", goName(t.Named)))
		case schema.KindJSON:
			if t.Form == nil {
				add(fmt.Sprintf("Go's `%s`, written by its own MarshalJSON: any JSON value, kept as a `Decode.Value`.", goName(t.Named)))
				break
			}
			add(fmt.Sprintf("Go's `%s`, written by its own MarshalJSON as %s.", goName(t.Named), formPhrase(t.Form)))
			if (t.Form.Kind == schema.KindInt || t.Form.Kind == schema.KindUint) && is64(t.Form) {
				add("An Elm Int is exact only up to 2^53 in magnitude.")
			}
		case schema.KindMap:
			switch t.Key.Kind {
			case schema.KindInt, schema.KindUint:
				add("Integer keys become their decimal text.")
			case schema.KindEnum:
				add("Keys are the enum's values as text.")
			case schema.KindText:
				add(fmt.Sprintf("Keys are Go `%s` values as the text of their MarshalText.", goName(t.Key.Named)))
			}
		}
		if t.Elem != nil {
			walk(t.Elem, quoted && t.Kind == schema.KindPointer, inside || t.Kind != schema.KindPointer)
		}
	}
	walk(t, quoted, false)
	return notes
}

// elmString is s as an Elm string literal.
func elmString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"':
			b.WriteString(`\"`)
		case r == '\\':
			b.WriteString(`\\`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == 0x7f || r == 0x2028 || r == 0x2029:
			fmt.Fprintf(&b, `\u{%04X}`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// formPhrase says in words which JSON a declared form stands for.
func formPhrase(form *schema.Type) string {
	switch form.Kind {
	case schema.KindString:
		return "a JSON string"
	case schema.KindInt, schema.KindUint, schema.KindFloat:
		return "a JSON number"
	case schema.KindBool:
		return "a JSON boolean"
	case schema.KindPointer:
		return "null or " + formPhrase(form.Elem)
	}
	return "the JSON of its declared form"
}
