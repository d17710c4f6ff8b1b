package jsonenc

import (
	"bytes"
	"encoding/json"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"
	"time"
)

// marshal is encoding/json's answer, the reference for every helper.
func marshal(t *testing.T, v any) ([]byte, error) {
	t.Helper()
	return json.Marshal(v)
}

// tricky strings cover every escaping rule of encoding/json.
var tricky = []string{
	"", "plain", `"quoted"`, `back\slash`, "<script>&amp;</script>",
	"\x00\x01\x1f\x7f", "\b\f\n\r\t", "line\u2028para\u2029", "héllo wörld ✓",
	"\xff\xfe", "a\xc3", "\xe2\x80", "emoji 😀", "\ufffd", "\U0010ffff",
}

// randString mixes ASCII, multi-byte runes and invalid bytes.
func randString(r *rand.Rand) string {
	n := r.IntN(24)
	b := make([]byte, 0, n*3)
	for range n {
		switch r.IntN(6) {
		case 0:
			b = append(b, byte(r.IntN(0x80)))
		case 1:
			b = append(b, byte(r.IntN(256)))
		case 2:
			b = append(b, []byte(tricky[r.IntN(len(tricky))])...)
		case 3:
			b = append(b, "\u2028\u2029<>&"[r.IntN(9)])
		default:
			b = append(b, string(rune(r.IntN(0x11000)))...)
		}
	}
	return string(b)
}

func TestAppendStringMatchesEncodingJSON(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	cases := slices.Clone(tricky)
	for range 5000 {
		cases = append(cases, randString(r))
	}
	for _, s := range cases {
		want, _ := marshal(t, s)
		if got := ssegenAppendString(nil, s); !bytes.Equal(got, want) {
			t.Fatalf("string %q: got %s, want %s", s, got, want)
		}
		type quoted struct {
			S string `json:"s,string"`
		}
		want, _ = marshal(t, quoted{s})
		got := append(ssegenAppendQuotedString([]byte(`{"s":`), s), '}')
		if !bytes.Equal(got, want) {
			t.Fatalf("quoted string %q: got %s, want %s", s, got, want)
		}
	}
}

func TestAppendFloatMatchesEncodingJSON(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	cases := []float64{0, math.Copysign(0, -1), 1, -1, 1e-6, 1e-7, 9.999999e-7, 1e20, 1e21, 1e-9, 123456789.125,
		math.MaxFloat64, math.SmallestNonzeroFloat64, math.MaxFloat32, math.SmallestNonzeroFloat32, 0.1, 1.0 / 3}
	for range 20000 {
		cases = append(cases, math.Float64frombits(r.Uint64()), r.NormFloat64()*math.Pow(10, float64(r.IntN(60)-30)))
	}
	for _, f := range cases {
		want64, err64 := marshal(t, f)
		got64, gotErr := ssegenAppendFloat(nil, f, 64)
		if (err64 != nil) != (gotErr != nil) || err64 == nil && !bytes.Equal(got64, want64) {
			t.Fatalf("float64 %v: got %s (%v), want %s (%v)", f, got64, gotErr, want64, err64)
		}
		f32 := float32(f)
		want32, err32 := marshal(t, f32)
		got32, gotErr := ssegenAppendFloat(nil, float64(f32), 32)
		if (err32 != nil) != (gotErr != nil) || err32 == nil && !bytes.Equal(got32, want32) {
			t.Fatalf("float32 %v: got %s (%v), want %s (%v)", f32, got32, gotErr, want32, err32)
		}
	}
	for _, f := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
		if _, err := ssegenAppendFloat(nil, f, 64); err == nil {
			t.Errorf("float %v: no error, encoding/json refuses it", f)
		}
	}
}

func TestAppendTimeMatchesEncodingJSON(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	zones := []*time.Location{time.UTC, time.FixedZone("x", 5*3600+1800), time.FixedZone("y", -11*3600), time.FixedZone("bad", 24*3600)}
	cases := []time.Time{{}, time.Date(9999, 12, 31, 23, 59, 59, 999999999, time.UTC), time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(-1, 1, 1, 0, 0, 0, 0, time.UTC)}
	for range 3000 {
		cases = append(cases, time.Unix(r.Int64N(1<<40)-1<<39, r.Int64N(1e9)).In(zones[r.IntN(len(zones))]))
	}
	for _, tm := range cases {
		want, wantErr := marshal(t, tm)
		got, err := ssegenAppendTime([]byte("x"), tm)
		if (err != nil) != (wantErr != nil) {
			t.Fatalf("time %v: error %v, encoding/json %v", tm, err, wantErr)
		}
		if err != nil {
			if string(got) != "x" {
				t.Fatalf("time %v: failed append left %q", tm, got)
			}
			continue
		}
		if !bytes.Equal(got[1:], want) {
			t.Fatalf("time %v: got %s, want %s", tm, got[1:], want)
		}
	}
}

func TestAppendRawJSONMatchesEncodingJSON(t *testing.T) {
	cases := []json.RawMessage{nil, {}, json.RawMessage(`null`), json.RawMessage(" { \"a\" : [1, 2 ,\n3] , \"<b>\":\"&\u2028\" } "),
		json.RawMessage(`"x"`), json.RawMessage(`{`), json.RawMessage(`1 2`), json.RawMessage(`"\u003c"`), json.RawMessage("\"\xe2\x80\xa9\"")}
	for _, raw := range cases {
		want, wantErr := marshal(t, raw)
		got, err := ssegenAppendRawJSON([]byte("x"), raw)
		if (err != nil) != (wantErr != nil) {
			t.Fatalf("raw %q: error %v, encoding/json %v", raw, err, wantErr)
		}
		if err == nil && !bytes.Equal(got[1:], want) {
			t.Fatalf("raw %q: got %s, want %s", raw, got[1:], want)
		}
		if err != nil && string(got) != "x" {
			t.Fatalf("raw %q: failed append left %q", raw, got)
		}
	}
}

func TestAppendBytesMatchesEncodingJSON(t *testing.T) {
	for _, p := range [][]byte{nil, {}, {0}, []byte("hello, world"), {0xff, 0xfe, 0xfd, 0}} {
		want, _ := marshal(t, p)
		if got := ssegenAppendBytes(nil, p); !bytes.Equal(got, want) {
			t.Errorf("bytes %v: got %s, want %s", p, got, want)
		}
	}
}

func TestCompareKeysOrdersAsDecimalStrings(t *testing.T) {
	ints := []int64{10, 9, -1, -10, 0, 100, math.MinInt64, math.MaxInt64}
	slices.SortFunc(ints, ssegenCompareIntKeys)
	if !slices.IsSortedFunc(ints, func(a, b int64) int {
		return bytes.Compare([]byte(strconv.FormatInt(a, 10)), []byte(strconv.FormatInt(b, 10)))
	}) {
		t.Errorf("int keys not in string order: %v", ints)
	}
	if ssegenCompareUintKeys(10, 9) >= 0 || ssegenCompareUintKeys(9, 9) != 0 {
		t.Error("uint keys not compared as decimal strings")
	}
}

func TestScratchBuffersAreReusedAndBounded(t *testing.T) {
	p := ssegenGetScratch()
	if len(*p) != 0 {
		t.Fatalf("scratch buffer not empty: %q", *p)
	}
	used := append(*p, "hello"...)
	ssegenPutScratch(p, used)
	if len(*p) != 0 || cap(*p) < 5 {
		t.Errorf("returned buffer not emptied with its capacity kept: len %d cap %d", len(*p), cap(*p))
	}
	big := ssegenGetScratch()
	ssegenPutScratch(big, make([]byte, 0, ssegenMaxScratch+1))
	if cap(*big) > ssegenMaxScratch {
		t.Error("a buffer over the limit was kept")
	}
}
