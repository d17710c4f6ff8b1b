package sse

import (
	"errors"
	"strings"
)

// Color is written as a hex string by its own code.
type Color uint32

// MarshalText writes #rrggbb.
func (c Color) MarshalText() ([]byte, error) { return []byte("#000000"), nil }

// UnmarshalText reads #rrggbb.
func (c *Color) UnmarshalText(b []byte) error { *c = 0; return nil }

// Shade is only read by its own code; it is written as the string it is.
type Shade string

// UnmarshalText reads anything.
func (s *Shade) UnmarshalText(b []byte) error { *s = Shade(b); return nil }

// Priority is an enum that writes its names by its own code.
type Priority int

// The priorities.
const (
	PriorityLow Priority = iota
	PriorityHigh
)

// MarshalText writes the priority's name.
func (p Priority) MarshalText() ([]byte, error) {
	switch p {
	case PriorityLow:
		return []byte("low"), nil
	case PriorityHigh:
		return []byte("high"), nil
	}
	return nil, errors.New("unknown priority")
}

// UnmarshalText reads a priority's name.
func (p *Priority) UnmarshalText(b []byte) error {
	switch strings.ToLower(string(b)) {
	case "low":
		*p = PriorityLow
	case "high":
		*p = PriorityHigh
	default:
		return errors.New("unknown priority")
	}
	return nil
}

// Painted uses them.
type Painted struct {
	Color    Color              `json:"color"`
	Shade    *Shade             `json:"shade"`
	Priority Priority           `json:"priority,omitempty"`
	ByPrio   map[Priority]int   `json:"by_prio"`
	ByShade  map[Shade]Priority `json:"by_shade"`
	Serial   *Serial            `json:"serial"`
	Serials  []*Serial          `json:"serials"`
}
