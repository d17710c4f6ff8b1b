package jsonenc

import (
	"bytes"
	"encoding/json"
	"errors"
	"math/rand/v2"
	"strconv"
	"testing"
)

// textOf is a type whose MarshalText returns its own text, or fails.
type textOf string

func (s textOf) MarshalText() ([]byte, error) {
	if s == "fail" {
		return nil, errors.New("no text")
	}
	return []byte(s), nil
}

// jsonOf is a type whose MarshalJSON returns its own bytes, or fails.
type jsonOf string

func (s jsonOf) MarshalJSON() ([]byte, error) {
	if s == "fail" {
		return nil, errors.New("no JSON")
	}
	return []byte(s), nil
}

// keyOf is a map key type that encoding/json writes only through its
// MarshalText.
type keyOf struct{ s string }

func (k keyOf) MarshalText() ([]byte, error) {
	if k.s == "fail" {
		return nil, errors.New("no key")
	}
	return []byte(k.s), nil
}

func TestAppendStringOfBytesMatchesEncodingJSON(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	cases := append([]string{}, tricky...)
	for range 3000 {
		cases = append(cases, randString(r))
	}
	for _, s := range cases {
		if got, want := ssegenAppendString(nil, []byte(s)), ssegenAppendString(nil, s); !bytes.Equal(got, want) {
			t.Fatalf("%q: as bytes %s, as a string %s", s, got, want)
		}
	}
	p, buf := []byte("a<b>\u2028\xff é"), make([]byte, 0, 64)
	if n := testing.AllocsPerRun(100, func() { buf = ssegenAppendString(buf[:0], p) }); n != 0 {
		t.Errorf("appending bytes allocates %v times, want none", n)
	}
}

func TestAppendTextMatchesEncodingJSON(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	cases := append([]string{"fail"}, tricky...)
	for range 2000 {
		cases = append(cases, randString(r))
	}
	for _, s := range cases {
		want, wantErr := marshal(t, textOf(s))
		got, err := ssegenAppendText([]byte("x"), textOf(s), "jsonenc.textOf")
		if (err != nil) != (wantErr != nil) {
			t.Fatalf("%q: error %v, encoding/json %v", s, err, wantErr)
		}
		if err != nil {
			if string(got) != "x" || err.Error() != wantErr.Error() {
				t.Fatalf("%q: failed append left %q with %q; encoding/json says %q", s, got, err, wantErr)
			}
			continue
		}
		if !bytes.Equal(got[1:], want) {
			t.Fatalf("%q: got %s, want %s", s, got[1:], want)
		}
	}
}

func TestAppendMarshalJSONMatchesEncodingJSON(t *testing.T) {
	for _, s := range []string{"fail", "", "null", " { \"a\" : [1, 2 ,\n3] , \"<b>\":\"&\u2028\" } ", `"x"`, `{`, `1 2`, `"\u003c"`, "\"\xe2\x80\xa9\"", " 12.50 "} {
		want, wantErr := marshal(t, jsonOf(s))
		got, err := ssegenAppendMarshalJSON([]byte("x"), jsonOf(s), "jsonenc.jsonOf")
		if (err != nil) != (wantErr != nil) {
			t.Fatalf("%q: error %v, encoding/json %v", s, err, wantErr)
		}
		if err != nil {
			if string(got) != "x" || err.Error() != wantErr.Error() {
				t.Fatalf("%q: failed append left %q with %q; encoding/json says %q", s, got, err, wantErr)
			}
			continue
		}
		if !bytes.Equal(got[1:], want) {
			t.Fatalf("%q: got %s, want %s", s, got[1:], want)
		}
	}
}

func TestTextKeysOrderAsEncodingJSON(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	for range 500 {
		m := map[keyOf]int{}
		for i := range r.IntN(8) {
			m[keyOf{randString(r)}] = i
		}
		want, _ := json.Marshal(m)
		keys, err := ssegenTextKeys(m, "map[jsonenc.keyOf]int")
		if err != nil {
			t.Fatal(err)
		}
		got := []byte{'{'}
		for i, k := range keys {
			if i > 0 {
				got = append(got, ',')
			}
			got = ssegenAppendString(got, k.text)
			got = append(got, ':')
			got = strconv.AppendInt(got, int64(m[k.key]), 10)
		}
		got = append(got, '}')
		if !bytes.Equal(got, want) {
			t.Fatalf("members in key text order: got %s, want %s", got, want)
		}
	}
	_, err := ssegenTextKeys(map[keyOf]int{{"fail"}: 1}, "map[jsonenc.keyOf]int")
	_, wantErr := json.Marshal(map[keyOf]int{{"fail"}: 1})
	if err == nil || err.Error() != wantErr.Error() {
		t.Errorf("failing key: error %v, encoding/json %v", err, wantErr)
	}
}
