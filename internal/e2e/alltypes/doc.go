// Package sse is the ssegen schema that uses every supported type and tag
// option at least once, so that every generator is exercised on all of them.
//
// board_sse.go covers the kinds and options (integer channel key),
// profile_sse.go the auth stream with a named string key, and ticker_sse.go
// a global stream without doc, an empty event and a helper enum declared in
// a stream file.
package sse
