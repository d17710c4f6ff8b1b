// Package other declares types with the same names as the models package.
package other

// User is a record.
type User struct {
	Name string `json:"name"`
}

// Level is an enum.
type Level int

// The levels.
const (
	LevelOne Level = 1
)
