package sse

// Post is not in a stream file.
type Post struct {
	ID string `json:"id"`
}
