package lines

import "testing"

// TestPrinter checks the layout every generator relies on: indentation by
// the step, empty lines without spaces, and raw text untouched.
func TestPrinter(t *testing.T) {
	var two Printer[TwoSpaces]
	two.Line("a {")
	two.In()
	two.Line("b: %d,", 1)
	two.Line("")
	two.In()
	two.Raw("raw\n")
	two.Line("c")
	two.Out()
	two.Out()
	two.Line("}")
	if got, want := string(two.Bytes()), "a {\n  b: 1,\n\nraw\n    c\n}\n"; got != want {
		t.Errorf("two spaces:\n got %q\nwant %q", got, want)
	}

	var four Printer[FourSpaces]
	four.In()
	four.Line("x = %s", "y")
	if got, want := string(four.Bytes()), "    x = y\n"; got != want {
		t.Errorf("four spaces: got %q, want %q", got, want)
	}
}
