package sse

import "encoding/json"

// Money writes itself as a number of cents; its form is not declared.
type Money int64

// MarshalJSON writes the cents.
func (m Money) MarshalJSON() ([]byte, error) { return json.Marshal(int64(m)) }

// UnmarshalJSON reads them.
func (m *Money) UnmarshalJSON(b []byte) error { return json.Unmarshal(b, (*int64)(m)) }

// Spot writes itself as an object of coordinates.
type Spot struct {
	lat, lng float64
}

// Coords is the JSON form of Spot.
type Coords struct {
	Lat float64 `json:"lat"`
	Lng float64 `json:"lng"`
}

// MarshalJSON writes the coordinates.
func (s Spot) MarshalJSON() ([]byte, error) { return json.Marshal(Coords{s.lat, s.lng}) }

// UnmarshalJSON reads them.
func (s *Spot) UnmarshalJSON(b []byte) error {
	var c Coords
	err := json.Unmarshal(b, &c)
	s.lat, s.lng = c.Lat, c.Lng
	return err
}

// Blob is free-form data.
type Blob []byte

// MarshalJSON writes the bytes as they are.
func (b Blob) MarshalJSON() ([]byte, error) { return b, nil }

// UnmarshalJSON keeps them.
func (b *Blob) UnmarshalJSON(p []byte) error { *b = append((*b)[:0], p...); return nil }
