package sse

import "strings"

// Code marshals itself as text, so its JSON key is whatever that code makes.
type Code string

// MarshalText upper-cases the code.
func (c Code) MarshalText() ([]byte, error) { return []byte(strings.ToUpper(string(c))), nil }

// Counted is keyed by codes.
type Counted struct {
	ByCode map[Code]int `json:"by_code"`
}
