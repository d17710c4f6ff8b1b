package redisbp

import (
	"strings"

	"github.com/ssegen/ssegen/runtime"
)

// A note is the Pub/Sub message that announces one published event. It
// carries the event whole and the id of the event before it in the stream,
// so that a node that delivered prev can deliver the event without reading
// the stream, and a node that did not knows it missed something.
//
// On the wire it is "prev\nid\nname\ndata" (see publish.lua): ids and
// names never contain a line feed, the data may.
type note struct {
	prev  string
	event runtime.Event
}

// parseNote reads a note of topic, or returns false if payload is not one.
func parseNote(topic, payload string) (note, bool) {
	prev, rest, ok1 := strings.Cut(payload, "\n")
	id, rest, ok2 := strings.Cut(rest, "\n")
	name, data, ok3 := strings.Cut(rest, "\n")
	if !ok1 || !ok2 || !ok3 {
		return note{}, false
	}
	if _, _, ok := parseID(prev); !ok {
		return note{}, false
	}
	if _, _, ok := parseID(id); !ok {
		return note{}, false
	}
	return note{prev: prev, event: runtime.Event{Topic: topic, ID: id, Name: name, Data: []byte(data)}}, true
}
