package sse

import "github.com/ssegen/ssegen/testdata/schema/other_package_types/in/shared"

// Shared uses a record, an enum and a named type of another package.
type Shared struct {
	Place  shared.Place    `json:"place"`
	Mood   shared.Mood     `json:"mood"`
	Handle shared.Handle   `json:"handle"`
	Many   []*shared.Place `json:"many"`
}
