//ssegen:channel item:{ItemID}
package sse

// Created has a float key.
type Created struct {
	ItemID float64 `json:"item_id"`
}

// Deleted has a pointer key.
type Deleted struct {
	ItemID *string `json:"item_id"`
}

// Moved has a struct key.
type Moved struct {
	ItemID struct{ N int } `json:"item_id"`
}
