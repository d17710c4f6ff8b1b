package sse

import (
	"math/rand/v2"
	"testing"

	"github.com/ssegen/ssegen/internal/e2e/encbench"
	"github.com/ssegen/ssegen/internal/e2e/randvalue"
)

// benchValue is a fixed random value of T that encodes without error.
func benchValue[T encbench.Appender](seed uint64) T {
	r := rand.New(rand.NewPCG(seed, seed))
	for {
		var v T
		randvalue.Fill(r, &v)
		if _, err := v.AppendJSON(nil); err == nil {
			return v
		}
	}
}

// BenchmarkEncode compares the generated encoders of the all-types events
// with encoding/json.Marshal on the same values.
func BenchmarkEncode(b *testing.B) {
	encbench.Compare(b, "CardCreated", benchValue[CardCreated](1))
	encbench.Compare(b, "CardMoved", benchValue[CardMoved](2))
	encbench.Compare(b, "CardArchived", benchValue[CardArchived](3))
	encbench.Compare(b, "ProfileUpdated", benchValue[ProfileUpdated](4))
}

// BenchmarkRatio measures the all-types events' encoders against
// encoding/json in alternation and reports median speedups.
func BenchmarkRatio(b *testing.B) {
	encbench.Ratio(b, "CardCreated", benchValue[CardCreated](1))
	encbench.Ratio(b, "CardMoved", benchValue[CardMoved](2))
	encbench.Ratio(b, "CardArchived", benchValue[CardArchived](3))
	encbench.Ratio(b, "ProfileUpdated", benchValue[ProfileUpdated](4))
}
