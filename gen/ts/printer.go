package ts

import (
	"fmt"
	"strings"

	"github.com/ssegen/ssegen/gen/internal/lines"
)

// printer builds TypeScript line by line with two-space indentation.
type printer struct {
	lines.Printer[lines.TwoSpaces]
}

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
		p.Line("/** %s */", lines[0])
		return
	}
	p.Line("/**")
	for _, l := range lines {
		if strings.TrimSpace(l) == "" {
			p.Line(" *")
			continue
		}
		p.Line(" * %s", strings.TrimRight(l, " \t"))
	}
	p.Line(" */")
}

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
