package sse

import (
	"context"
	"encoding/json"
	"math"
	"math/big"
	"math/rand/v2"
	"net/netip"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"github.com/ssegen/ssegen/gen/elm"
	"github.com/ssegen/ssegen/internal/elmtool"
	"github.com/ssegen/ssegen/schema"
)

// roundTripInput is one event for the Elm worker of
// testdata/elmroundtrip: the stream's module decodes data by the event's
// name and encodes it back.
type roundTripInput struct {
	Stream string `json:"stream"`
	Event  string `json:"event"`
	Data   string `json:"data"`
}

// roundTripOutput is what the worker made of one input: the JSON Elm
// wrote, or why its decoder refused the input.
type roundTripOutput struct {
	JSON  *string `json:"json"`
	Error *string `json:"error"`
}

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
	dir := compileRoundTrip(t, ctx, compiler, env)

	r := rand.New(rand.NewPCG(23, 29))
	var inputs []roundTripInput
	var sent []event
	for range 600 {
		placed := randOrderPlaced(r)
		// An Elm Int is a double: keep big integers within 2^53.
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
			inputs = append(inputs, roundTripInput{stream, ev.EventName(), string(data)})
			sent = append(sent, ev)
		}
	}
	if len(inputs) < 600 {
		t.Fatalf("only %d of 1200 random events encode", len(inputs))
	}
	outputs := runRoundTrip(t, ctx, node, dir, inputs)
	failures := 0
	for i, in := range inputs {
		out := outputs[i]
		want := reflect.New(reflect.TypeOf(sent[i])).Interface()
		got := reflect.New(reflect.TypeOf(sent[i])).Interface()
		if err := json.Unmarshal([]byte(in.Data), want); err != nil {
			t.Fatalf("%s: Go cannot read its own JSON: %v\n%s", in.Event, err, in.Data)
		}
		switch {
		case out.Error != nil || out.JSON == nil:
			t.Errorf("%s: Elm refuses what Go wrote: %v\n data: %s", in.Event, out.Error, in.Data)
			failures++
		case json.Unmarshal([]byte(*out.JSON), got) != nil:
			t.Errorf("%s: Go cannot read what Elm wrote\n Go wrote: %s\nElm wrote: %s", in.Event, in.Data, *out.JSON)
			failures++
		default:
			if diff := cmp.Diff(want, got, roundTripEquality...); diff != "" {
				t.Errorf("%s: Go -> Elm -> Go changed the value (-Go +Elm):\n%s\n Go wrote: %s\nElm wrote: %s", in.Event, diff, in.Data, *out.JSON)
				failures++
			}
		}
		if failures >= 5 {
			t.Fatalf("stopping after %d failures", failures)
		}
	}
	t.Logf("%d random events went Go -> Elm -> Go", len(inputs))
}

// compileRoundTrip writes the generated Elm of this package and the worker
// into a temporary Elm project and compiles it; it returns the project's
// directory, which holds elm.js.
func compileRoundTrip(t *testing.T, ctx context.Context, compiler string, env []string) string {
	t.Helper()
	m, err := schema.Load(".")
	if err != nil {
		t.Fatal(err)
	}
	generated, err := elm.Generate(m, elm.Options{})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	write := func(path string, content []byte) {
		t.Helper()
		path = filepath.Join(dir, filepath.FromSlash(path))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, content, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, f := range generated {
		write("src/"+f.Path, f.Content)
	}
	for from, to := range map[string]string{"Main.elm": "src/Main.elm", "elm.json": "elm.json", "run.js": "run.js"} {
		b, err := os.ReadFile(filepath.Join("testdata", "elmroundtrip", from))
		if err != nil {
			t.Fatal(err)
		}
		write(to, b)
	}
	cmd := exec.CommandContext(ctx, compiler, "make", "src/Main.elm", "--output=elm.js")
	cmd.Dir, cmd.Env = dir, env
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("elm make: %v\n%s", err, out)
	}
	return dir
}

// runRoundTrip runs the compiled worker on inputs and returns its results,
// one per input.
func runRoundTrip(t *testing.T, ctx context.Context, node, dir string, inputs []roundTripInput) []roundTripOutput {
	t.Helper()
	in, err := json.Marshal(inputs)
	if err != nil {
		t.Fatal(err)
	}
	inPath, outPath := filepath.Join(dir, "in.json"), filepath.Join(dir, "out.json")
	if err := os.WriteFile(inPath, in, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.CommandContext(ctx, node, "run.js", "./elm.js", inPath, outPath)
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("node run.js: %v\n%s", err, out)
	}
	b, err := os.ReadFile(outPath)
	if err != nil {
		t.Fatal(err)
	}
	var outputs []roundTripOutput
	if err := json.Unmarshal(b, &outputs); err != nil {
		t.Fatalf("the worker's output: %v\n%.500s", err, b)
	}
	if len(outputs) != len(inputs) {
		t.Fatalf("the worker answered %d of %d inputs", len(outputs), len(inputs))
	}
	return outputs
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
	cmp.FilterValues(func(x, y any) bool { return isEmpty(x) && isEmpty(y) }, cmp.Comparer(func(_, _ any) bool { return true })),
	cmp.FilterValues(func(x, y any) bool { return is64Bit(x) }, cmp.Comparer(sameDouble)),
}

func isEmpty(x any) bool {
	v := reflect.ValueOf(x)
	return (v.Kind() == reflect.Slice || v.Kind() == reflect.Map) && v.Len() == 0
}

func is64Bit(x any) bool {
	switch reflect.ValueOf(x).Kind() {
	case reflect.Int, reflect.Int64, reflect.Uint, reflect.Uint64:
		return true
	}
	return false
}

// sameDouble reports whether one of x and y is what Elm makes of the
// other: the same double, or, past Go's limits, the nearest one inside.
func sameDouble(x, y any) bool {
	return elmDouble(x, y) || elmDouble(y, x)
}

func elmDouble(want, got any) bool {
	w, g := reflect.ValueOf(want), reflect.ValueOf(got)
	if w.CanInt() {
		fw, fg := float64(w.Int()), float64(g.Int())
		switch {
		case fw >= math.Exp2(63):
			return fg == math.Exp2(63)-1024
		case fw <= -math.Exp2(63):
			return fg == 1024-math.Exp2(63)
		}
		return fw == fg
	}
	fw, fg := float64(w.Uint()), float64(g.Uint())
	if fw >= math.Exp2(64) {
		return fg == math.Exp2(64)-2048
	}
	return fw == fg
}
