package client

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestCursorRoundTrip(t *testing.T) {
	c := Cursor{"system/system": "3", "comment/item:42": "17", "user/user:a b&c=d": "x+y/1"}
	s := c.String()
	// Topics sorted and form-encoded, as the protocol's example shows.
	if !strings.HasPrefix(s, "comment%2Fitem%3A42=17&system%2Fsystem=3&user%2Fuser%3Aa+b%26c%3Dd=x%2By%2F1") {
		t.Fatalf("String() = %q", s)
	}
	back, err := ParseCursor(s)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(c, back); diff != "" {
		t.Fatalf("round trip (-want +got):\n%s", diff)
	}
	if got := (Cursor{}).String(); got != "" {
		t.Errorf("empty cursor String() = %q", got)
	}
}

func TestParseCursor(t *testing.T) {
	got, err := ParseCursor("comment%2Fitem%3A42=17&system%2Fsystem=3")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(Cursor{"comment/item:42": "17", "system/system": "3"}, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if c, err := ParseCursor(""); err != nil || len(c) != 0 {
		t.Errorf("ParseCursor(\"\") = %v, %v", c, err)
	}
	for in, want := range map[string]string{
		"17":                        "no '='",
		"a%2Fb=1&a%2Fb=2":           "twice",
		"a%2Fb=":                    "empty id",
		"nochannel=1":               "not stream/channel",
		"%2Fb=1":                    "not stream/channel",
		"a%2F=1":                    "not stream/channel",
		"a%2Fb=%zz":                 "invalid URL escape",
		"a%zz=1":                    "invalid URL escape",
		"a%2Fb=1&&c%2Fd=2":          "no '='",
		"comment%2Fitem%3A42=17&x=": "not stream/channel",
	} {
		_, err := ParseCursor(in)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ParseCursor(%q) error %v, want one containing %q", in, err, want)
		}
	}
}

func TestSplitMux(t *testing.T) {
	tests := []struct {
		in, topic, payload string
		nilPayload         bool
		err                string
	}{
		{in: "comment/item:42\n{\"a\":1}", topic: "comment/item:42", payload: `{"a":1}`},
		{in: "comment/item:42\nline1\nline2", topic: "comment/item:42", payload: "line1\nline2"},
		{in: "comment/item:42\n", topic: "comment/item:42", payload: ""},
		{in: "system/system", topic: "system/system", nilPayload: true},
		{in: "", err: "no topic"},
		{in: "\n{}", err: "no topic"},
		{in: "notatopic\n{}", err: "not stream/channel"},
	}
	for _, tt := range tests {
		topic, payload, err := SplitMux([]byte(tt.in))
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("SplitMux(%q) error %v, want %q", tt.in, err, tt.err)
			}
			continue
		}
		if err != nil || topic != tt.topic || string(payload) != tt.payload || (payload == nil) != tt.nilPayload {
			t.Errorf("SplitMux(%q) = %q, %q, %v", tt.in, topic, payload, err)
		}
	}
}

// Whatever ParseCursor accepts, String writes back in a form that parses
// to the same positions, and encoding is canonical: a second round trip
// changes nothing.
func FuzzCursor(f *testing.F) {
	for _, s := range []string{"comment%2Fitem%3A42=17&system%2Fsystem=3", "a/b=1", "a%2Fb=x+y", "", "a%2Fb=1&a%2Fb=2", "a/b=%ZZ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := ParseCursor(s)
		if err != nil {
			return
		}
		enc := c.String()
		back, err := ParseCursor(enc)
		if err != nil {
			t.Fatalf("ParseCursor(%q) (from %q): %v", enc, s, err)
		}
		if diff := cmp.Diff(c, back); diff != "" {
			t.Fatalf("round trip of %q (-want +got):\n%s", s, diff)
		}
		if again := back.String(); again != enc {
			t.Fatalf("String not canonical: %q then %q", enc, again)
		}
		SplitMux([]byte(s)) // must not panic on anything
	})
}
