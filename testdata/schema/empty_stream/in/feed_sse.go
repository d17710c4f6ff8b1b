// Feed declares no event.
package sse

// Kind is only a helper type.
type Kind string

// The kinds.
const (
	KindA Kind = "a"
)

type internal struct {
	X int `json:"x"`
}
