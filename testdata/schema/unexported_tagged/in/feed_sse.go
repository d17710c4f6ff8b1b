package sse

// Posted has unexported fields with tags: encoding/json ignores them.
type Posted struct {
	ID     string `json:"id"`
	secret string `json:"secret"`
	note   string `json:"note,omitempty"`
	plain  string
	gone   string `json:"-"`
}
