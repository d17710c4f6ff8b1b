package sse

// Box is a generic wrapper.
type Box[T any] struct {
	Value T `json:"value"`
}

// Boxed uses an instantiated generic type.
type Boxed struct {
	Count Box[int]      `json:"count"`
	Names []Box[string] `json:"names"`
}

// Pair is a generic event.
type Pair[K comparable] struct {
	Key K `json:"key"`
}
