package sse

import (
	"math/big"
	"net/url"
)

// Linked holds types ssegen cannot send as they are.
type Linked struct {
	ID    string  `json:"id"`
	Link  url.URL `json:"link"`
	Count big.Int `json:"count"`
	Where struct {
		Lat float64 `json:"lat"`
		Lng float64 `json:"lng"`
	} `json:"where"`
}
