//ssegen:channel item:{ItemID}
package sse

// Created leaves its key out of the JSON.
type Created struct {
	ItemID string `json:"-"`
	Name   string `json:"name"`
}
