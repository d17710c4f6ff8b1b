package sse

// Name is a string.
type Name string

// NamePtr is a named pointer type.
type NamePtr *Name

// Renamed uses it.
type Renamed struct {
	Name NamePtr `json:"name"`
}
