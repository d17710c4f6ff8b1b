//ssegen:channel {ItemID}
package sse

// B has a template without a prefix.
type B struct {
	ItemID string `json:"item_id"`
}
