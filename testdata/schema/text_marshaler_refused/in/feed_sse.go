package sse

// Color writes itself as text but cannot read it back.
type Color uint32

// MarshalText writes #rrggbb.
func (c Color) MarshalText() ([]byte, error) { return []byte("#000000"), nil }

// Level is read from text but written as a number.
type Level int

// UnmarshalText reads a name.
func (l *Level) UnmarshalText([]byte) error { return nil }

// Code is an integer written as text.
type Code int

// MarshalText writes the code.
func (c Code) MarshalText() ([]byte, error) { return []byte("c"), nil }

// UnmarshalText reads it.
func (c *Code) UnmarshalText([]byte) error { return nil }

// Painted uses them wrongly.
type Painted struct {
	Color   Color             `json:"color"`
	Level   Level             `json:"level"`
	Serial  Serial            `json:"serial"`
	Serials map[string]Serial `json:"serials"`
	ByKey   map[Serial]int    `json:"by_key"`
	Quoted  Code              `json:"quoted,string"`
}
