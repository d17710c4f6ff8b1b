package sse

// post is the real struct.
type post struct {
	ID string `json:"id"`
}

// Posted is an alias of it.
type Posted = post

// Edited is a real event.
type Edited struct {
	ID string `json:"id"`
}
