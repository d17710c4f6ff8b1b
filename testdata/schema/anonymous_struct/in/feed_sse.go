package sse

// Moved has inline struct types.
type Moved struct {
	From struct {
		X int `json:"x"`
	} `json:"from"`
	To []struct{ X int } `json:"to"`
}
