// Comments on an item.
//
//ssegen:channel item:{ItemID}
package sse

// CommentAdded is sent when someone comments on an item.
type CommentAdded struct {
	ItemID string `json:"item_id"`
	Author Author `json:"author"`
}

// Author is meant as a helper type of CommentAdded, but an exported struct
// in a stream file is an event, and it has no ItemID.
type Author struct {
	Name string `json:"name"`
}
