package client

import (
	"bytes"
	"io"
	"math"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	sse "github.com/tmaxmax/go-sse"
)

// specParse is the spec's algorithm transcribed as literally as Go allows,
// on the whole input at once and with no regard for speed: the oracle that
// Reader, which works line by line on a buffered stream, must agree with.
func specParse(in []byte) (evs []Event, lastID string, retry time.Duration, hasRetry bool) {
	s := strings.TrimPrefix(string(decodeUTF8(in)), "\uFEFF")
	var data strings.Builder
	var typ, idBuf string
	for {
		i := strings.IndexAny(s, "\r\n")
		if i < 0 {
			break // an unterminated last line is discarded with its event
		}
		line := s[:i]
		if s[i] == '\r' && i+1 < len(s) && s[i+1] == '\n' {
			i++
		}
		s = s[i+1:]

		if line == "" {
			lastID = idBuf
			if data.Len() == 0 {
				typ = ""
				continue
			}
			name := typ
			if name == "" {
				name = "message"
			}
			evs = append(evs, Event{ID: lastID, Name: name, Data: []byte(strings.TrimSuffix(data.String(), "\n"))})
			data.Reset()
			typ = ""
			continue
		}
		if line[0] == ':' {
			continue
		}
		field, value, found := strings.Cut(line, ":")
		if found {
			value = strings.TrimPrefix(value, " ")
		}
		switch field {
		case "event":
			typ = value
		case "data":
			data.WriteString(value)
			data.WriteByte('\n')
		case "id":
			if !strings.Contains(value, "\x00") {
				idBuf = value
			}
		case "retry":
			if value != "" && strings.Trim(value, "0123456789") == "" {
				ms, err := strconv.ParseInt(value, 10, 64)
				if err == nil && ms <= math.MaxInt64/int64(time.Millisecond) {
					retry, hasRetry = time.Duration(ms)*time.Millisecond, true
				}
			}
		}
	}
	return evs, lastID, retry, hasRetry
}

// goSSEParse reads in with github.com/tmaxmax/go-sse, an independent
// parser, keeping only events with data. go-sse dispatches blocks that set
// only `event:` or `id:` (as events with empty data) where the spec
// dispatches nothing, and cannot tell those from `data:` with an empty
// value, so events with empty data are left out of the comparison.
func goSSEParse(in []byte) ([]Event, error) {
	var evs []Event
	for e, err := range sse.Read(bytes.NewReader(in), &sse.ReadConfig{MaxEventSize: 1 << 20}) {
		if err != nil {
			return evs, err
		}
		if e.Data == "" {
			continue
		}
		name := e.Type
		if name == "" {
			name = "message" // go-sse leaves the default type to the caller
		}
		evs = append(evs, Event{ID: e.LastEventID, Name: name, Data: []byte(e.Data)})
	}
	return evs, nil
}

// goSSEComparable reports whether go-sse's semantics match the spec's on in.
// Two known differences are excluded: go-sse does not replace invalid UTF-8
// with U+FFFD, and it strips a BOM that follows blank lines at the start of
// the stream (it skips blank lines before looking for the BOM), where the
// spec strips only a BOM at the very first byte.
func goSSEComparable(in []byte) bool {
	if !utf8.Valid(in) {
		return false
	}
	return !bytes.HasPrefix(bytes.TrimLeft(in, "\r\n"), []byte(bom)) || bytes.HasPrefix(in, []byte(bom))
}

// withData keeps the events that carry data.
func withData(evs []Event) []Event {
	var out []Event
	for _, e := range evs {
		if len(e.Data) > 0 {
			out = append(out, e)
		}
	}
	return out
}

func FuzzParse(f *testing.F) {
	for _, seed := range []string{
		"data: a\n\n",
		"event: add\ndata: 73857293\n\nevent: remove\ndata: 2153\n\n",
		": test stream\n\ndata: first event\nid: 1\n\ndata:second event\nid\n\ndata:  third event\n",
		"data\n\ndata\ndata\n\ndata:\n",
		"data: a\rdata: b\r\ndata: c\n\r\n",
		bom + "data: a\n\n",
		"\n" + bom + "data: a\n\n",
		"id: a\x00b\ndata: x\n\nid\n\n",
		"retry: 1000\nretry: x\n\nretry: 99999999999999999999\n\n",
		"data: \xff\xe2\x82\n\nevent: \xc0\ndata: y\n\n",
		"event: x\n\ndata: y\n\n",
		"id: 1\ndata: a\n\nid: 2\n\n",
		"data: a\r\r\n\n",
	} {
		f.Add([]byte(seed), uint16(1))
	}
	f.Fuzz(func(t *testing.T, in []byte, cut uint16) {
		r := NewReader(&chunkReader{data: in, cuts: []int{int(cut) % (len(in) + 1), int(cut)%(len(in)+1) + 1}})
		got, err := readAll(r)
		if err != io.EOF && err != io.ErrUnexpectedEOF {
			t.Fatalf("error %v, want io.EOF or io.ErrUnexpectedEOF", err)
		}
		for _, e := range got {
			if !utf8.Valid(e.Data) || !utf8.ValidString(e.Name) || !utf8.ValidString(e.ID) {
				t.Fatalf("event not valid UTF-8: %+v", e)
			}
		}

		want, wantID, wantRetry, wantHasRetry := specParse(in)
		if diff := cmp.Diff(want, got); diff != "" {
			t.Fatalf("events differ from the spec oracle (-spec +reader):\n%s", diff)
		}
		if id := r.LastEventID(); id != wantID {
			t.Fatalf("LastEventID %q, spec oracle %q", id, wantID)
		}
		if d, ok := r.Retry(); d != wantRetry || ok != wantHasRetry {
			t.Fatalf("Retry %v %v, spec oracle %v %v", d, ok, wantRetry, wantHasRetry)
		}

		// One byte per read must not change anything either.
		byByte, _ := readAll(NewReader(&chunkReader{data: in, cuts: seq(len(in))}))
		if diff := cmp.Diff(got, byByte); diff != "" {
			t.Fatalf("one byte per read differs (-whole +bytewise):\n%s", diff)
		}

		if goSSEComparable(in) {
			ref, err := goSSEParse(in)
			if err != nil {
				t.Fatalf("go-sse: %v", err)
			}
			if diff := cmp.Diff(ref, withData(got)); diff != "" {
				t.Fatalf("events with data differ from go-sse (-go-sse +reader):\n%s", diff)
			}
		}
	})
}

// seq returns 1..n, the cut points of a one-byte-per-read chunkReader.
func seq(n int) []int {
	s := make([]int, n)
	for i := range s {
		s[i] = i + 1
	}
	return s
}

// The differences excluded from the go-sse comparison are real: pin them so
// that the exclusions stay honest.
func TestGoSSEDifferences(t *testing.T) {
	tests := []struct {
		name string
		in   string
	}{
		{"block without data", "event: x\nid: 1\n\n"},
		{"invalid UTF-8", "data: \xff\n\n"},
		{"BOM after blank lines", "\n" + bom + "data: a\n\n"},
	}
	for _, tt := range tests {
		spec, _, _, _ := specParse([]byte(tt.in))
		var ref []Event
		for e, err := range sse.Read(strings.NewReader(tt.in), nil) {
			if err != nil {
				t.Fatal(err)
			}
			ref = append(ref, Event{ID: e.LastEventID, Name: e.Type, Data: []byte(e.Data)})
		}
		if cmp.Equal(spec, ref) {
			t.Errorf("%s: go-sse now agrees with the spec; drop the exclusion", tt.name)
		}
	}
}
