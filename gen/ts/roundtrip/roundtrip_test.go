package roundtrip

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	sse "github.com/ssegen/ssegen/internal/e2e/alltypes"
	"github.com/ssegen/ssegen/internal/e2e/randvalue"
	e2e "github.com/ssegen/ssegen/internal/e2e/roundtrip"
)

// driver reads one request a line, {stream, event, data}, decodes data
// with the stream module's decode, encodes it back and writes
// {data} or {error} a line.
const driver = `import * as readline from "node:readline";
import * as board from "./board.js";
import * as profile from "./profile.js";
import * as ticker from "./ticker.js";

const decoders: { [stream: string]: (event: string, data: unknown) => unknown } = {
  board: (event, data) => board.encode(board.decode(event, data)),
  profile: (event, data) => profile.encode(profile.decode(event, data)),
  ticker: (event, data) => ticker.encode(ticker.decode(event, data)),
};

const lines = readline.createInterface({ input: process.stdin });
lines.on("line", (line) => {
  const req = JSON.parse(line);
  let reply: unknown;
  try {
    const roundTrip = decoders[req.stream];
    if (!roundTrip) {
      throw new Error("unknown stream " + req.stream);
    }
    reply = { data: roundTrip(req.event, req.data) };
  } catch (err) {
    reply = { error: String(err) };
  }
  process.stdout.write(JSON.stringify(reply) + "\n");
});
`

// build generates the TypeScript of the all-types schema and bundles the
// driver for node; it returns node and the bundle.
func build(t *testing.T) (node, bundle string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	return e2e.BundleTS(t, ctx, filepath.Join("..", "..", "..", "internal", "e2e", "alltypes"), driver)
}

// sample is one random value on its way through TypeScript.
type sample struct {
	stream, event string
	value         any    // a pointer to the Go value
	json          []byte // what Go's generated encoder wrote
}

// encoder is what the generated Go encoders give events.
type encoder interface {
	AppendJSON(b []byte) ([]byte, error)
}

// tame keeps random values within what the TypeScript representation
// promises to keep: plain 64-bit integers within 2^53 (the documented
// limit; with the string option they stay exact and are left alone) and
// enums at declared values.
func tame(r *rand.Rand, v reflect.Value, quoted bool) {
	switch v.Type() {
	case reflect.TypeFor[sse.Severity]():
		v.SetString(string([]sse.Severity{sse.SeverityLow, sse.SeverityMedium, sse.SeverityHigh}[r.IntN(3)]))
		return
	case reflect.TypeFor[sse.Priority]():
		v.SetInt(int64([]sse.Priority{sse.PriorityBacklog, sse.PriorityNone, sse.PriorityLow, sse.PriorityHigh, sse.PriorityUrgent}[r.IntN(5)]))
		return
	case reflect.TypeFor[sse.Level]():
		v.SetUint(uint64([]sse.Level{sse.LevelDebug, sse.LevelInfo, sse.LevelWarn}[r.IntN(3)]))
		return
	case reflect.TypeFor[sse.Phase]():
		v.SetString(string([]sse.Phase{sse.PhaseStart, sse.PhaseEnd}[r.IntN(2)]))
		return
	}
	switch v.Kind() {
	case reflect.Int, reflect.Int64:
		if !quoted {
			v.SetInt(v.Int() >> 11)
		}
	case reflect.Uint, reflect.Uint64:
		if !quoted {
			v.SetUint(v.Uint() >> 11)
		}
	case reflect.Pointer:
		if !v.IsNil() {
			tame(r, v.Elem(), quoted)
		}
	case reflect.Slice, reflect.Array:
		if v.Type().Elem().Kind() != reflect.Uint8 || v.Kind() == reflect.Array {
			for i := range v.Len() {
				tame(r, v.Index(i), false)
			}
		}
	case reflect.Map:
		// Keys are text on the wire, exact whatever their size; values
		// are tamed into a copy, since map elements cannot be set.
		iter := v.MapRange()
		for iter.Next() {
			e := reflect.New(v.Type().Elem()).Elem()
			e.Set(iter.Value())
			tame(r, e, false)
			v.SetMapIndex(iter.Key(), e)
		}
	case reflect.Struct:
		if v.Type() == reflect.TypeFor[time.Time]() {
			return
		}
		for i := range v.NumField() {
			f := v.Type().Field(i)
			if !f.IsExported() {
				continue
			}
			_, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
			tame(r, v.Field(i), strings.Contains(","+opts+",", ",string,"))
		}
	}
}

// sameRaw compares raw JSON as values: TypeScript hands raw JSON on as
// parsed values, so its spacing and number forms may change. A missing
// message (nil) and a null one are different values.
func sameRaw(a, b json.RawMessage) bool {
	if len(a) == 0 || len(b) == 0 {
		return len(a) == len(b)
	}
	var x, y any
	if json.Unmarshal(a, &x) != nil || json.Unmarshal(b, &y) != nil {
		return bytes.Equal(a, b)
	}
	return reflect.DeepEqual(x, y)
}

// TestGoTypeScriptGo is the property test: random values of every event
// of the all-types schema, encoded by the generated Go encoder, decoded and
// re-encoded by the generated TypeScript in node, decoded by Go, equal what
// Go decodes from its own encoding. TypeScript cannot tell nil from empty
// slices and maps (documented), so those compare equal.
func TestGoTypeScriptGo(t *testing.T) {
	node, js := build(t)
	r := rand.New(rand.NewPCG(3, 14))
	const perEvent = 400
	kinds := []struct {
		stream, event string
		make          func() any
	}{
		{"board", "CardCreated", func() any { return new(sse.CardCreated) }},
		{"board", "CardMoved", func() any { return new(sse.CardMoved) }},
		{"board", "CardArchived", func() any { return new(sse.CardArchived) }},
		{"profile", "ProfileUpdated", func() any { return new(sse.ProfileUpdated) }},
		{"profile", "AvatarChanged", func() any { return new(sse.AvatarChanged) }},
		{"ticker", "Tick", func() any { return new(sse.Tick) }},
		{"ticker", "Heartbeat", func() any { return new(sse.Heartbeat) }},
	}
	var samples []sample
	skipped := 0
	for _, k := range kinds {
		for range perEvent {
			v := k.make()
			randvalue.Fill(r, v)
			tame(r, reflect.ValueOf(v).Elem(), false)
			b, err := reflect.ValueOf(v).Elem().Interface().(encoder).AppendJSON(nil)
			if err != nil {
				skipped++ // NaN, years past 9999, invalid raw JSON: Go sends nothing
				continue
			}
			samples = append(samples, sample{stream: k.stream, event: k.event, value: v, json: b})
		}
	}
	if len(samples) < len(kinds)*perEvent/2 {
		t.Fatalf("only %d of %d random values encode; the property would test little", len(samples), len(kinds)*perEvent)
	}

	var in bytes.Buffer
	for _, s := range samples {
		line, err := json.Marshal(map[string]any{"stream": s.stream, "event": s.event, "data": json.RawMessage(s.json)})
		if err != nil {
			t.Fatal(err)
		}
		in.Write(line)
		in.WriteByte('\n')
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, js)
	cmd.Stdin = &in
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node: %v\n%s", err, stderr.String())
	}

	isRaw := func(p cmp.Path) bool { return p.Last().Type() == reflect.TypeFor[json.RawMessage]() }
	opts := cmp.Options{
		cmp.FilterPath(func(p cmp.Path) bool { return !isRaw(p) }, cmpopts.EquateEmpty()),
		cmp.FilterPath(isRaw, cmp.Comparer(sameRaw)),
		cmpopts.IgnoreUnexported(sse.CardCreated{}),
	}
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(nil, 1<<24)
	i, failures := 0, 0
	for ; sc.Scan(); i++ {
		if i >= len(samples) {
			t.Fatalf("node answered more lines than it was sent")
		}
		s := samples[i]
		var reply struct {
			Data  json.RawMessage `json:"data"`
			Error string          `json:"error"`
		}
		if err := json.Unmarshal(sc.Bytes(), &reply); err != nil {
			t.Fatalf("node's line %d: %v: %s", i, err, sc.Bytes())
		}
		want := reflect.New(reflect.TypeOf(s.value).Elem()).Interface()
		if err := json.Unmarshal(s.json, want); err != nil {
			t.Fatalf("Go cannot decode its own %s: %v\n%s", s.event, err, s.json)
		}
		got := reflect.New(reflect.TypeOf(s.value).Elem()).Interface()
		err := fmt.Errorf("%s", reply.Error)
		if reply.Error == "" {
			err = json.Unmarshal(reply.Data, got)
		}
		if err == nil {
			if diff := cmp.Diff(want, got, opts); diff != "" {
				err = fmt.Errorf("the value changed (-Go +via TypeScript):\n%s", diff)
			}
		}
		if err != nil {
			failures++
			if failures <= 3 {
				t.Errorf("%s through TypeScript: %v\nGo wrote:      %s\nTypeScript wrote: %s", s.event, err, s.json, reply.Data)
			}
		}
	}
	if i != len(samples) {
		t.Fatalf("node answered %d lines for %d values\n%s", i, len(samples), stderr.String())
	}
	if failures > 0 {
		t.Errorf("%d of %d values did not survive the round trip", failures, len(samples))
	}
	checkLimits(t, node, js)
	t.Logf("%d values round-tripped (%d that Go refuses to encode skipped)", len(samples), skipped)
}

// checkLimits sends 64-bit integers at Go's limits, which a double rounds
// past them: the TypeScript encoder must write numbers Go accepts, within
// the rounding of a double.
func checkLimits(t *testing.T, node, js string) {
	t.Helper()
	v := sse.CardCreated{
		BoardID: math.MaxInt64, I: math.MinInt64, I64: math.MaxInt64, U: math.MaxUint64, U64: math.MaxUint64,
		Matrix: [][]int{{math.MaxInt64, math.MinInt64}}, Scores: map[string]int{"max": math.MaxInt64},
		Severity: sse.SeverityLow, Priority: sse.PriorityLow, Level: sse.LevelInfo,
	}
	data, err := v.AppendJSON(nil)
	if err != nil {
		t.Fatal(err)
	}
	line, _ := json.Marshal(map[string]any{"stream": "board", "event": "CardCreated", "data": json.RawMessage(data)})
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, js)
	cmd.Stdin = bytes.NewReader(append(line, '\n'))
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node: %v", err)
	}
	var reply struct {
		Data  json.RawMessage `json:"data"`
		Error string          `json:"error"`
	}
	if err := json.Unmarshal(out, &reply); err != nil || reply.Error != "" {
		t.Fatalf("TypeScript refused the limits: %v %s", err, reply.Error)
	}
	var got sse.CardCreated
	if err := json.Unmarshal(reply.Data, &got); err != nil {
		t.Fatalf("Go refuses what TypeScript wrote for 64-bit limits: %v\n%s", err, reply.Data)
	}
	near := func(name string, a, b float64) {
		if math.Abs(a-b) > 2048 {
			t.Errorf("%s: %v came back as %v", name, a, b)
		}
	}
	near("board_id", math.MaxInt64, float64(got.BoardID))
	near("i", math.MinInt64, float64(got.I))
	near("i64", math.MaxInt64, float64(got.I64))
	near("u", math.MaxUint64, float64(got.U))
	near("u64", math.MaxUint64, float64(got.U64))
	if len(got.Matrix) == 1 && len(got.Matrix[0]) == 2 {
		near("matrix[0][0]", math.MaxInt64, float64(got.Matrix[0][0]))
		near("matrix[0][1]", math.MinInt64, float64(got.Matrix[0][1]))
	} else {
		t.Errorf("matrix came back as %v", got.Matrix)
	}
	near("scores.max", math.MaxInt64, float64(got.Scores["max"]))
}
