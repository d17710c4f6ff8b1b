package sse

import "github.com/ssegen/ssegen/testdata/schema/name_clash_packages/in/other"

// User is an event of this package.
type User struct {
	ID string `json:"id"`
}

// Joined uses a record and an enum named like types of this package.
type Joined struct {
	Who   other.User  `json:"who"`
	Level other.Level `json:"level"`
	Own   Level       `json:"own"`
}

// Level is an enum of this package.
type Level string

// The levels.
const LevelLow Level = "low"
