// Package lines writes generated source line by line at an indentation
// depth: the printer that the Elm, TypeScript and JavaScript generators share.
package lines

import (
	"bytes"
	"fmt"
	"strings"
)

// Step is the indentation of one level.
type Step interface {
	// Indent returns the text of one level of indentation.
	Indent() string
}

// TwoSpaces indents by two spaces a level (TypeScript, JavaScript).
type TwoSpaces struct{}

// Indent returns two spaces.
func (TwoSpaces) Indent() string { return "  " }

// FourSpaces indents by four spaces a level, as elm-format does.
type FourSpaces struct{}

// Indent returns four spaces.
func (FourSpaces) Indent() string { return "    " }

// Printer builds source line by line, each level of depth indented by S.
// The zero value is ready to use.
type Printer[S Step] struct {
	buf   bytes.Buffer
	depth int
}

// Line writes one line at the current indentation. format is written as
// it is when there are no args; an empty line has no trailing spaces.
func (p *Printer[S]) Line(format string, args ...any) {
	text := format
	if len(args) > 0 {
		text = fmt.Sprintf(format, args...)
	}
	if text != "" {
		var s S
		p.buf.WriteString(strings.Repeat(s.Indent(), p.depth))
		p.buf.WriteString(text)
	}
	p.buf.WriteByte('\n')
}

// In and Out change the indentation by one level.
func (p *Printer[S]) In()  { p.depth++ }
func (p *Printer[S]) Out() { p.depth-- }

// Bytes returns what was written.
func (p *Printer[S]) Bytes() []byte { return p.buf.Bytes() }

// Raw writes s as it is: text already laid out, such as a fixed part of a
// module.
func (p *Printer[S]) Raw(s string) { p.buf.WriteString(s) }
