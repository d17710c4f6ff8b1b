package elm

import (
	"bytes"
	"os/exec"
	"strings"
	"testing"

	"github.com/ssegen/ssegen/schema"
)

func TestMarkdown(t *testing.T) {
	cases := []struct{ in, want string }{
		{"One line.", "One line."},
		{"Stars * and **bold**.", `Stars \* and \*\*bold\*\*.`},
		{"Para one.\n\nPara two.", "Para one.\n\nPara two."},
		{"Intro:\n\tcode()\n\t\tmore()\nAfter.", "Intro:\n\n```go\ncode()\n\tmore()\n```\n\nAfter."},
		{"Ends in code:\n\tcode()", "Ends in code:\n\n```go\ncode()\n```"},
		{"Items:\n  - first\n  - second\n    continued\nAfter.", "Items:\n\n  - first\n  - second\n    continued\n\nAfter."},
		{"\n\nTrimmed.\n\n", "Trimmed."},
	}
	for _, c := range cases {
		if got := markdown(c.in); got != c.want {
			t.Errorf("markdown(%q):\n got %q\nwant %q", c.in, got, c.want)
		}
	}
}

// TestDocsSurviveElmFormat renders Go docs with code, lists, stars and
// comment delimiters and checks that elm-format accepts the module as it
// is: a `-}` in a Go comment must not end the Elm comment.
func TestDocsSurviveElmFormat(t *testing.T) {
	bin := elmFormat(t)
	doc := "Moved says {-| nested -} things *loudly*.\n\nExample:\n\tmove(a, b)\n\nNotes:\n  - one\n  - two"
	m := &schema.Model{Streams: []*schema.Stream{{
		Name: "m", Doc: doc, Pos: pos(1),
		Events: []*schema.Record{{Name: "Moved", Doc: doc, Pos: pos(3), Fields: []*schema.Field{
			{GoName: "At", JSONName: "at", Doc: "At is when -} it moved.", Type: &schema.Type{Kind: schema.KindTime}, Pos: pos(4)},
		}}},
	}}}
	out, err := Generate(m, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range out {
		cmd := exec.Command(bin, "--stdin", "--elm-version=0.19")
		cmd.Stdin = bytes.NewReader(f.Content)
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		if err := cmd.Run(); err != nil {
			t.Fatalf("elm-format rejects %s: %v\n%s\n%s", f.Path, err, stderr.String(), f.Content)
		}
		if !bytes.Equal(stdout.Bytes(), f.Content) {
			t.Errorf("elm-format would change %s:\n%s", f.Path, lineDiff(f.Content, stdout.Bytes()))
		}
		if f.Path == "Sse/M.elm" && !strings.Contains(string(f.Content), "says { -| nested - } things") {
			t.Errorf("comment delimiters in Go docs are not defused:\n%s", f.Content)
		}
	}
}
