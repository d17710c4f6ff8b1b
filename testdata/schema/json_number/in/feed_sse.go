package sse

import "encoding/json"

// Priced carries a number encoding/json writes without quotes although
// its Go type is a string.
type Priced struct {
	Price  json.Number   `json:"price"`
	Others []json.Number `json:"others"`
}
