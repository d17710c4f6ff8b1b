// A stream whose module would replace the generated decode.ts.
package sse

// Decoded is sent when something was decoded.
type Decoded struct {
	What string `json:"what"`
}
