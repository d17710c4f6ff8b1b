package sse

import "time"

// UserID identifies a user. It is a named string type, not an enum: it has
// no declared constants.
type UserID string

// Tags is a named slice type: the JSON shape of []string.
type Tags []string

// Blob is a named byte slice: base64 on the wire, like []byte.
type Blob []byte

// Attrs is a named map type: the JSON shape of map[string]string.
type Attrs map[string]string

// Severity says how urgent an alert is: a string enum.
type Severity string

// The severities, in rising order.
const (
	// SeverityLow can wait.
	SeverityLow    Severity = "low"
	SeverityMedium Severity = "medium"
	// SeverityHigh needs attention now.
	SeverityHigh Severity = "high"
)

// Priority orders cards on a board: a signed integer enum with a negative
// value and a gap.
type Priority int

// The priorities of a card.
const (
	PriorityBacklog Priority = -1
	PriorityNone    Priority = iota - 1
	PriorityLow
	PriorityHigh
	// PriorityUrgent jumps the queue.
	PriorityUrgent Priority = 10
)

// Level is an unsigned integer enum.
type Level uint8

// The log levels of a tick.
const (
	LevelDebug Level = 1
	LevelInfo  Level = 2
	LevelWarn  Level = 4
)

// Address is a record nested inside another record.
type Address struct {
	Street  string `json:"street"`
	City    string `json:"city,omitempty"`
	Country string `json:"country"`
}

// Author is a record used by events of two streams.
type Author struct {
	ID      UserID   `json:"id"`
	Name    string   `json:"name"`
	Address *Address `json:"address,omitempty"`
}

// Stamp is embedded in Base, two levels below the events that embed Base.
type Stamp struct {
	At  time.Time `json:"at"`
	Seq uint64    `json:"seq,string"`
}

// Base is embedded by value in events: its fields, and those of Stamp, are
// flattened into the event's JSON object.
type Base struct {
	Stamp
	EventID string `json:"event_id"`
	// Note is hidden by the shallower Note of the events that embed Base.
	Note string `json:"note"`
}

// Meta is embedded with a JSON tag, so it is one nested member, not
// flattened.
type Meta struct {
	Source  string `json:"source"`
	Attempt int    `json:"attempt"`
}
