package sse

import "github.com/shopspring/decimal"

// Priced uses types that write their own JSON, with and without a
// declared form.
type Priced struct {
	Amount decimal.Decimal  `json:"amount"`
	Money  Money            `json:"money"`
	Spot   Spot             `json:"spot"`
	Spots  map[string]*Spot `json:"spots"`
	Blob   Blob             `json:"blob,omitempty"`
}
