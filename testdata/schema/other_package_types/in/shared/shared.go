// Package shared declares types a models package uses.
package shared

// Place is a record.
type Place struct {
	Lat float64 `json:"lat"`
	Lng float64 `json:"lng"`
}

// Mood is an enum with unexported constants left out.
type Mood string

// The moods.
const (
	MoodCalm   Mood = "calm"
	MoodBusy   Mood = "busy"
	moodSecret Mood = "secret"
)

// Handle is a named string.
type Handle string

var _ = moodSecret
