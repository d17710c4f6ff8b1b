//ssegen:channel item:{ItemID}
package sse

// Created has no ItemID.
type Created struct {
	ID string `json:"id"`
}

// Deleted has no ItemID either.
type Deleted struct {
	ID string `json:"id"`
}
