package sse

import (
	"io/fs"
	"time"
)

// Timed uses named types of the standard library whose constants are
// units or flags, not value sets: they stay plain numbers.
type Timed struct {
	Took  time.Duration `json:"took"`
	Month time.Month    `json:"month"`
	Mode  fs.FileMode   `json:"mode"`
}
