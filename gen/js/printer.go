package js

import "github.com/ssegen/ssegen/gen/internal/lines"

// printer builds JavaScript line by line with two-space indentation.
type printer struct {
	lines.Printer[lines.TwoSpaces]
}
