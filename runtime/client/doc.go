// Package client consumes Server-Sent Event streams from Go: a parser that
// follows the WHATWG "Server-sent events" interpretation rules to the letter,
// and a reconnecting client that resumes with Last-Event-ID like a browser.
//
// The client is untyped: an Event carries the event name, the raw data and
// the last event ID. Generated code decodes the data into the stream's Go
// types. For the multiplexed endpoint, SplitMux separates a topic from its
// event data and Cursor reads and writes the per-topic positions that the
// runtime sends as event ids.
//
// # Shape of the API
//
// Client.Subscribe blocks and calls a handler for each event on the calling
// goroutine, reconnecting inside, until its context ends or the server says
// stop. A callback (rather than a channel or an iterator) keeps the client
// free of goroutines of its own, lets the handler's work slow the reading
// down instead of piling events up, and puts reconnection where no caller
// can forget it. Reader is the parser alone, for a response body at hand.
//
// # Where the spec leaves room
//
// Reader decodes invalid UTF-8 to U+FFFD per maximal subpart, as the
// Encoding standard does, and ignores a `retry:` with no digits or one too
// large for a time.Duration. It bounds lines and event data (SetMaxEventSize)
// where the spec sets no limit. Client seeds each new connection's last
// event ID buffer with the id it resumed from, as browsers do, so an event
// on a resumed stream that sends no `id:` still reports that position.
// Unlike a browser, which fails for good on any status but 200, Client
// retries 429, 500, 502, 503 and 504, since a service behind a proxy meets
// them in passing.
//
// # Differences from github.com/tmaxmax/go-sse
//
// The tests compare Reader with go-sse's parser (FuzzParse). go-sse differs
// from the spec in three ways the comparison leaves out, each pinned by
// TestGoSSEDifferences: it dispatches a block that has `event:` or `id:` but
// no `data:` (as an event with empty data), it passes invalid UTF-8 through
// unreplaced, and it strips a BOM that follows blank lines at the start of
// the stream. It also leaves the event type empty where the spec says
// "message".
package client
