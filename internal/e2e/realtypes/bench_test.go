package sse

import (
	"math/rand/v2"
	"testing"

	"github.com/ssegen/ssegen/internal/e2e/encbench"
)

// benchOrder is a fixed random OrderPlaced that encodes without error.
func benchOrder(seed uint64) OrderPlaced {
	r := rand.New(rand.NewPCG(seed, seed))
	for {
		v := randOrderPlaced(r)
		if _, err := v.AppendJSON(nil); err == nil {
			return v
		}
	}
}

// benchPosted is a fixed random Posted that encodes without error.
func benchPosted(seed uint64) Posted {
	r := rand.New(rand.NewPCG(seed, seed))
	for {
		v := randPosted(r)
		if _, err := v.AppendJSON(nil); err == nil {
			return v
		}
	}
}

// BenchmarkEncode compares the generated encoders of events full of types
// that write their own JSON with encoding/json.Marshal on the same values.
func BenchmarkEncode(b *testing.B) {
	encbench.Compare(b, "OrderPlaced", benchOrder(1))
	encbench.Compare(b, "Posted", benchPosted(2))
}

// BenchmarkRatio measures them against encoding/json in alternation and
// reports median speedups.
func BenchmarkRatio(b *testing.B) {
	encbench.Ratio(b, "OrderPlaced", benchOrder(1))
	encbench.Ratio(b, "Posted", benchPosted(2))
}
