// Package randvalue fills Go values with random contents chosen to stress
// a JSON encoder: strings with HTML characters, control characters,
// U+2028/U+2029 and invalid UTF-8; floats at encoding/json's format
// cutoffs, NaN and infinities; times outside RFC 3339's years; raw JSON
// with spaces, HTML and now and then invalid; nil against empty slices
// and maps. Tests compare generated encoders with encoding/json on them.
package randvalue

import (
	"encoding/binary"
	"encoding/json"
	"math"
	"math/rand/v2"
	"reflect"
	"time"
)

// maxDepth bounds nesting so that values stay small and recursion ends.
const maxDepth = 4

var (
	timeType = reflect.TypeFor[time.Time]()
	rawType  = reflect.TypeFor[json.RawMessage]()
)

// Fill sets every exported field reachable from p, a non-nil pointer, to
// random contents drawn from r. Rare draws make values that encoding/json
// refuses (NaN, year 10000, invalid raw JSON), so that error paths are
// compared too.
func Fill(r *rand.Rand, p any) {
	fill(r, reflect.ValueOf(p).Elem(), 0)
}

func fill(r *rand.Rand, v reflect.Value, depth int) {
	switch v.Type() {
	case timeType:
		v.Set(reflect.ValueOf(Time(r)))
		return
	case rawType:
		v.Set(reflect.ValueOf(Raw(r)))
		return
	}
	switch v.Kind() {
	case reflect.String:
		v.SetString(String(r))
	case reflect.Bool:
		v.SetBool(r.IntN(2) == 0)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(int64(integer(r))) // SetInt keeps the low bits that fit
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		v.SetUint(integer(r))
	case reflect.Float32:
		v.SetFloat(float64(float32(Float(r))))
	case reflect.Float64:
		v.SetFloat(Float(r))
	case reflect.Slice:
		switch n := r.IntN(10); {
		case n < 2 || depth >= maxDepth:
			v.SetZero() // nil: null on the wire
		case n < 3:
			v.Set(reflect.MakeSlice(v.Type(), 0, 0)) // empty: [] or ""
		default:
			s := reflect.MakeSlice(v.Type(), 1+r.IntN(4), 4)
			for i := range s.Len() {
				fill(r, s.Index(i), depth+1)
			}
			v.Set(s)
		}
	case reflect.Array:
		for i := range v.Len() {
			fill(r, v.Index(i), depth+1)
		}
	case reflect.Map:
		switch n := r.IntN(10); {
		case n < 2 || depth >= maxDepth:
			v.SetZero()
		default:
			m := reflect.MakeMap(v.Type())
			for range r.IntN(6) {
				k := reflect.New(v.Type().Key()).Elem()
				e := reflect.New(v.Type().Elem()).Elem()
				fill(r, k, depth+1)
				fill(r, e, depth+1)
				m.SetMapIndex(k, e)
			}
			v.Set(m)
		}
	case reflect.Pointer:
		if r.IntN(4) == 0 || depth >= maxDepth {
			v.SetZero()
			return
		}
		p := reflect.New(v.Type().Elem())
		fill(r, p.Elem(), depth+1)
		v.Set(p)
	case reflect.Struct:
		// Now and then leave a struct zero, so that omitzero sees zeros.
		if r.IntN(8) == 0 {
			v.SetZero()
			return
		}
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				fill(r, v.Field(i), depth+1)
			}
		}
	}
}

// integer mixes zero, small numbers, boundaries and random bits.
func integer(r *rand.Rand) uint64 {
	switch r.IntN(6) {
	case 0:
		return 0
	case 1:
		return uint64(r.IntN(20)) - 10
	case 2:
		return []uint64{math.MaxInt8, math.MaxUint8, math.MaxInt16, math.MaxUint16, math.MaxInt32, math.MaxUint32, math.MaxInt64, math.MaxUint64}[r.IntN(8)]
	default:
		return r.Uint64() >> r.IntN(64)
	}
}

// Float draws floats around encoding/json's switch between plain and
// exponent form (1e-6 and 1e21), extremes, negative zero and, rarely, NaN
// and infinities.
func Float(r *rand.Rand) float64 {
	switch r.IntN(8) {
	case 0:
		return []float64{0, math.Copysign(0, -1), 1e-6, 1e-7, 9.999999e-7, 1e20, 1e21, 123456789e13,
			math.MaxFloat64, math.SmallestNonzeroFloat64, math.MaxFloat32, math.SmallestNonzeroFloat32, 0.1, -2.5}[r.IntN(14)]
	case 1:
		if r.IntN(20) == 0 {
			return []float64{math.NaN(), math.Inf(1), math.Inf(-1)}[r.IntN(3)]
		}
		return float64(r.IntN(2000) - 1000)
	case 2:
		f := math.Float64frombits(r.Uint64())
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return 0.5
		}
		return f
	default:
		return r.NormFloat64() * math.Pow(10, float64(r.IntN(50)-25))
	}
}

// tricky are strings that each exercise one escaping rule.
var tricky = []string{
	"", "<script>", "a&b", `"`, `\`, "\x00", "\x1f", "\x7f", "\b\f\n\r\t",
	"\u2028", "\u2029", "\xff", "\xe2\x80", "\xc3", "é", "😀", "\ufffd",
}

// String mixes ASCII, the tricky strings, random runes and random bytes.
func String(r *rand.Rand) string {
	n := r.IntN(12)
	b := make([]byte, 0, 4*n)
	for range n {
		switch r.IntN(5) {
		case 0:
			b = append(b, tricky[r.IntN(len(tricky))]...)
		case 1:
			b = append(b, byte(r.IntN(256)))
		case 2:
			b = append(b, string(rune(r.IntN(0x30000)))...)
		default:
			b = append(b, byte(' '+r.IntN(95)))
		}
	}
	return string(b)
}

// Time draws instants in many zones, now and then with a year outside
// [0,9999] or an offset of 24 hours, which encoding/json refuses.
func Time(r *rand.Rand) time.Time {
	if r.IntN(10) == 0 {
		return time.Time{}
	}
	zones := []*time.Location{time.UTC, time.FixedZone("", 5*3600+1800), time.FixedZone("", -11*3600), time.FixedZone("", 13*3600+45*60)}
	if r.IntN(40) == 0 {
		zones = []*time.Location{time.FixedZone("", 24*3600)}
	}
	sec := r.Int64N(253402300800) - 62135596800 // years 1 to 9999
	if r.IntN(40) == 0 {
		sec += 253402300800 // past 9999
	}
	return time.Unix(sec, r.Int64N(1e9)*int64(r.IntN(2))).In(zones[r.IntN(len(zones))])
}

// raws are JSON texts with spaces to compact and characters to escape.
var raws = []string{
	`null`, `true`, ` 1.5e3 `, `"<b>&amp;</b>"`, "{ \"a\" : [ 1 , 2 ] ,\n\t\"\u2028\" : {} }", `[]`, `"\u003c"`, `-0`,
}

// Raw draws nil, valid raw JSON, and rarely invalid JSON (empty included).
func Raw(r *rand.Rand) json.RawMessage {
	switch n := r.IntN(20); {
	case n == 0:
		return nil
	case n == 1:
		return json.RawMessage([]string{"", "{", "[1,]", "nul", "1 2"}[r.IntN(5)])
	default:
		return json.RawMessage(raws[r.IntN(len(raws))])
	}
}

// Bytes is a rand.Source that reads its numbers from a byte string: a
// fuzzer's input becomes the choices Fill makes, so that its mutations
// explore values. Past the input it goes on with a fixed pseudo-random
// sequence, since a constant source would make rand's bounded draws
// retry forever.
type Bytes struct {
	data []byte
	n    uint64
}

// NewBytes returns a source reading data.
func NewBytes(data []byte) *Bytes { return &Bytes{data: data} }

// Uint64 returns the next eight bytes of the input as a number, or the
// next number of the fixed sequence (splitmix64) once they are used up.
func (b *Bytes) Uint64() uint64 {
	if len(b.data) >= 8 {
		x := binary.LittleEndian.Uint64(b.data)
		b.data = b.data[8:]
		return x
	}
	b.data = nil
	b.n += 0x9e3779b97f4a7c15
	z := b.n
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}
