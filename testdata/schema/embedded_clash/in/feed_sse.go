package sse

// Posted embeds two structs whose fields clash at the same depth, where
// encoding/json would silently drop both.
type Posted struct {
	Audit
	Owner
	ID string `json:"id"`
}
