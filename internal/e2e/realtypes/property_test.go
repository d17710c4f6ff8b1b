package sse

import (
	"bytes"
	"encoding/json"
	"math"
	"math/big"
	"math/rand/v2"
	"net/netip"
	"reflect"
	"testing"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"github.com/ssegen/ssegen/internal/e2e/randvalue"
)

// event is what the generated code gives every event.
type event interface {
	EventName() string
	AppendJSON(b []byte) ([]byte, error)
}

// sameAsEncodingJSON fails the test unless ev.AppendJSON appends exactly
// the bytes encoding/json.Marshal returns, or fails exactly when it does
// (leaving the buffer as it was). It returns the JSON, nil on failure.
func sameAsEncodingJSON(t testing.TB, ev event) []byte {
	t.Helper()
	want, wantErr := json.Marshal(ev)
	prefix := []byte("prefix:")
	got, err := ev.AppendJSON(bytes.Clone(prefix))
	if (err != nil) != (wantErr != nil) {
		t.Fatalf("%T: AppendJSON error %v, encoding/json error %v\nvalue: %#v", ev, err, wantErr, ev)
	}
	if err != nil {
		if !bytes.Equal(got, prefix) {
			t.Fatalf("%T: failed AppendJSON changed the buffer to %q", ev, got)
		}
		return nil
	}
	if !bytes.Equal(got[len(prefix):], want) {
		t.Fatalf("%T: AppendJSON differs from encoding/json\n got: %s\nwant: %s\nvalue: %#v", ev, got[len(prefix):], want, ev)
	}
	return want
}

// decodesBack fails unless the generated decoder reads data back into an
// event whose JSON means the same (invalid UTF-8 in strings comes back as
// U+FFFD, written unescaped).
func decodesBack(t testing.TB, stream string, ev event, data []byte) {
	t.Helper()
	back, err := DecodeEvent(stream, ev.EventName(), data)
	if err != nil {
		t.Fatalf("%s: decoding %s: %v", ev.EventName(), data, err)
	}
	again, err := back.(event).AppendJSON(nil)
	if err != nil {
		t.Fatalf("%s: encoding the decoded event: %v\nJSON: %s", ev.EventName(), err, data)
	}
	var a, b any
	if err := json.Unmarshal(data, &a); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(again, &b); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(a, b) {
		t.Fatalf("%s: decoding changed the event\nbefore: %s\n after: %s", ev.EventName(), data, again)
	}
}

// check compares ev with encoding/json and, when it encodes, decodes it
// back.
func check(t testing.TB, stream string, ev event) {
	t.Helper()
	if data := sameAsEncodingJSON(t, ev); data != nil {
		decodesBack(t, stream, ev, data)
	}
}

// randDecimal draws decimals of many scales and sizes, zero included.
func randDecimal(r *rand.Rand) decimal.Decimal {
	if r.IntN(8) == 0 {
		return decimal.Decimal{}
	}
	return decimal.New(r.Int64N(math.MaxInt64)-r.Int64N(math.MaxInt64), int32(r.IntN(30)-20))
}

// randBigInt draws integers beyond 64 bits too.
func randBigInt(r *rand.Rand) *big.Int {
	n := new(big.Int).SetUint64(r.Uint64())
	n.Lsh(n, uint(r.IntN(100)))
	if r.IntN(2) == 0 {
		n.Neg(n)
	}
	return n
}

// randAddr draws IPv4, IPv6 (with zones) and invalid (zero) addresses.
func randAddr(r *rand.Rand) netip.Addr {
	switch r.IntN(5) {
	case 0:
		return netip.Addr{}
	case 1:
		var b [4]byte
		for i := range b {
			b[i] = byte(r.IntN(256))
		}
		return netip.AddrFrom4(b)
	case 2:
		return netip.MustParseAddr("fe80::1").WithZone(randvalue.String(r))
	}
	var b [16]byte
	for i := range b {
		b[i] = byte(r.IntN(256))
	}
	return netip.AddrFrom16(b)
}

// randOrderPlaced fills an OrderPlaced; randvalue cannot reach the
// unexported insides of the library types, so they are drawn here.
func randOrderPlaced(r *rand.Rand) OrderPlaced {
	var v OrderPlaced
	randvalue.Fill(r, &v)
	v.Total = randDecimal(r)
	if r.IntN(3) > 0 {
		d := randDecimal(r)
		v.Discount = &d
	}
	for i := range v.Prices {
		v.Prices[i] = randDecimal(r)
	}
	v.Units = nil
	if r.IntN(4) > 0 {
		v.Units = randBigInt(r)
	}
	v.Ratio = nil
	if r.IntN(3) > 0 {
		f := randvalue.Float(r)
		if math.IsNaN(f) {
			f = 0
		}
		v.Ratio = new(big.Float).SetFloat64(f)
		if r.IntN(20) == 0 {
			v.Ratio.SetInf(r.IntN(2) == 0)
		}
	}
	v.Client, v.Peer = randAddr(r), randAddr(r)
	if a := randAddr(r); a.IsValid() {
		v.Network = netip.PrefixFrom(a, r.IntN(a.BitLen()+1))
	}
	if v.Peers != nil {
		v.Peers = map[netip.Addr]string{}
		for range r.IntN(5) {
			v.Peers[randAddr(r)] = randvalue.String(r)
		}
	}
	for k := range v.Weights {
		v.Weights[k] = randBigInt(r)
	}
	return v
}

// randPosted fills a Posted with mostly valid values of the package's own
// types, and now and then one whose method fails.
func randPosted(r *rand.Rand) Posted {
	var v Posted
	randvalue.Fill(r, &v)
	prio := func() Priority { return Priority(r.IntN(len(priorityNames)*8+1) % (len(priorityNames) + 1)) }
	v.Priority, v.Urgency = prio(), prio()
	if r.IntN(20) > 0 && v.Priority == Priority(len(priorityNames)) {
		v.Priority = PriorityHigh
	}
	if v.ByPrio != nil {
		v.ByPrio = map[Priority]int{}
		for range r.IntN(4) {
			v.ByPrio[Priority(r.IntN(len(priorityNames)))] = r.IntN(100)
		}
	}
	cents := func() Cents { return Cents(r.Int64N(2e12) - 1e12) }
	v.Amount = cents()
	if v.Fee != nil {
		*v.Fee = cents()
	}
	if r.IntN(30) == 0 {
		v.Extra.Key = "\x00" // MarshalJSON writes invalid JSON
	}
	return v
}

// TestAppendJSONEqualsEncodingJSON is the property test of the types that
// write their own JSON: for random events the generated encoder writes
// what encoding/json writes, byte for byte, fails where it fails, and the
// generated decoder reads the JSON back.
func TestAppendJSONEqualsEncodingJSON(t *testing.T) {
	r := rand.New(rand.NewPCG(17, 19))
	for range 3000 {
		placed := randOrderPlaced(r)
		check(t, "order", placed)
		check(t, "order", OrderCancelled{OrderID: placed.OrderID, By: placed.Parent, Refund: placed.Total})
		check(t, "ledger", randPosted(r))
	}
}

// TestZeroValues covers the zero events, where omitempty and omitzero
// leave out the most and the library types write their zero forms.
func TestZeroValues(t *testing.T) {
	check(t, "order", OrderPlaced{})
	check(t, "order", OrderCancelled{})
	check(t, "ledger", Posted{})
}

// TestKnownJSON pins what some values look like on the wire, so that the
// property test cannot pass by two equal mistakes.
func TestKnownJSON(t *testing.T) {
	id := uuid.MustParse("6ba7b810-9dad-11d1-80b4-00c04fd430c8")
	other := uuid.MustParse("00000000-0000-0000-0000-000000000001")
	placed := OrderPlaced{
		OrderID: "o-1", ID: id, Total: decimal.RequireFromString("12.50"), Units: big.NewInt(0).Lsh(big.NewInt(1), 70),
		Client: netip.MustParseAddr("192.0.2.1"), Network: netip.MustParsePrefix("2001:db8::/32"),
		Lines: map[uuid.UUID]int{id: 2, other: 1},
	}
	data, err := placed.AppendJSON(nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`"id":"6ba7b810-9dad-11d1-80b4-00c04fd430c8"`, `"total":"12.5"`, `"units":1180591620717411303424`,
		`"client":"192.0.2.1"`, `"network":"2001:db8::/32"`, `"took":0`, `"note":{"String":"","Valid":false}`,
		`"lines":{"00000000-0000-0000-0000-000000000001":1,"6ba7b810-9dad-11d1-80b4-00c04fd430c8":2}`,
	} {
		if !bytes.Contains(data, []byte(want)) {
			t.Errorf("JSON lacks %s:\n%s", want, data)
		}
	}
	posted := Posted{Priority: PriorityUrgent, Amount: -1234, Extra: Extra{Key: "k", Value: "<v>"}, Place: Place{Lat: 1.5, Lng: -2}, Labels: Labels{"a", "b"}}
	data, err = posted.AppendJSON(nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"priority":"\u003curgent\u003e"`, `"amount":-12.34`, `"extra":{"k":"\u003cv\u003e"}`, `"place":[1.5,-2]`, `"labels":"a,b"`} {
		if !bytes.Contains(data, []byte(want)) {
			t.Errorf("JSON lacks %s:\n%s", want, data)
		}
	}
	posted.Priority = 7
	if _, err := posted.AppendJSON(nil); err == nil || err.Error() != "json: error calling MarshalText for type sse.Priority: unknown priority 7" {
		t.Errorf("an unknown priority gives the error %v", err)
	}
}

// FuzzAppendJSON lets the fuzzer choose the random draws.
func FuzzAppendJSON(f *testing.F) {
	f.Add([]byte(nil))
	f.Add(bytes.Repeat([]byte{3, 200, 17, 0, 99}, 40))
	f.Fuzz(func(t *testing.T, data []byte) {
		r := rand.New(randvalue.NewBytes(data))
		check(t, "order", randOrderPlaced(r))
		check(t, "ledger", randPosted(r))
	})
}
