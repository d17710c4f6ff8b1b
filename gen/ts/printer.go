package ts

import (
	"bytes"
	"fmt"
	"strings"
)

// printer builds TypeScript line by line with two-space indentation.
type printer struct {
	buf    bytes.Buffer
	indent int
}

// line writes one line at the current indentation; an empty format writes
// an empty line.
func (p *printer) line(format string, args ...any) {
	text := format
	if len(args) > 0 {
		text = fmt.Sprintf(format, args...)
	}
	if text != "" {
		p.buf.WriteString(strings.Repeat("  ", p.indent))
		p.buf.WriteString(text)
	}
	p.buf.WriteByte('\n')
}

// in and out change the indentation by one level.
func (p *printer) in()  { p.indent++ }
func (p *printer) out() { p.indent-- }

// doc writes text as a JSDoc comment; nothing when text is empty.
func (p *printer) doc(text string) {
	text = strings.TrimSpace(text)
	if text == "" {
		return
	}
	// "*/" would end the comment early.
	text = strings.ReplaceAll(text, "*/", "*\\/")
	lines := strings.Split(text, "\n")
	if len(lines) == 1 {
		p.line("/** %s */", lines[0])
		return
	}
	p.line("/**")
	for _, l := range lines {
		if strings.TrimSpace(l) == "" {
			p.line(" *")
			continue
		}
		p.line(" * %s", strings.TrimRight(l, " \t"))
	}
	p.line(" */")
}

// bytes returns what was written.
func (p *printer) bytes() []byte { return p.buf.Bytes() }

// quote is s as a TypeScript string literal.
func quote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r < 0x20 || r == 0x7f || r == 0x2028 || r == 0x2029:
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}
