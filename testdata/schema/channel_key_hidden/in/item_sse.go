//ssegen:channel item:{ItemID}
package sse

// Inner carries the key under the JSON name "item".
type Inner struct {
	ItemID string `json:"item"`
}

// Created embeds Inner, but its own Item takes the JSON name "item", so
// Created.ItemID never reaches the JSON.
type Created struct {
	Inner
	Item string `json:"item"`
}
