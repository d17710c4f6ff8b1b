package sse

// Posted has tags encoding/json reads differently from what was meant.
type Posted struct {
	ID    string `json: "id"`
	Title string `json:"title,omitemtpy"`
	Body  string `json:"body,omitempty,inline"`
	Fine  string `json:"fine,omitempty" xml:"fine"`
}
