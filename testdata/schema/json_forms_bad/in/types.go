package sse

// Money writes itself.
type Money int64

// MarshalJSON writes a number.
func (m Money) MarshalJSON() ([]byte, error) { return []byte("1"), nil }

// UnmarshalJSON reads anything.
func (m *Money) UnmarshalJSON([]byte) error { return nil }

// Plain has no methods.
type Plain string

// Opaque is declared as the JSON of Blob, which is opaque itself.
type Opaque int

// MarshalJSON writes a number.
func (o Opaque) MarshalJSON() ([]byte, error) { return []byte("1"), nil }

// UnmarshalJSON reads anything.
func (o *Opaque) UnmarshalJSON([]byte) error { return nil }

// Blob writes any JSON.
type Blob int

// MarshalJSON writes a number.
func (b Blob) MarshalJSON() ([]byte, error) { return []byte("1"), nil }

// UnmarshalJSON reads anything.
func (b *Blob) UnmarshalJSON([]byte) error { return nil }
