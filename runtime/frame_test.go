package runtime

import (
	"bytes"
	"errors"
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"

	sse "github.com/tmaxmax/go-sse"
)

func TestFrameBytes(t *testing.T) {
	f, err := newFrame(Event{Topic: "comment/item:42", ID: "17", Name: "CommentAdded", Data: []byte("a\r\nb\rc\nd")})
	if err != nil {
		t.Fatal(err)
	}
	single := string(f.appendSingle(nil))
	if want := "id: 17\nevent: CommentAdded\ndata: a\ndata: b\ndata: c\ndata: d\n\n"; single != want {
		t.Errorf("single frame:\n%q\nwant\n%q", single, want)
	}
	mux := string(f.appendMux(nil, []byte("comment%2Fitem%3A42=17")))
	if want := "id: comment%2Fitem%3A42=17\nevent: CommentAdded\ndata: comment/item:42\ndata: a\ndata: b\ndata: c\ndata: d\n\n"; mux != want {
		t.Errorf("mux frame:\n%q\nwant\n%q", mux, want)
	}
}

func TestFrameEmptyAndTrailingLines(t *testing.T) {
	for _, data := range []string{"", "\n", "x\n", "\r\n\r\n", " leading space", ":colon"} {
		f, err := newFrame(Event{Topic: "s/s", ID: "1", Name: "E", Data: []byte(data)})
		if err != nil {
			t.Fatal(err)
		}
		got := readOne(t, f.appendSingle(nil))
		if want := normalizeNewlines(data); got.Data != want || got.Type != "E" || got.LastEventID != "1" {
			t.Errorf("data %q read back as %+v, want data %q", data, got, want)
		}
	}
}

func TestPublishRefusesBadNames(t *testing.T) {
	h := NewHub(HubConfig{})
	defer h.Close()
	cases := []struct{ stream, channel, event, data string }{
		{"comment", "item:1", "", "{}"},
		{"comment", "item:1", "Bad\nName", "{}"},
		{"comment", "item:1", "Bad\rName", "{}"},
		{"comment", "item:1", "Bad\x00Name", "{}"},
		{"comment", "item:1", "lowercase", "{}"},
		{"comment", "item:1", "Good", "\xff"},
		{"comment", "item/1", "Good", "{}"},
		{"comment", "item:\n", "Good", "{}"},
		{"", "item:1", "Good", "{}"},
		{"comment", "", "Good", "{}"},
		{"comment", strings.Repeat("x", 300), "Good", "{}"},
	}
	for _, c := range cases {
		_, err := h.Publish(t.Context(), c.stream, c.channel, c.event, []byte(c.data))
		if !errors.Is(err, ErrInvalid) {
			t.Errorf("Publish(%q, %q, %q, %q) = %v, want ErrInvalid", c.stream, c.channel, c.event, c.data, err)
		}
	}
	if _, err := h.Publish(t.Context(), "comment", "item:1", "Ünicode", []byte("{}")); err != nil {
		t.Errorf("Publish with an upper-case non-ASCII name: %v", err)
	}
}

func TestQueryEscapeMatchesNetURL(t *testing.T) {
	for _, s := range []string{"comment/item:42", "a b+c&d=e", "ü€\x00\xff~._-", ""} {
		if got, want := formatCursor(map[string]string{s: s}), queryEscape(s)+"="+queryEscape(s); s != "" && got != want {
			t.Errorf("cursor of %q = %q, want %q", s, got, want)
		}
	}
}

// readOne parses b with the independent parser and returns its only event.
func readOne(t testing.TB, b []byte) sse.Event {
	t.Helper()
	var evs []sse.Event
	for ev, err := range sse.Read(bytes.NewReader(b), nil) {
		if err != nil {
			t.Fatalf("parse %q: %v", b, err)
		}
		evs = append(evs, ev)
	}
	if len(evs) != 1 {
		t.Fatalf("parse %q: %d events, want 1", b, len(evs))
	}
	return evs[0]
}

// normalizeNewlines turns CRLF and CR into LF, as a parser does between
// data lines.
func normalizeNewlines(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.ReplaceAll(s, "\r", "\n")
}

// FuzzFrame publishes arbitrary names, ids and data: the runtime either
// refuses them with ErrInvalid, or writes a frame that the independent
// parser reads back as exactly the event, in both endpoint forms.
func FuzzFrame(f *testing.F) {
	f.Add("CommentAdded", "17", []byte(`{"a":1}`))
	f.Add("E", "1", []byte("a\r\nb\rc\nd"))
	f.Add("E\r", "1", []byte("x"))
	f.Add("E", "1\n2", []byte("x"))
	f.Add("E", "1\x002", []byte("x"))
	f.Add("\ufeffE", "1", []byte("\ufeffdata"))
	f.Add("E", "\ufeff1", []byte("\xff\xfe"))
	f.Add("Ä", "1", []byte("\x00\r\n\n\r"))
	f.Fuzz(func(t *testing.T, name, id string, data []byte) {
		errName := checkEventName(name)
		errData := checkData(data)
		f, errFrame := newFrame(Event{Topic: "s/c", ID: id, Name: name, Data: data})
		if errName != nil || errData != nil || errFrame != nil {
			for _, err := range []error{errName, errData, errFrame} {
				if err != nil && !errors.Is(err, ErrInvalid) {
					t.Fatalf("error does not wrap ErrInvalid: %v", err)
				}
			}
			if errName == nil && errData == nil && checkID(id) == nil {
				t.Fatalf("valid event refused: %v", errFrame)
			}
			return
		}
		if strings.ContainsAny(name, "\r\n\x00") || strings.ContainsAny(id, "\r\n\x00") || !utf8.Valid(data) {
			t.Fatalf("accepted name %q id %q data %q", name, id, data)
		}
		want := normalizeNewlines(string(data))
		got := readOne(t, f.appendSingle(nil))
		if got.Type != name || got.LastEventID != id || got.Data != want {
			t.Fatalf("single frame read back as %+v, want type %q id %q data %q", got, name, id, want)
		}
		cursor := []byte(formatCursor(map[string]string{"s/c": id}))
		got = readOne(t, f.appendMux(nil, cursor))
		if got.Type != name || got.LastEventID != string(cursor) || got.Data != "s/c\n"+want {
			t.Fatalf("mux frame read back as %+v, want data %q", got, "s/c\n"+want)
		}
		pos, err := parseCursor(got.LastEventID)
		if err != nil || pos["s/c"] != id {
			t.Fatalf("cursor %q parsed as %v, %v; want s/c=%q", got.LastEventID, pos, err, id)
		}
	})
}

func queryEscape(s string) string { return url.QueryEscape(s) }
