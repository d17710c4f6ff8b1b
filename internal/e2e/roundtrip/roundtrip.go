// Package roundtrip is what the Go -> Elm -> Go and Go -> TypeScript -> Go
// tests of internal/e2e share: the Elm worker's build and run, and the
// check that Go reads back what it sent, up to what the frontend changes.
package roundtrip

import (
	"encoding/json"
	"math"
	"reflect"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// Input is one event for a round-trip driver: the stream's module decodes
// data by the event's name and encodes it back.
type Input struct {
	Stream string `json:"stream"`
	Event  string `json:"event"`
	Data   string `json:"data"`
}

// Output is what a driver made of one input: the JSON the frontend wrote,
// or why its decoder refused the input.
type Output struct {
	JSON  *string `json:"json"`
	Error *string `json:"error"`
}

// Check fails t for every input whose output the frontend (lang, e.g.
// "Elm") refused, or that Go cannot read, or that reads back as another
// value than the input does, by equal; it stops after five failures.
// newValue returns a new pointer to a zero value of input i's event.
func Check(t *testing.T, lang string, inputs []Input, outputs []Output, newValue func(i int) any, equal []cmp.Option) {
	t.Helper()
	failures := 0
	for i, in := range inputs {
		out := outputs[i]
		want, got := newValue(i), newValue(i)
		if err := json.Unmarshal([]byte(in.Data), want); err != nil {
			t.Fatalf("%s: Go cannot read its own JSON: %v\n%s", in.Event, err, in.Data)
		}
		switch {
		case out.Error != nil || out.JSON == nil:
			t.Errorf("%s: %s refuses what Go wrote: %v\n data: %s", in.Event, lang, deref(out.Error), in.Data)
			failures++
		default:
			if err := json.Unmarshal([]byte(*out.JSON), got); err != nil {
				t.Errorf("%s: Go cannot read what %s wrote: %v\n Go wrote: %s\n%s wrote: %s", in.Event, lang, err, in.Data, lang, *out.JSON)
				failures++
			} else if diff := cmp.Diff(want, got, equal...); diff != "" {
				t.Errorf("%s: Go -> %s -> Go changed the value (-Go +%s):\n%s\n Go wrote: %s\n%s wrote: %s", in.Event, lang, lang, diff, in.Data, lang, *out.JSON)
				failures++
			}
		}
		if failures >= 5 {
			t.Fatalf("stopping after %d failures", failures)
		}
	}
}

func deref(s *string) string {
	if s == nil {
		return "no answer"
	}
	return *s
}

// EmptyIsNil is equality of nil and empty slices and maps, which Elm and
// JavaScript both write as one empty list or object.
var EmptyIsNil = cmp.FilterValues(func(x, y any) bool { return IsEmpty(x) && IsEmpty(y) }, cmp.Comparer(func(_, _ any) bool { return true }))

// IsEmpty reports whether x is a slice or map of length zero.
func IsEmpty(x any) bool {
	v := reflect.ValueOf(x)
	return (v.Kind() == reflect.Slice || v.Kind() == reflect.Map) && v.Len() == 0
}

// Is64Bit reports whether x is a Go integer wider than a double's
// mantissa.
func Is64Bit(x any) bool {
	switch reflect.ValueOf(x).Kind() {
	case reflect.Int, reflect.Int64, reflect.Uint, reflect.Uint64:
		return true
	}
	return false
}

// SameDouble reports whether one of x and y, 64-bit integers, is what a
// frontend whose numbers are doubles makes of the other (cmp wants a
// symmetric comparer).
func SameDouble(x, y any) bool {
	return asDouble(x, y) || asDouble(y, x)
}

// asDouble reports whether got is what a double makes of want: the same
// double, or, where that double is past Go's limits, the nearest one
// inside them that the generated encoder writes instead.
func asDouble(want, got any) bool {
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
