package js

import (
	"bytes"
	"fmt"
	"strings"
)

// printer builds JavaScript line by line with two-space indentation.
type printer struct {
	buf    bytes.Buffer
	indent int
}

// line writes one line at the current indentation; an empty format writes
// an empty line.
func (p *printer) line(format string, args ...any) {
	text := fmt.Sprintf(format, args...)
	if text != "" {
		p.buf.WriteString(strings.Repeat("  ", p.indent))
		p.buf.WriteString(text)
	}
	p.buf.WriteByte('\n')
}

// in and out change the indentation by one level.
func (p *printer) in()  { p.indent++ }
func (p *printer) out() { p.indent-- }

// bytes returns what was written.
func (p *printer) bytes() []byte { return p.buf.Bytes() }
