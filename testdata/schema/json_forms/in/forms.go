package sse

// The application writes decimals as numbers
// (decimal.MarshalJSONWithoutQuotes), so it declares that form by import
// path, overriding the built-in one, in a file that does not import the
// package.

//ssegen:json github.com/shopspring/decimal.Decimal float64
//ssegen:json Spot Coords
