package sse

import (
	"context"
	"math/big"
	"math/rand/v2"
	"net/netip"
	"os/exec"
	"reflect"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"github.com/ssegen/ssegen/internal/e2e/roundtrip"
	"github.com/ssegen/ssegen/internal/elmtool"
)

// TestElmRoundTrip sends random events full of types that write their own
// JSON Go -> Elm -> Go: the generated Go encoder writes each one, the
// generated Elm (compiled with the real Elm compiler, run under node)
// decodes it, as a String for MarshalText types, a Decode.Value for
// opaque MarshalJSON types and the declared form for the others, and
// encodes it again, and json.Unmarshal must read back the same value, up
// to what docs/elm.md says Elm changes (nil and empty lists, doubles).
func TestElmRoundTrip(t *testing.T) {
	compiler, env := elmtool.Compiler(t)
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("this test runs the compiled Elm under node, which is not on PATH")
	}
	ctx, cancel := context.WithTimeout(t.Context(), 3*time.Minute)
	defer cancel()
	dir := roundtrip.CompileElm(t, ctx, compiler, env)

	inputs, sent := roundTripInputs(t, rand.New(rand.NewPCG(23, 29)))
	outputs := roundtrip.RunElm(t, ctx, node, dir, inputs)
	roundtrip.Check(t, "Elm", inputs, outputs, func(i int) any { return reflect.New(reflect.TypeOf(sent[i])).Interface() }, roundTripEquality)
	t.Logf("%d random events went Go -> Elm -> Go", len(inputs))
}

// roundTripInputs encodes 600 random events of each stream, with big
// integers kept within 2^53 (a frontend's number is a double); it returns
// the inputs for a driver and the events they encode, one for one.
func roundTripInputs(t *testing.T, r *rand.Rand) ([]roundtrip.Input, []event) {
	t.Helper()
	var inputs []roundtrip.Input
	var sent []event
	for range 600 {
		placed := randOrderPlaced(r)
		if placed.Units != nil {
			placed.Units.Rsh(placed.Units, uint(max(0, placed.Units.BitLen()-52)))
		}
		for k, w := range placed.Weights {
			if w != nil {
				placed.Weights[k] = w.Rsh(w, uint(max(0, w.BitLen()-52)))
			}
		}
		for _, ev := range []event{placed, randPosted(r)} {
			data, err := ev.AppendJSON(nil)
			if err != nil {
				continue // a method's error: Go sends nothing
			}
			stream := "order"
			if _, ok := ev.(Posted); ok {
				stream = "ledger"
			}
			inputs = append(inputs, roundtrip.Input{Stream: stream, Event: ev.EventName(), Data: string(data)})
			sent = append(sent, ev)
		}
	}
	if len(inputs) < 600 {
		t.Fatalf("only %d of 1200 random events encode", len(inputs))
	}
	return inputs, sent
}

// roundTripEquality is equality up to what Elm changes: nil and empty
// lists and dicts are one, 64-bit integers are doubles (clamped to Go's
// limits by the generated encoder); library types compare by value.
var roundTripEquality = []cmp.Option{
	cmp.Comparer(func(x, y decimal.Decimal) bool { return x.Equal(y) }),
	cmp.Comparer(func(x, y *big.Int) bool { return x == nil && y == nil || x != nil && y != nil && x.Cmp(y) == 0 }),
	cmp.Comparer(func(x, y *big.Float) bool { return x == nil && y == nil || x != nil && y != nil && x.Cmp(y) == 0 }),
	cmp.Comparer(func(x, y netip.Addr) bool { return x == y }),
	cmp.Comparer(func(x, y netip.Prefix) bool { return x == y }),
	roundtrip.EmptyIsNil,
	cmp.FilterValues(func(x, y any) bool { return roundtrip.Is64Bit(x) }, cmp.Comparer(roundtrip.SameDouble)),
}
