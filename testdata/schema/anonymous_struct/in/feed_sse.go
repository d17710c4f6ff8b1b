package sse

// Moved has inline struct types.
type Moved struct {
	From struct {
		X int `json:"x"`
		Y int `json:"y,omitempty"`
	} `json:"from"`
	To    []struct{ X int } `json:"to"`
	Empty *struct{}         `json:"empty"`
}
