package elm

import (
	"strings"

	"github.com/ssegen/ssegen/gen/internal/lines"
)

// printer builds Elm source line by line with the indentation elm-format
// uses (four spaces a level), so that output needs no formatting pass.
type printer struct {
	lines.Printer[lines.FourSpaces]
}

// gap writes the two empty lines elm-format puts between top-level
// declarations.
func (p *printer) gap() {
	p.Line("")
	p.Line("")
}

// doc writes a doc comment `{-| ... -}` in elm-format's layout: the
// closing `-}` on a line of its own, after an empty line when the text
// ends with @docs, a list or a code block. text is Markdown; see markdown.
func (p *printer) doc(text string) {
	lines := strings.Split(strings.TrimSpace(escapeComment(text)), "\n")
	p.Line("{-| %s", lines[0])
	for _, l := range lines[1:] {
		p.Line("%s", strings.TrimRight(l, " \t"))
	}
	last := lines[len(lines)-1]
	if strings.HasPrefix(last, "@docs ") || strings.HasPrefix(last, "  ") || last == "```" {
		p.Line("")
	}
	p.Line("-}")
}

// list writes a multi-line list or record in elm-format's layout:
//
//	[ a
//	, b
//	]
//
// open and close are the brackets; items must be non-empty.
func (p *printer) list(open, close string, items []string) {
	for i, it := range items {
		if i == 0 {
			p.Line("%s %s", open, it)
		} else {
			p.Line(", %s", it)
		}
	}
	p.Line("%s", close)
}

// escapeComment keeps Go doc text from ending or nesting an Elm block
// comment, which would break the module.
func escapeComment(s string) string {
	s = strings.ReplaceAll(s, "{-", "{ -")
	return strings.ReplaceAll(s, "-}", "- }")
}
