package sse

import "encoding/json"

// jsonUnmarshal is encoding/json's Unmarshal, for the types' own methods.
func jsonUnmarshal(b []byte, v any) error { return json.Unmarshal(b, v) }
