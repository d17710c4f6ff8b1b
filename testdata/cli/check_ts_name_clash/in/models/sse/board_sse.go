// Cards on a board.
package sse

// BoardStreamEvent is an event whose name is also the name TypeScript
// gives the union of the stream's events.
type BoardStreamEvent struct {
	// ItemID and ItemId differ in Go but are one TypeScript property.
	ItemID string `json:"item_id"`
	ItemId string `json:"item_id_2"`
}
