//ssegen:channel item:{ItemID}
package sse

// ItemKey is a named string type.
type ItemKey string

// Created has an int64 key.
type Created struct {
	ItemID int64 `json:"item_id"`
}

// Deleted has a string key.
type Deleted struct {
	ItemID string `json:"item_id"`
}

// Moved has a named string key.
type Moved struct {
	ItemID ItemKey `json:"item_id"`
}
