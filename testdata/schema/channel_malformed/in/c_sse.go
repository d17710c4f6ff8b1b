//ssegen:channel item/{ItemID}x
package sse

// C has a slash in the prefix and text after the placeholder.
type C struct {
	ItemID string `json:"item_id"`
}
