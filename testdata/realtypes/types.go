package sse

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Cents is an amount of money that writes itself as a JSON number of
// euros, declared below so that frontends see a number.
//
//ssegen:json Cents float64
type Cents int64

// MarshalJSON writes the amount in euros with two decimals.
func (c Cents) MarshalJSON() ([]byte, error) {
	sign := ""
	if c < 0 {
		sign, c = "-", -c
	}
	return []byte(fmt.Sprintf("%s%d.%02d", sign, c/100, c%100)), nil
}

// UnmarshalJSON reads an amount in euros.
func (c *Cents) UnmarshalJSON(b []byte) error {
	f, err := strconv.ParseFloat(string(b), 64)
	if err != nil {
		return err
	}
	*c = Cents(f*100 + 0.5*sign(f))
	return nil
}

func sign(f float64) float64 {
	if f < 0 {
		return -1
	}
	return 1
}

// Extra is free-form data that writes itself as any JSON: frontends get it
// undecoded.
type Extra struct {
	Key   string
	Value string
}

// MarshalJSON writes {"<key>": "<value>"}, or null for an empty key, with
// spaces that encoding/json compacts.
func (e Extra) MarshalJSON() ([]byte, error) {
	if e.Key == "" {
		return []byte(" null "), nil
	}
	if e.Key == "\x00" {
		return []byte("{"), nil // invalid: encoding/json fails
	}
	return []byte(fmt.Sprintf("{ %q : %q }", e.Key, e.Value)), nil
}

// UnmarshalJSON reads what MarshalJSON writes.
func (e *Extra) UnmarshalJSON(b []byte) error {
	var m map[string]string
	if err := jsonUnmarshal(b, &m); err != nil {
		return err
	}
	*e = Extra{}
	for k, v := range m {
		e.Key, e.Value = k, v
	}
	return nil
}

// Priority is an enum that writes its names by its own code.
type Priority int

// The priorities.
const (
	PriorityLow Priority = iota
	PriorityHigh
	PriorityUrgent
)

var priorityNames = []string{"low", "high", "<urgent>"}

// MarshalText writes the priority's name; an unknown priority is an error.
func (p Priority) MarshalText() ([]byte, error) {
	if p < 0 || int(p) >= len(priorityNames) {
		return nil, errors.New("unknown priority " + strconv.Itoa(int(p)))
	}
	return []byte(priorityNames[p]), nil
}

// UnmarshalText reads a priority's name.
func (p *Priority) UnmarshalText(b []byte) error {
	for i, n := range priorityNames {
		if strings.EqualFold(n, string(b)) {
			*p = Priority(i)
			return nil
		}
	}
	return errors.New("unknown priority " + strconv.Quote(string(b)))
}

// Serial has its text methods on the pointer only, so it is used behind
// pointers, where encoding/json always calls them.
type Serial struct {
	Prefix string
	N      uint32
}

// MarshalText writes <prefix>-<n>.
func (s *Serial) MarshalText() ([]byte, error) {
	return []byte(s.Prefix + "-" + strconv.FormatUint(uint64(s.N), 10)), nil
}

// UnmarshalText reads <prefix>-<n>.
func (s *Serial) UnmarshalText(b []byte) error {
	i := strings.LastIndexByte(string(b), '-')
	if i < 0 {
		return errors.New("serial without '-'")
	}
	n, err := strconv.ParseUint(string(b[i+1:]), 10, 32)
	if err != nil {
		return err
	}
	s.Prefix, s.N = string(b[:i]), uint32(n)
	return nil
}

// Labels is a slice that writes itself as one comma-separated string.
type Labels []string

// MarshalText joins the labels.
func (l Labels) MarshalText() ([]byte, error) { return []byte(strings.Join(l, ",")), nil }

// UnmarshalText splits them.
func (l *Labels) UnmarshalText(b []byte) error {
	*l = strings.Split(string(b), ",")
	return nil
}

// Place writes itself as a [lat, lng] pair, declared as the same JSON as
// LatLng so that frontends see a list of numbers.
//
//ssegen:json Place LatLng
type Place struct {
	Lat, Lng float64
}

// LatLng is the JSON form of Place.
type LatLng [2]float64

// MarshalJSON writes [lat,lng].
func (p Place) MarshalJSON() ([]byte, error) {
	return []byte("[" + strconv.FormatFloat(p.Lat, 'g', -1, 64) + ", " + strconv.FormatFloat(p.Lng, 'g', -1, 64) + "]"), nil
}

// UnmarshalJSON reads [lat,lng].
func (p *Place) UnmarshalJSON(b []byte) error {
	var ll LatLng
	if err := jsonUnmarshal(b, &ll); err != nil {
		return err
	}
	p.Lat, p.Lng = ll[0], ll[1]
	return nil
}
