//ssegen:channel item:ItemID
package sse

// A has a template without braces.
type A struct {
	ItemID string `json:"item_id"`
}
