// Package events declares the server-sent event streams of this
// application: one stream per <name>_sse.go file, one event per exported
// struct. ssegen turns them into typed publishers, routes and Elm code.
//
// Regenerate after editing with `go generate` in this directory, which runs
// ssegen as a Go tool (installed once with
// `go get -tool github.com/ssegen/ssegen/cmd/ssegen`). Without the tool
// dependency, run it directly instead:
//
//	go run github.com/ssegen/ssegen/cmd/ssegen generate --models . --elm-out ../src --js-out ../../frontend/js --elm-prefix Api.Sse --targets go,elm
//
// go generate runs in this directory, so the paths in these commands are
// relative to it.
package events

//go:generate go tool ssegen generate --models . --elm-out ../src --js-out ../../frontend/js --elm-prefix Api.Sse --targets go,elm
