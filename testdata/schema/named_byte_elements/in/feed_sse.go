package sse

// Level is a uint8 enum.
type Level uint8

// The levels.
const (
	LevelLow  Level = 1
	LevelHigh Level = 2
)

// Levels would be base64 text, not numbers.
type Levels struct {
	All []Level `json:"all"`
	Raw []uint8 `json:"raw"`
}
