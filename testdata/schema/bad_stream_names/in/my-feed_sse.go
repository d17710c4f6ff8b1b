package sse

// C is an event of a stream whose name has a dash.
type C struct {
	ID string `json:"id"`
}
