package elm

import (
	"bytes"
	"fmt"
	"strings"
)

// printer builds Elm source line by line with the indentation elm-format
// uses (four spaces a level), so that output needs no formatting pass.
type printer struct {
	buf    bytes.Buffer
	indent int
}

// line writes one line at the current indentation; an empty format writes
// an empty line with no trailing spaces.
func (p *printer) line(format string, args ...any) {
	text := format
	if len(args) > 0 {
		text = fmt.Sprintf(format, args...)
	}
	if text != "" {
		p.buf.WriteString(strings.Repeat("    ", p.indent))
		p.buf.WriteString(text)
	}
	p.buf.WriteByte('\n')
}

// in and out change the indentation by one level.
func (p *printer) in()  { p.indent++ }
func (p *printer) out() { p.indent-- }

// gap writes the two empty lines elm-format puts between top-level
// declarations.
func (p *printer) gap() {
	p.line("")
	p.line("")
}

// doc writes a doc comment `{-| ... -}` in elm-format's layout: the
// closing `-}` on a line of its own, after an empty line when the text
// ends with @docs, a list or a code block. text is Markdown; see markdown.
func (p *printer) doc(text string) {
	lines := strings.Split(strings.TrimSpace(escapeComment(text)), "\n")
	p.line("{-| %s", lines[0])
	for _, l := range lines[1:] {
		p.line("%s", strings.TrimRight(l, " \t"))
	}
	last := lines[len(lines)-1]
	if strings.HasPrefix(last, "@docs ") || strings.HasPrefix(last, "  ") || last == "```" {
		p.line("")
	}
	p.line("-}")
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
			p.line("%s %s", open, it)
		} else {
			p.line(", %s", it)
		}
	}
	p.line("%s", close)
}

// bytes returns what was written.
func (p *printer) bytes() []byte { return p.buf.Bytes() }

// escapeComment keeps Go doc text from ending or nesting an Elm block
// comment, which would break the module.
func escapeComment(s string) string {
	s = strings.ReplaceAll(s, "{-", "{ -")
	return strings.ReplaceAll(s, "-}", "- }")
}
