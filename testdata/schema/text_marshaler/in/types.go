package sse

// Serial has MarshalText on its pointer only: it is accepted behind a
// pointer, where encoding/json always calls it.
type Serial struct {
	N int
}

// MarshalText writes the serial number.
func (s *Serial) MarshalText() ([]byte, error) { return []byte("S"), nil }

// UnmarshalText reads it.
func (s *Serial) UnmarshalText([]byte) error { return nil }
