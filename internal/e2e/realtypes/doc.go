// Package sse is the ssegen schema of the types real Go services put in
// their events: types that write their own JSON through MarshalText or
// MarshalJSON (google/uuid, shopspring/decimal, math/big, net/netip, an
// enum and types of its own), database/sql's Null types, time.Duration,
// and JSON forms declared with //ssegen:json.
//
// order_sse.go uses the library types; ledger_sse.go the package's own
// types, with and without a declared JSON form.
package sse
