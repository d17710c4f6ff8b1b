// Package client consumes Server-Sent Event streams from Go: a parser that
// follows the WHATWG "Server-sent events" interpretation rules to the letter,
// and a reconnecting client that resumes with Last-Event-ID like a browser.
//
// The client is untyped: an Event carries the event name, the raw data and
// the last event ID. Generated code decodes the data into the stream's Go
// types. For the multiplexed endpoint, SplitMux separates a topic from its
// event data and Cursor reads and writes the per-topic positions that the
// runtime sends as event ids.
package client
