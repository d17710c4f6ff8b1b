package sse

import "time"

// Stamp is defined from time.Time: it has time.Time's unexported fields
// but none of its methods, so encoding/json writes {}.
type Stamp time.Time

// secret has only unexported fields.
type secret struct {
	value string
}

// Logged uses both.
type Logged struct {
	At     Stamp  `json:"at"`
	Secret secret `json:"secret"`
}

// Counted is an event with no exported field.
type Counted struct {
	count int
}

// Pinged is an empty event on purpose: {} is what is meant.
type Pinged struct{}
