package edge

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"testing"

	"github.com/ssegen/ssegen/internal/e2e/randvalue"
)

// sameAsEncodingJSON fails unless v.AppendJSON appends what
// encoding/json.Marshal returns, or fails when it does.
func sameAsEncodingJSON(t testing.TB, v interface {
	AppendJSON([]byte) ([]byte, error)
}) {
	t.Helper()
	want, wantErr := json.Marshal(v)
	got, err := v.AppendJSON(nil)
	if (err != nil) != (wantErr != nil) {
		t.Fatalf("%T: AppendJSON error %v, encoding/json error %v\nvalue: %#v", v, err, wantErr, v)
	}
	if err == nil && !bytes.Equal(got, want) {
		t.Fatalf("%T: AppendJSON differs from encoding/json\n got: %s\nwant: %s\nvalue: %#v", v, got, want, v)
	}
}

func TestOddCornersEqualEncodingJSON(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 5))
	for range 3000 {
		var v Odd
		randvalue.Fill(r, &v)
		sameAsEncodingJSON(t, v)
	}
	one, zero := 1, 0
	p1, p0 := &one, &zero
	for _, v := range []Odd{
		{},
		{PP: &p1, ZHolder: Holder{L: []int{}}, ZPtrRec: &Inner{}},
		{PP: new(*int), ZHolder: Holder{L: []int{1}}, Recs: [2]Inner{{N: 1}, {S: "<"}}},
		{PP: &p0, MapSlice: map[int8][]*Inner{-1: {nil, {N: 2}}, 10: nil, 9: {}}, Nested: map[string]map[uint]string{"a": {10: "x", 9: "y"}, "b": nil}},
	} {
		sameAsEncodingJSON(t, v)
	}
}

func FuzzAppendJSONOdd(f *testing.F) {
	f.Add([]byte(nil))
	f.Add(bytes.Repeat([]byte{1, 2, 250, 77}, 50))
	f.Fuzz(func(t *testing.T, data []byte) {
		var v Odd
		randvalue.Fill(rand.New(randvalue.NewBytes(data)), &v)
		sameAsEncodingJSON(t, v)
	})
}
