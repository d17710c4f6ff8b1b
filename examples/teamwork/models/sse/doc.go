// Package sse declares the streams of the Teamwork board: tasks, users
// online, typing and toasts. ssegen generates the Go publishers, the Elm
// modules and the JS glue from these structs; run `go generate` here after
// changing them.
package sse

//go:generate go run github.com/ssegen/ssegen/cmd/ssegen generate --models . --elm-out ../../elm/src --js-out ../../elm
