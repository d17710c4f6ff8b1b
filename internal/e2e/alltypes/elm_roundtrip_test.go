package sse

import (
	"bytes"
	"context"
	"encoding/json"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/ssegen/ssegen/gen/elm"
	"github.com/ssegen/ssegen/internal/e2e/randvalue"
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

// roundTripEvents are the events of the all-types schema, by stream.
var roundTripEvents = []struct {
	stream string
	value  func() appender // a new pointer to a zero event
}{
	{"board", func() appender { return new(CardCreated) }},
	{"board", func() appender { return new(CardMoved) }},
	{"board", func() appender { return new(CardArchived) }},
	{"profile", func() appender { return new(ProfileUpdated) }},
	{"profile", func() appender { return new(AvatarChanged) }},
	{"ticker", func() appender { return new(Tick) }},
	{"ticker", func() appender { return new(Heartbeat) }},
}

// declared are the enums' constants. Elm's enum decoders refuse a value
// Go does not declare, so random values get declared ones.
var declared = map[reflect.Type][]any{
	reflect.TypeFor[Severity](): {SeverityLow, SeverityMedium, SeverityHigh},
	reflect.TypeFor[Priority](): {PriorityBacklog, PriorityNone, PriorityLow, PriorityHigh, PriorityUrgent},
	reflect.TypeFor[Level]():    {LevelDebug, LevelInfo, LevelWarn},
	reflect.TypeFor[Phase]():    {PhaseStart, PhaseEnd},
}

// declareEnums replaces every enum value reachable from v with one of
// its declared constants.
func declareEnums(r *rand.Rand, v reflect.Value) {
	if values, ok := declared[v.Type()]; ok {
		v.Set(reflect.ValueOf(values[r.IntN(len(values))]))
		return
	}
	switch v.Kind() {
	case reflect.Pointer:
		if !v.IsNil() {
			declareEnums(r, v.Elem())
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				declareEnums(r, v.Field(i))
			}
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			declareEnums(r, v.Index(i))
		}
	case reflect.Map:
		for _, k := range v.MapKeys() {
			e := reflect.New(v.Type().Elem()).Elem()
			e.Set(v.MapIndex(k))
			declareEnums(r, e)
			v.SetMapIndex(k, e)
		}
	}
}

// TestElmRoundTrip sends random values of every event Go -> Elm -> Go:
// the generated Go encoder writes each one, the generated Elm decoder
// reads it and the generated Elm encoder writes it again (compiled with
// the real Elm compiler, run under node), and json.Unmarshal must read
// back what it reads from Go's own JSON, up to the losses docs/elm.md
// lists: nil and empty slices and maps are one in Elm, a float's negative
// zero becomes zero, raw JSON is re-serialized, and 64-bit integers keep
// the precision of a double.
func TestElmRoundTrip(t *testing.T) {
	compiler, env := elmtool.Compiler(t, elmtool.Packages(t, filepath.Join("testdata", "elmroundtrip", "elm.json"))...)
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("this test runs the compiled Elm under node, which is not on PATH")
	}
	ctx, cancel := context.WithTimeout(t.Context(), 3*time.Minute)
	defer cancel()
	dir := compileRoundTrip(t, ctx, compiler, env)

	r := rand.New(rand.NewPCG(3, 5))
	const perEvent = 400
	var inputs []roundTripInput
	for _, e := range roundTripEvents {
		for range perEvent {
			v := e.value()
			randvalue.Fill(r, v)
			declareEnums(r, reflect.ValueOf(v))
			data, err := v.AppendJSON(nil)
			if err != nil {
				continue // NaN, a year past 9999, invalid raw JSON: Go sends nothing
			}
			inputs = append(inputs, roundTripInput{e.stream, reflect.TypeOf(v).Elem().Name(), string(data)})
		}
	}
	if len(inputs) < len(roundTripEvents)*perEvent/2 {
		t.Fatalf("only %d of %d random values encode", len(inputs), len(roundTripEvents)*perEvent)
	}
	outputs := runRoundTrip(t, ctx, node, dir, inputs)

	byName := map[string]func() appender{}
	for _, e := range roundTripEvents {
		byName[reflect.TypeOf(e.value()).Elem().Name()] = e.value
	}
	failures := 0
	for i, in := range inputs {
		out := outputs[i]
		if out.Error != nil || out.JSON == nil {
			t.Errorf("%s: Elm refuses what Go wrote: %v\n data: %s", in.Event, deref(out.Error), in.Data)
			failures++
		} else {
			want, got := byName[in.Event](), byName[in.Event]()
			if err := json.Unmarshal([]byte(in.Data), want); err != nil {
				t.Fatalf("%s: Go cannot read its own JSON: %v\n%s", in.Event, err, in.Data)
			}
			if err := json.Unmarshal([]byte(*out.JSON), got); err != nil {
				t.Errorf("%s: Go cannot read what Elm wrote: %v\n Go wrote: %s\nElm wrote: %s", in.Event, err, in.Data, *out.JSON)
				failures++
			} else if diff := cmp.Diff(want, got, roundTripEquality...); diff != "" {
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

func deref(s *string) string {
	if s == nil {
		return "no answer"
	}
	return *s
}

// roundTripEquality is equality up to what docs/elm.md says Elm changes.
var roundTripEquality = []cmp.Option{
	cmpopts.IgnoreUnexported(CardCreated{}),
	// Elm has one empty list, dict and string for Go's nil and empty.
	cmp.FilterValues(func(x, y any) bool {
		return reflect.TypeOf(x) != rawType && isEmpty(x) && isEmpty(y)
	}, cmp.Comparer(func(_, _ any) bool { return true })),
	// Raw JSON is parsed and written again: compare what it says.
	cmp.FilterValues(func(x, y any) bool { return reflect.TypeOf(x) == rawType }, cmp.Comparer(func(x, y any) bool {
		if bytes.Equal(x.(json.RawMessage), y.(json.RawMessage)) {
			return true // both left out, for one
		}
		var vx, vy any
		return json.Unmarshal(x.(json.RawMessage), &vx) == nil && json.Unmarshal(y.(json.RawMessage), &vy) == nil && reflect.DeepEqual(vx, vy)
	})),
	// A 64-bit integer is a double in Elm, clamped to the limits Go reads,
	// unless the string option keeps it as exact text.
	cmp.FilterPath(func(p cmp.Path) bool { return !quoted(p) },
		cmp.FilterValues(func(x, y any) bool { return is64Bit(x) }, cmp.Comparer(sameDouble))),
}

// quoted reports whether the path ends at a field with the string option,
// or at what such a field points to.
func quoted(p cmp.Path) bool {
	for i := len(p) - 1; i > 0; i-- {
		switch s := p[i].(type) {
		case cmp.Indirect:
		case cmp.StructField:
			return strings.Contains(p[i-1].Type().Field(s.Index()).Tag.Get("json"), ",string")
		default:
			return false
		}
	}
	return false
}

var rawType = reflect.TypeFor[json.RawMessage]()

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
// other (cmp wants a symmetric comparer).
func sameDouble(x, y any) bool {
	return elmDouble(x, y) || elmDouble(y, x)
}

// elmDouble reports whether got is what Elm makes of want: the same
// double, or, where that double is past Go's limits, the nearest one
// inside them that the generated encoder writes instead.
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
