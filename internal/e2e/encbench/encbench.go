// Package encbench benchmarks a generated encoder against encoding/json
// on the same value in the same run, and reports the speedup as a ratio
// to that baseline.
package encbench

import (
	"encoding/json"
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
