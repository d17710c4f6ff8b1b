package elm

import (
	"fmt"
	"strings"

	"github.com/ssegen/ssegen/schema"
)

// enum renders an enum's custom type with its list of values, conversions
// to and from the wire value, decoder and encoder.
func (m *moduleGen) enum(e *schema.Enum, d *decl) {
	p := &m.body
	base := lowerCamel(e.Name)
	isString := e.Kind == schema.KindString
	wireType, literal := "Int", func(v string) string { return v }
	to, from := base+"ToInt", base+"FromInt"
	if isString {
		wireType, literal = "String", elmString
		to, from = base+"ToString", base+"FromString"
	}
	ctors := make([]string, len(e.Values))
	for i, v := range e.Values {
		ctors[i] = typeName(v.GoName)
	}

	doc := markdown(e.Doc)
	if doc == "" {
		doc = fmt.Sprintf("The values of the Go enum %s.", e.Name)
	}
	var notes []string
	for i, v := range e.Values {
		note := fmt.Sprintf("  - `%s`: %s", ctors[i], literal(v.Value))
		if vd := strings.Join(strings.Fields(v.Doc), " "); vd != "" {
			note += ", " + escapeMarkdown(lowerFirstWord(vd, v.GoName))
		}
		notes = append(notes, note)
	}
	p.doc(doc + "\n\nValues:\n\n" + strings.Join(notes, "\n"))
	p.line("type %s", d.typ)
	p.in()
	for i, c := range ctors {
		if i == 0 {
			p.line("= %s", c)
		} else {
			p.line("| %s", c)
		}
	}
	p.out()
	p.gap()

	p.doc(fmt.Sprintf("Every %s, in the order Go declares them.", d.typ))
	p.line("%sList : List %s", base, d.typ)
	p.line("%sList =", base)
	p.in()
	p.line("[ %s ]", strings.Join(ctors, ", "))
	p.out()
	p.gap()

	p.doc(fmt.Sprintf("The value Go sends for %s.", article(d.typ)))
	p.line("%s : %s -> %s", to, d.typ, wireType)
	p.line("%s value =", to)
	p.in()
	p.line("case value of")
	p.in()
	for i, v := range e.Values {
		if i > 0 {
			p.line("")
		}
		p.line("%s ->", ctors[i])
		p.in()
		p.line("%s", literal(v.Value))
		p.out()
	}
	p.out()
	p.out()
	p.gap()

	p.doc(fmt.Sprintf("The %s Go sends as this value, if any.", d.typ))
	p.line("%s : %s -> Maybe %s", from, wireType, d.typ)
	p.line("%s value =", from)
	p.in()
	if !isString {
		// Elm has no negative literal patterns, so integers are looked up
		// in the list; the first of two constants with one value wins.
		p.line("List.filter (\\candidate -> %s candidate == value) %sList", to, base)
		p.in()
		p.line("|> List.head")
		p.out()
		p.out()
		p.gap()
	} else {
		p.line("case value of")
		p.in()
		seen := map[string]bool{}
		for i, v := range e.Values {
			if seen[v.Value] {
				// Go allows two constants with one value; the first names it.
				continue
			}
			seen[v.Value] = true
			p.line("%s ->", literal(v.Value))
			p.in()
			p.line("Just %s", ctors[i])
			p.out()
			p.line("")
		}
		p.line("_ ->")
		p.in()
		p.line("Nothing")
		p.out()
		p.out()
		p.out()
		p.gap()
	}

	show := "value"
	if !isString {
		show = "String.fromInt value"
	}
	p.doc(fmt.Sprintf("Decodes %s, failing on a value Go does not declare.", article(d.typ)))
	p.line("%s : Decode.Decoder %s", d.decoder, d.typ)
	p.line("%s =", d.decoder)
	p.in()
	if isString {
		p.line("Decode.string")
	} else {
		p.line("Decode.int")
	}
	p.in()
	p.line("|> Decode.andThen")
	p.in()
	p.line("(\\value ->")
	p.in()
	p.line("case %s value of", from)
	p.in()
	p.line("Just found ->")
	p.in()
	p.line("Decode.succeed found")
	p.out()
	p.line("")
	p.line("Nothing ->")
	p.in()
	p.line("Decode.fail (%s ++ %s)", elmString("unknown "+e.Name+": "), show)
	p.out()
	p.out()
	p.out()
	p.line(")")
	p.out()
	p.out()
	p.out()
	p.gap()

	p.doc(fmt.Sprintf("Encodes %s as Go does.", article(d.typ)))
	p.line("%s : %s -> Encode.Value", d.encoder, d.typ)
	p.line("%s value =", d.encoder)
	p.in()
	if isString {
		p.line("Encode.string (%s value)", to)
	} else {
		p.line("Encode.int (%s value)", to)
	}
	p.out()
	p.gap()
}

// lowerFirstWord drops a Go doc's leading repetition of the constant's
// name ("SeverityLow can wait." becomes "can wait."), since the note
// already names it.
func lowerFirstWord(doc, goName string) string {
	if rest, ok := strings.CutPrefix(doc, goName+" "); ok {
		return rest
	}
	return doc
}
