package sse

import "github.com/shopspring/decimal"

//ssegen:json decimal.Decimal
//ssegen:json Nowhere string
//ssegen:json Plain string
//ssegen:json Money money
//ssegen:json Money Money
//ssegen:json Money float64
//ssegen:json Money string
//ssegen:json Opaque Blob
//ssegen:json github.com/shopspring/decimal.Decimal float64

// Priced uses the types.
type Priced struct {
	Price  Money           `json:"price"`
	Other  Opaque          `json:"other"`
	Amount decimal.Decimal `json:"amount"`
	Plain  Plain           `json:"plain"`
}
