// Feed shows how embedded fields are flattened.
package sse

// Posted embeds structs in every way encoding/json flattens them.
type Posted struct {
	inner
	Mid
	Tagged
	Untagged
	Key
	Titled
	// Title hides Titled.Title although that one is tagged.
	Title string
	// Weird has a tag name encoding/json rejects, so it keeps its Go name.
	Weird string `json:"we\\ird"`
	// Embedded with a name: one nested member.
	Deep `json:"deep"`
}
