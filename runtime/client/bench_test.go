package client

import (
	"bytes"
	"fmt"
	"io"
	"runtime"
	"testing"
	"time"

	sse "github.com/tmaxmax/go-sse"
)

// benchStream is a stream as the runtime writes it: ids, named events with
// JSON data, now and then multiplexed data (topic line first) and a
// heartbeat comment.
func benchStream(events int) []byte {
	var b bytes.Buffer
	b.WriteString("retry: 3000\n\n")
	for i := range events {
		fmt.Fprintf(&b, "id: %d\nevent: CommentAdded\n", i+1)
		if i%4 == 0 {
			b.WriteString("data: comment/item:42\n")
		}
		fmt.Fprintf(&b, "data: {\"comment_id\":\"c%d\",\"item_id\":\"42\",\"author_name\":\"Ada Lovelace\",\"text\":\"Looks good to me, ship it\",\"timestamp\":17000000%02d}\n\n", i, i%100)
		if i%50 == 0 {
			b.WriteString(": ping\n\n")
		}
	}
	return b.Bytes()
}

// parseOurs and parseGoSSE read the whole stream and return the number of
// events, touching each event's data so neither parser's work is skipped.
func parseOurs(in []byte) (n, size int) {
	r := NewReader(bytes.NewReader(in))
	for {
		e, err := r.Next()
		if err != nil {
			return n, size
		}
		n++
		size += len(e.Data) + len(e.Name) + len(e.ID)
	}
}

func parseGoSSE(in []byte) (n, size int) {
	for e, err := range sse.Read(bytes.NewReader(in), nil) {
		if err != nil {
			return n, size
		}
		n++
		size += len(e.Data) + len(e.Type) + len(e.LastEventID)
	}
	return n, size
}

// measure runs parse once and returns its time and heap allocations.
func measure(parse func([]byte) (int, int), in []byte) (time.Duration, uint64, int) {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	start := time.Now()
	n, _ := parse(in)
	d := time.Since(start)
	runtime.ReadMemStats(&after)
	return d, after.Mallocs - before.Mallocs, n
}

// BenchmarkParse parses the same stream with Reader and with go-sse's
// parser in every iteration, alternating which goes first, and reports
// both throughputs, allocations per event and the ratio, so the figures
// compare runs on the same machine under the same load.
func BenchmarkParse(b *testing.B) {
	const events = 2000
	in := benchStream(events)
	if n, _ := parseOurs(in); n != events {
		b.Fatalf("Reader parsed %d events, want %d", n, events)
	}
	if n, _ := parseGoSSE(in); n != events {
		b.Fatalf("go-sse parsed %d events, want %d", n, events)
	}
	var oursT, refT time.Duration
	var oursA, refA uint64
	b.SetBytes(int64(2 * len(in)))
	for i := 0; b.Loop(); i++ {
		if i%2 == 0 {
			d, a, _ := measure(parseOurs, in)
			oursT, oursA = oursT+d, oursA+a
			d, a, _ = measure(parseGoSSE, in)
			refT, refA = refT+d, refA+a
		} else {
			d, a, _ := measure(parseGoSSE, in)
			refT, refA = refT+d, refA+a
			d, a, _ = measure(parseOurs, in)
			oursT, oursA = oursT+d, oursA+a
		}
	}
	total := float64(b.N) * events
	b.ReportMetric(total/oursT.Seconds(), "events/s")
	b.ReportMetric(total/refT.Seconds(), "gosse-events/s")
	b.ReportMetric(refT.Seconds()/oursT.Seconds(), "speedup-vs-gosse")
	b.ReportMetric(float64(oursA)/total, "allocs/event")
	b.ReportMetric(float64(refA)/total, "gosse-allocs/event")
}

// BenchmarkReaderOnly measures Reader alone, with the standard ns/op and
// allocs/op, on one event at a time from an endless stream, with each kind
// of line ending.
func BenchmarkReaderOnly(b *testing.B) {
	in := benchStream(2000)
	in = in[len("retry: 3000\n\n"):]
	for _, eol := range []string{"LF", "CR", "CRLF"} {
		data := in
		switch eol {
		case "CR":
			data = bytes.ReplaceAll(in, []byte("\n"), []byte("\r"))
		case "CRLF":
			data = bytes.ReplaceAll(in, []byte("\n"), []byte("\r\n"))
		}
		b.Run(eol, func(b *testing.B) {
			r := NewReader(&repeatReader{data: data})
			b.ReportAllocs()
			for b.Loop() {
				if _, err := r.Next(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// repeatReader serves data over and over without end.
type repeatReader struct {
	data []byte
	off  int
}

func (r *repeatReader) Read(p []byte) (int, error) {
	n := copy(p, r.data[r.off:])
	r.off = (r.off + n) % len(r.data)
	return n, nil
}

var _ io.Reader = (*repeatReader)(nil)
