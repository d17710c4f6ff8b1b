package ts

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/ssegen/ssegen/schema"
)

// record renders a record's interface, decoder and encoder.
func (g *generator) record(p *printer, im *imports, r *schema.Record, what string) {
	d := g.decls[r.Name]
	type field struct {
		f     *schema.Field
		name  string
		s     shape
		omits omission
	}
	fields := make([]field, len(r.Fields))
	for i, f := range r.Fields {
		fields[i] = field{f: f, name: g.fields[f], omits: omitted(f)}
		t := f.Type
		if fields[i].omits == maybeMissing && t.Kind == schema.KindPointer {
			// An omitted nil pointer and a missing member are one thing:
			// an absent property.
			t = t.Elem
		}
		fields[i].s = g.shapeOf(t, f.String, im)
	}

	doc := docText(r.Doc)
	if doc == "" {
		doc = fmt.Sprintf("The data of the %s %s.", r.Name, what)
	}
	p.doc(doc)
	if len(fields) == 0 {
		p.Line("export interface %s {}", d.typ)
	} else {
		p.Line("export interface %s {", d.typ)
		p.In()
		for _, f := range fields {
			p.doc(fieldDoc(f.f, g.m.Package.Path))
			opt := ""
			typ := f.s.typ
			switch {
			case f.omits == maybeMissing:
				opt = "?"
			case f.omits == present && f.f.Type.Kind == schema.KindPointer:
				// null when nil, and a missing member reads the same.
			}
			p.Line("%s%s: %s;", f.name, opt, typ)
		}
		p.Out()
		p.Line("}")
	}
	p.Line("")

	p.doc(fmt.Sprintf("Decodes %s from untrusted JSON, checking every member; throws a DecodeError naming the path.", article(d.typ)))
	p.Line("export function %s(value: unknown, path: string = %s): %s {", d.decoder, quote(r.Name), d.typ)
	p.In()
	if len(fields) == 0 {
		p.Line("$d.object(value, path);")
		p.Line("return {};")
	} else {
		p.Line("const $o = $d.object(value, path);")
		var required, optional []field
		for _, f := range fields {
			if f.omits == maybeMissing {
				optional = append(optional, f)
			} else {
				required = append(required, f)
			}
		}
		if len(required) == 0 {
			p.Line("const $out: %s = {};", d.typ)
		} else {
			p.Line("const $out: %s = {", d.typ)
			p.In()
			for _, f := range required {
				member := fmt.Sprintf("$d.member($o, %s)", quote(f.f.JSONName))
				path := memberPath(f.f.JSONName)
				var expr string
				switch {
				case f.omits == emptyMissing:
					// Missing reads as empty, like null.
					member = fmt.Sprintf("$d.member($o, %s) ?? null", quote(f.f.JSONName))
					expr = f.s.decode(member, path)
				case f.f.Type.Kind == schema.KindPointer:
					// A missing member reads as null, as Go's nil.
					member = fmt.Sprintf("$d.member($o, %s) ?? null", quote(f.f.JSONName))
					expr = f.s.decode(member, path)
				default:
					expr = f.s.decode(member, path)
				}
				p.Line("%s: %s,", f.name, expr)
			}
			p.Out()
			p.Line("};")
		}
		for i, f := range optional {
			// Locals begin with "$", which no Go name has, and are
			// numbered, so that no field name can clash with them.
			local := fmt.Sprintf("$%d", i)
			if t := f.f.Type; t.Kind == schema.KindRawJSON || opaque(t) || t.Kind == schema.KindPointer && opaque(t.Elem) {
				// Go leaves out only an empty RawMessage; one that holds
				// null is written as null and must stay null, or Go would
				// read it as nil. A MarshalJSON may write null for a value
				// omitempty keeps, too.
				p.Line("const %s = $d.member($o, %s);", local, quote(f.f.JSONName))
			} else {
				p.Line("const %s = $d.optional($o, %s, %s, %s);", local, quote(f.f.JSONName), memberPath(f.f.JSONName), f.s.decoder())
			}
			p.Line("if (%s !== undefined) {", local)
			p.In()
			p.Line("$out.%s = %s;", f.name, local)
			p.Out()
			p.Line("}")
		}
		p.Line("return $out;")
	}
	p.Out()
	p.Line("}")
	p.Line("")

	p.doc(fmt.Sprintf("Encodes %s as the JSON value Go writes for it (members in Go's order).", article(d.typ)))
	if len(fields) == 0 {
		p.Line("export function %s(_value: %s): { [member: string]: unknown } {", d.encoder, d.typ)
		p.In()
		p.Line("return {};")
		p.Out()
		p.Line("}")
		p.Line("")
		return
	}
	p.Line("export function %s(value: %s): { [member: string]: unknown } {", d.encoder, d.typ)
	p.In()
	p.Line("const $o: { [member: string]: unknown } = {};")
	for _, f := range fields {
		access := "value." + f.name
		set := func(expr string) string {
			if f.f.JSONName == "__proto__" {
				return fmt.Sprintf("$d.put($o, %s, %s);", quote(f.f.JSONName), expr)
			}
			return fmt.Sprintf("$o[%s] = %s;", quote(f.f.JSONName), expr)
		}
		switch f.omits {
		case present:
			p.Line("%s", set(f.s.encode(access)))
		case maybeMissing:
			p.Line("if (%s !== undefined) {", access)
			p.In()
			p.Line("%s", set(f.s.encode(access)))
			p.Out()
			p.Line("}")
		case emptyMissing:
			cond := access + ".length > 0"
			if f.f.Type.Kind == schema.KindMap {
				cond = "Object.keys(" + access + ").length > 0"
			}
			p.Line("if (%s) {", cond)
			p.In()
			p.Line("%s", set(f.s.encode(access)))
			p.Out()
			p.Line("}")
		}
	}
	p.Line("return $o;")
	p.Out()
	p.Line("}")
	p.Line("")
}

// enum renders an enum's literal union, its list of values and its
// decoder. The value is its own JSON, so there is no encoder.
func (g *generator) enum(p *printer, e *schema.Enum) {
	d := g.decls[e.Name]
	var lits []string
	seen := map[string]bool{}
	var notes []string
	for _, v := range e.Values {
		lit := v.Value
		if e.Kind == schema.KindString {
			lit = quote(v.Value)
		}
		if !seen[lit] {
			seen[lit] = true
			lits = append(lits, lit)
		}
		note := fmt.Sprintf("- `%s`: %s", lit, v.GoName)
		if vd := strings.Join(strings.Fields(v.Doc), " "); vd != "" {
			note += ", " + vd
		}
		notes = append(notes, note)
	}
	doc := docText(e.Doc)
	if doc == "" {
		doc = fmt.Sprintf("The values of the Go enum %s.", e.Name)
	}
	p.doc(doc + "\n\nValues:\n\n" + strings.Join(notes, "\n"))
	p.Line("export type %s = %s;", d.typ, strings.Join(lits, " | "))
	p.Line("")
	p.doc(fmt.Sprintf("Every %s, in the order Go declares them.", d.typ))
	p.Line("export const %s: readonly %s[] = [%s];", d.values, d.typ, strings.Join(lits, ", "))
	p.Line("")
	p.doc(fmt.Sprintf("Decodes %s; a value Go does not declare fails.", article(d.typ)))
	p.Line("export function %s(value: unknown, path: string = %s): %s {", d.decoder, quote(e.Name), d.typ)
	p.In()
	p.Line("switch (value) {")
	p.In()
	for _, l := range lits {
		p.Line("case %s:", l)
	}
	p.In()
	p.Line("return value;")
	p.Out()
	p.Out()
	p.Line("}")
	p.Line("throw new $d.DecodeError(path, %s);", quote("expected one of "+strings.Join(lits, ", ")))
	p.Out()
	p.Line("}")
	p.Line("")
}

// renderTypes renders types.ts: the shared records and enums.
func (g *generator) renderTypes() []byte {
	im := newImports(moduleOf(TypesFile))
	var p printer
	for _, e := range g.m.Enums {
		g.enum(&p, e)
	}
	for _, r := range g.m.Records {
		g.record(&p, im, r, "record")
	}
	doc := fmt.Sprintf("The records and enums that the events of %s use, shared by every stream module.", g.m.Package.Path)
	return assemble(doc, []string{`import * as $d from "./decode.js";`}, im, p.Bytes())
}

// memberPath is the expression of the path of the member name below the
// decoder's path: `path + ".board_id"`, or `path + "[\"-\"]"` for names
// that are not identifiers. Deciding here keeps the check out of every
// decode.
func memberPath(name string) string {
	if asciiIdentifier.MatchString(name) {
		return "path + " + quote("."+name)
	}
	return "path + " + quote("["+quote(name)+"]")
}

// asciiIdentifier matches member names that read well after a dot.
var asciiIdentifier = regexp.MustCompile(`^[A-Za-z_$][A-Za-z0-9_$]*$`)

// article prefixes a type name with "a" or "an" for doc sentences.
func article(name string) string {
	if name != "" && strings.ContainsRune("AEIOU", rune(name[0])) {
		return "an " + name
	}
	return "a " + name
}

// docText is a Go doc comment as JSDoc text.
func docText(goDoc string) string {
	return strings.TrimSpace(goDoc)
}

// fieldDoc documents a field: its Go doc and what a TypeScript programmer
// must know about its representation.
func fieldDoc(f *schema.Field, pkgPath string) string {
	var parts []string
	if doc := strings.Join(strings.Fields(f.Doc), " "); doc != "" {
		parts = append(parts, doc)
	}
	parts = append(parts, typeNotes(f.Type, f.String, pkgPath)...)
	parts = append(parts, fmt.Sprintf("JSON: `%s`.", f.JSONName))
	return strings.Join(parts, " ")
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
	// inside is set below a list or a map, which the `string` tag option
	// does not reach.
	var walk func(t *schema.Type, quoted, inside bool)
	walk = func(t *schema.Type, quoted, inside bool) {
		switch t.Kind {
		case schema.KindInt, schema.KindUint:
			switch {
			case is64(t) && quoted:
				add("A 64-bit integer kept as its decimal text (the `string` tag option), so it is exact.")
			case is64(t) && inside:
				add("Holds 64-bit integers from Go: a number is exact only up to 2^53 in magnitude, and the `string` tag option does not reach into slices and maps; use strings in Go for exact values.")
			case is64(t):
				add("A 64-bit integer in Go: a number is exact only up to 2^53 in magnitude; tag the Go field `,string` for exact values.")
			}
		case schema.KindTime:
			add("A time as RFC 3339 text, e.g. `2006-01-02T15:04:05Z`.")
		case schema.KindBytes:
			add("Bytes as standard base64 text.")
		case schema.KindRawJSON:
			add("Any JSON value as JSON.parse gives it: encoding writes it anew, so its numbers come back as doubles and a repeated member name once.")
		case schema.KindText:
			add(fmt.Sprintf("Go's `%s`, written as text by its own MarshalText.", goName(t.Named)))
		case schema.KindJSON:
			if t.Form == nil {
				add(fmt.Sprintf("Go's `%s`, written by its own MarshalJSON: any JSON value, passed on undecoded.", goName(t.Named)))
				break
			}
			add(fmt.Sprintf("Go's `%s`, written by its own MarshalJSON as %s.", goName(t.Named), formPhrase(t.Form)))
			if (t.Form.Kind == schema.KindInt || t.Form.Kind == schema.KindUint) && is64(t.Form) {
				add("A number is exact only up to 2^53 in magnitude.")
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

// opaque reports whether t writes any JSON by its own MarshalJSON, with
// no declared form.
func opaque(t *schema.Type) bool {
	return t != nil && t.Kind == schema.KindJSON && t.Form == nil
}

// formPhrase says what JSON a declared form is, for docs.
func formPhrase(form *schema.Type) string {
	switch form.Kind {
	case schema.KindString:
		return "a JSON string"
	case schema.KindInt, schema.KindUint, schema.KindFloat:
		return "a JSON number"
	case schema.KindBool:
		return "a JSON boolean"
	}
	return "the JSON of its declared form"
}
