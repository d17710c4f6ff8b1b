package sse

import (
	"bytes"
	"context"
	"encoding/json"
	"math/rand/v2"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/ssegen/ssegen/internal/e2e/randvalue"
	"github.com/ssegen/ssegen/internal/e2e/roundtrip"
	"github.com/ssegen/ssegen/internal/elmtool"
)

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
	dir := roundtrip.CompileElm(t, ctx, compiler, env)

	r := rand.New(rand.NewPCG(3, 5))
	const perEvent = 400
	var inputs []roundtrip.Input
	for _, e := range roundTripEvents {
		for range perEvent {
			v := e.value()
			randvalue.Fill(r, v)
			declareEnums(r, reflect.ValueOf(v))
			data, err := v.AppendJSON(nil)
			if err != nil {
				continue // NaN, a year past 9999, invalid raw JSON: Go sends nothing
			}
			inputs = append(inputs, roundtrip.Input{Stream: e.stream, Event: reflect.TypeOf(v).Elem().Name(), Data: string(data)})
		}
	}
	if len(inputs) < len(roundTripEvents)*perEvent/2 {
		t.Fatalf("only %d of %d random values encode", len(inputs), len(roundTripEvents)*perEvent)
	}
	outputs := roundtrip.RunElm(t, ctx, node, dir, inputs)

	byName := map[string]func() appender{}
	for _, e := range roundTripEvents {
		byName[reflect.TypeOf(e.value()).Elem().Name()] = e.value
	}
	roundtrip.Check(t, "Elm", inputs, outputs, func(i int) any { return byName[inputs[i].Event]() }, roundTripEquality)
	t.Logf("%d random events went Go -> Elm -> Go", len(inputs))
}

// roundTripEquality is equality up to what docs/elm.md says Elm changes.
var roundTripEquality = []cmp.Option{
	cmpopts.IgnoreUnexported(CardCreated{}),
	// Elm has one empty list, dict and string for Go's nil and empty.
	cmp.FilterValues(func(x, y any) bool {
		return reflect.TypeOf(x) != rawType && roundtrip.IsEmpty(x) && roundtrip.IsEmpty(y)
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
		cmp.FilterValues(func(x, y any) bool { return roundtrip.Is64Bit(x) }, cmp.Comparer(roundtrip.SameDouble))),
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
