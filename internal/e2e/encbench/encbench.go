// Package encbench benchmarks a generated encoder against encoding/json
// on the same value in the same run, and reports the speedup as a ratio
// to that baseline.
package encbench

import (
	"encoding/json"
	"slices"
	"sync"
	"testing"
	"time"
)

// Appender is what generated encoders give events.
type Appender interface {
	AppendJSON(b []byte) ([]byte, error)
}

// Compare runs three sub-benchmarks on v: encoding/json.Marshal (the
// baseline), AppendJSON into a fresh buffer (what a publisher does: one
// allocation at most) and AppendJSON into a reused buffer (none). The two
// AppendJSON runs report "x_json", encoding/json's ns/op divided by
// theirs, measured moments before in the same process.
func Compare(b *testing.B, name string, v Appender) {
	if _, err := v.AppendJSON(nil); err != nil {
		b.Fatalf("%s: the benchmark value does not encode: %v", name, err)
	}
	var baseline time.Duration
	b.Run(name+"/encoding_json", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := json.Marshal(v); err != nil {
				b.Fatal(err)
			}
		}
		baseline = b.Elapsed() / time.Duration(b.N)
	})
	ratio := func(b *testing.B) {
		if own := b.Elapsed() / time.Duration(b.N); baseline > 0 && own > 0 {
			b.ReportMetric(float64(baseline)/float64(own), "x_json")
		}
	}
	b.Run(name+"/AppendJSON_new_buffer", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := v.AppendJSON(nil); err != nil {
				b.Fatal(err)
			}
		}
		ratio(b)
	})
	b.Run(name+"/AppendJSON_reused_buffer", func(b *testing.B) {
		b.ReportAllocs()
		var buf []byte
		for b.Loop() {
			var err error
			if buf, err = v.AppendJSON(buf[:0]); err != nil {
				b.Fatal(err)
			}
		}
		ratio(b)
	})
}

// rounds is how many times Ratio measures baseline and generated encoder
// in turn; the median of the per-round ratios resists load that comes and
// goes on a shared machine better than two separate runs do.
const rounds = 9

// Ratio measures encoding/json.Marshal and AppendJSON into a fresh buffer
// (what a publisher does) and into a reused one, in alternation, each
// for about 20ms a round, and reports the medians of the per-round ratios
// as "x_json_fresh" and "x_json_reused". Its ns/op is meaningless: the
// measurement runs once, whatever b.N, and the metrics say what it found.
func Ratio(b *testing.B, name string, v Appender) {
	var once sync.Once
	var fresh, reused float64
	b.Run(name+"/ratio", func(b *testing.B) {
		once.Do(func() { fresh, reused = measureRatio(v) })
		b.ReportMetric(fresh, "x_json_fresh")
		b.ReportMetric(reused, "x_json_reused")
	})
}

func measureRatio(v Appender) (fresh, reused float64) {
	var buf []byte
	marshal := func() { json.Marshal(v) }
	appendFresh := func() { v.AppendJSON(nil) }
	appendReused := func() { buf, _ = v.AppendJSON(buf[:0]) }
	// Calibrate: enough calls of the baseline for about 20ms.
	n := 1
	for perCall(marshal, n)*float64(n) < float64(20*time.Millisecond) {
		n *= 2
	}
	var fs, rs []float64
	for range rounds {
		base := perCall(marshal, n)
		fs = append(fs, base/perCall(appendFresh, n))
		rs = append(rs, base/perCall(appendReused, n))
	}
	return median(fs), median(rs)
}

// perCall is the average time of one call of f over n calls, in ns.
func perCall(f func(), n int) float64 {
	start := time.Now()
	for range n {
		f()
	}
	return float64(time.Since(start)) / float64(n)
}

func median(xs []float64) float64 {
	slices.Sort(xs)
	return xs[len(xs)/2]
}
