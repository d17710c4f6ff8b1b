//ssegen:channel item:{ItemID}
package sse

// Created has the key.
type Created struct {
	ItemID string `json:"item_id"`
}

// Deleted lacks it.
type Deleted struct {
	ID string `json:"id"`
}

// Hidden has it, but unexported.
type Hidden struct {
	itemID string
	Name   string `json:"name"`
}
