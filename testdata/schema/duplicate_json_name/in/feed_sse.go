package sse

// Posted names two fields "id", and has "ID" twice once tags are read.
type Posted struct {
	PostID string `json:"id"`
	UserID string `json:"id"`
	ID     string
	Ident  string `json:"ID"`
}
