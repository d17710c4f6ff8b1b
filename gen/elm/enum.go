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
	p.Line("type %s", d.typ)
	p.In()
	for i, c := range ctors {
		if i == 0 {
			p.Line("= %s", c)
		} else {
			p.Line("| %s", c)
		}
	}
	p.Out()
	p.gap()

	p.doc(fmt.Sprintf("Every %s, in the order Go declares them.", d.typ))
	p.Line("%sList : List %s", base, d.typ)
	p.Line("%sList =", base)
	p.In()
	p.Line("[ %s ]", strings.Join(ctors, ", "))
	p.Out()
	p.gap()

	p.doc(fmt.Sprintf("The value Go sends for %s.", article(d.typ)))
	p.Line("%s : %s -> %s", to, d.typ, wireType)
	p.Line("%s value =", to)
	p.In()
	p.Line("case value of")
	p.In()
	for i, v := range e.Values {
		if i > 0 {
			p.Line("")
		}
		p.Line("%s ->", ctors[i])
		p.In()
		p.Line("%s", literal(v.Value))
		p.Out()
	}
	p.Out()
	p.Out()
	p.gap()

	p.doc(fmt.Sprintf("The %s Go sends as this value, if any.", d.typ))
	p.Line("%s : %s -> Maybe %s", from, wireType, d.typ)
	p.Line("%s value =", from)
	p.In()
	if !isString {
		// Elm has no negative literal patterns, so integers are looked up
		// in the list; the first of two constants with one value wins.
		p.Line("List.filter (\\candidate -> %s candidate == value) %sList", to, base)
		p.In()
		p.Line("|> List.head")
		p.Out()
		p.Out()
		p.gap()
	} else {
		p.Line("case value of")
		p.In()
		seen := map[string]bool{}
		for i, v := range e.Values {
			if seen[v.Value] {
				// Go allows two constants with one value; the first names it.
				continue
			}
			seen[v.Value] = true
			p.Line("%s ->", literal(v.Value))
			p.In()
			p.Line("Just %s", ctors[i])
			p.Out()
			p.Line("")
		}
		p.Line("_ ->")
		p.In()
		p.Line("Nothing")
		p.Out()
		p.Out()
		p.Out()
		p.gap()
	}

	show := "value"
	if !isString {
		show = "String.fromInt value"
	}
	p.doc(fmt.Sprintf("Decodes %s, failing on a value Go does not declare.", article(d.typ)))
	p.Line("%s : Decode.Decoder %s", d.decoder, d.typ)
	p.Line("%s =", d.decoder)
	p.In()
	if isString {
		p.Line("Decode.string")
	} else {
		p.Line("Decode.int")
	}
	p.In()
	p.Line("|> Decode.andThen")
	p.In()
	p.Line("(\\value ->")
	p.In()
	p.Line("case %s value of", from)
	p.In()
	p.Line("Just found ->")
	p.In()
	p.Line("Decode.succeed found")
	p.Out()
	p.Line("")
	p.Line("Nothing ->")
	p.In()
	p.Line("Decode.fail (%s ++ %s)", elmString("unknown "+e.Name+": "), show)
	p.Out()
	p.Out()
	p.Out()
	p.Line(")")
	p.Out()
	p.Out()
	p.Out()
	p.gap()

	p.doc(fmt.Sprintf("Encodes %s as Go does.", article(d.typ)))
	p.Line("%s : %s -> Encode.Value", d.encoder, d.typ)
	p.Line("%s value =", d.encoder)
	p.In()
	if isString {
		p.Line("Encode.string (%s value)", to)
	} else {
		p.Line("Encode.int (%s value)", to)
	}
	p.Out()
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
