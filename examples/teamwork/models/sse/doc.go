// Package sse declares the streams of the Teamwork board: tasks, users
// online, typing, toasts and imports. ssegen generates the Go publishers,
// the Elm modules and the JS glue from these structs, and, for the events
// marked //ssegen:html, the board HTML stream that the htmx page follows;
// run `go generate` here after changing them.
package sse

//go:generate go run github.com/ssegen/ssegen/cmd/ssegen generate --models . --elm-out ../../elm/src --js-out ../../elm
