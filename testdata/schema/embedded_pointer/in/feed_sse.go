package sse

// Posted embeds a pointer.
type Posted struct {
	*Base
	Text string `json:"text"`
}
