package sse

// Color is written as a hex string by its own code.
type Color uint32

// MarshalText writes #rrggbb.
func (c Color) MarshalText() ([]byte, error) { return []byte("#000000"), nil }

// Shade is only read by its own code.
type Shade string

// UnmarshalText reads anything.
func (s *Shade) UnmarshalText(b []byte) error { *s = Shade(b); return nil }

// Painted uses both.
type Painted struct {
	Color Color  `json:"color"`
	Shade *Shade `json:"shade"`
}
