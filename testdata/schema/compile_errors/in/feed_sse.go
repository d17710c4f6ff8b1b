package sse

// Posted uses a type that does not exist.
type Posted struct {
	ID   string  `json:"id"`
	Body Content `json:"body"`
}

var _ int = "not an int"
