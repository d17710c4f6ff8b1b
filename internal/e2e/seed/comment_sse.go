// Comments on an item, as they are written and edited.
//
//ssegen:channel item:{ItemID}
package sse

// CommentAdded is sent when someone comments on an item.
type CommentAdded struct {
	CommentID  string `json:"comment_id"`
	ItemID     string `json:"item_id"`
	AuthorName string `json:"author_name"`
	Text       string `json:"text"`
	Timestamp  int64  `json:"timestamp"`
}

// CommentUpdated is sent when the author edits a comment.
type CommentUpdated struct {
	CommentID string `json:"comment_id"`
	ItemID    string `json:"item_id"`
	NewText   string `json:"new_text"`
	EditedAt  int64  `json:"edited_at"`
}
