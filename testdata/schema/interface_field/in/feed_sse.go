package sse

import "fmt"

// Changed carries values of unknown type.
type Changed struct {
	Value  any              `json:"value"`
	Err    error            `json:"err"`
	Label  fmt.Stringer     `json:"label"`
	ByName map[string]any   `json:"by_name"`
	Inline interface{ M() } `json:"inline"`
}
