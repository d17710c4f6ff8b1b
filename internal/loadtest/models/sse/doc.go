// Package sse is the load test's one stream, generated into publishers and
// encoders by ssegen like any application's.
//
//go:generate go run github.com/ssegen/ssegen/cmd/ssegen generate --models . --targets go
package sse
