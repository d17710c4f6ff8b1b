package sse

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"testing"

	"github.com/ssegen/ssegen/internal/e2e/randvalue"
)

// appender is what the generated encoders give events and records.
type appender interface {
	AppendJSON(b []byte) ([]byte, error)
}

// sameAsEncodingJSON fails the test unless v.AppendJSON appends exactly
// the bytes encoding/json.Marshal returns, or fails exactly when it does
// (leaving the buffer as it was).
func sameAsEncodingJSON(t testing.TB, v appender) {
	t.Helper()
	want, wantErr := json.Marshal(v)
	prefix := []byte("prefix:")
	got, err := v.AppendJSON(bytes.Clone(prefix))
	if (err != nil) != (wantErr != nil) {
		t.Fatalf("%T: AppendJSON error %v, encoding/json error %v\nvalue: %#v", v, err, wantErr, v)
	}
	if err != nil {
		if !bytes.Equal(got, prefix) {
			t.Fatalf("%T: failed AppendJSON changed the buffer to %q", v, got)
		}
		return
	}
	if !bytes.HasPrefix(got, prefix) || !bytes.Equal(got[len(prefix):], want) {
		t.Fatalf("%T: AppendJSON differs from encoding/json\n got: %s\nwant: %s\nvalue: %#v", v, got, want, v)
	}
}

// checkRandom compares n random values of T.
func checkRandom[T appender](t *testing.T, r *rand.Rand, n int) {
	t.Helper()
	for range n {
		var v T
		randvalue.Fill(r, &v)
		sameAsEncodingJSON(t, v)
	}
}

// TestAppendJSONEqualsEncodingJSON is the property test: for random values
// of every event and record of the all-types schema, the generated
// encoder writes what encoding/json writes, byte for byte.
func TestAppendJSONEqualsEncodingJSON(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 11))
	const n = 3000
	checkRandom[CardCreated](t, r, n)
	checkRandom[CardMoved](t, r, n)
	checkRandom[CardArchived](t, r, n)
	checkRandom[ProfileUpdated](t, r, n)
	checkRandom[AvatarChanged](t, r, n)
	checkRandom[Tick](t, r, n)
	checkRandom[Heartbeat](t, r, 10)
	checkRandom[Author](t, r, n)
	checkRandom[Address](t, r, n)
	checkRandom[Meta](t, r, n)
}

// TestAppendJSONZeroValues covers the values random draws rarely give
// whole: every event at its zero value, where omitempty and omitzero
// leave out the most.
func TestAppendJSONZeroValues(t *testing.T) {
	for _, v := range []appender{CardCreated{}, CardMoved{}, CardArchived{}, ProfileUpdated{}, AvatarChanged{}, Tick{}, Heartbeat{}, Author{}, Address{}, Meta{}} {
		sameAsEncodingJSON(t, v)
	}
}

// fuzzSeeds are the corpus every fuzz target starts from; plain go test
// runs them.
var fuzzSeeds = [][]byte{
	nil,
	[]byte("\x00\x01\x02\x03\x04\x05\x06\x07\x08"),
	bytes.Repeat([]byte{0xff}, 64),
	[]byte("<script>alert('&')</script>\u2028\u2029\xff"),
	bytes.Repeat([]byte{7, 200, 13, 0, 99, 250, 1, 3}, 40),
}

// FuzzAppendJSONEvents lets the fuzzer choose values of every event: its
// input drives the choices of randvalue.Fill.
func FuzzAppendJSONEvents(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		r := rand.New(randvalue.NewBytes(data))
		for _, v := range []appender{new(CardCreated), new(CardMoved), new(CardArchived), new(ProfileUpdated), new(AvatarChanged), new(Tick)} {
			randvalue.Fill(r, v)
			sameAsEncodingJSON(t, v)
		}
	})
}

// FuzzAppendJSONScalars puts fuzzed strings, floats and raw JSON where
// the encoders treat them differently: values, map keys, the `string`
// option, base64 and raw messages.
func FuzzAppendJSONScalars(f *testing.F) {
	f.Add("plain", 1.5, float32(2.25), []byte(`{"a": 1}`), int64(42))
	f.Add("<&>\u2028\xff\x00\"\\", 1e21, float32(1e-7), []byte(" [ \"<\" ] "), int64(-1))
	f.Add("", 0.0, float32(0), []byte(nil), int64(0))
	f.Add("\t\n\r\b\f\x7f", 9.999999e-7, float32(3.4e38), []byte("{"), int64(-9223372036854775808))
	f.Fuzz(func(t *testing.T, s string, f64 float64, f32 float32, raw []byte, n int64) {
		created := CardCreated{
			S: s, Title: s, F64: f64, F32: f32, Raw: raw, Payload: raw, Blob: Blob(s),
			I64: n, U64: uint64(n), Owner: UserID(s), Severity: Severity(s),
			Scores: map[string]int{s: int(n), s + "x": 1}, ByUser: map[UserID]string{UserID(s): s},
			ByID: map[int64]string{n: s, n / 2: s, n / 10: s}, Flags: map[uint16]bool{uint16(n): true, uint16(n >> 8): false},
			Pair: [2]string{s, s}, Tags: Tags{s}, Attrs: Attrs{s: s},
		}
		sameAsEncodingJSON(t, created)
		archived := CardArchived{SStr: s, SFloat: f64, SInt64: n, SUint64: uint64(n), SPtr: &n, ZBoth: s}
		sameAsEncodingJSON(t, archived)
		moved := CardMoved{S: s, F32: f32, F64: f64, Raw: raw, Bytes: raw, Named: UserID(s), I64: n}
		sameAsEncodingJSON(t, moved)
	})
}
