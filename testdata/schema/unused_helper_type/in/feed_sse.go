package sse

// Tags looks like an event, but only structs are events.
type Tags []string

// Mood is used by Posted, so it may live here.
type Mood string

// The moods.
const MoodCalm Mood = "calm"

// Posted is an event.
type Posted struct {
	Mood Mood `json:"mood"`
}
