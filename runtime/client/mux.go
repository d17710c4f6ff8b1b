package client

import (
	"bytes"
	"errors"
	"fmt"
)

// EventResync is the name of the event the runtime sends when it cannot
// replay a topic from the position a client resumed at: the client has
// missed events and should fetch fresh state. Its data is the topic alone.
const EventResync = "resync"

// SplitMux separates the data of an event from the multiplexed endpoint
// into its topic (the first line) and the event's own data (the rest). A
// resync event carries only a topic; its payload is nil.
func SplitMux(data []byte) (topic string, payload []byte, err error) {
	line, rest, found := bytes.Cut(data, []byte{'\n'})
	if len(line) == 0 {
		return "", nil, errNoTopic
	}
	topic = string(line)
	if err := checkTopic(topic); err != nil {
		return "", nil, fmt.Errorf("sse: multiplexed event: %w", err)
	}
	if !found {
		return topic, nil, nil
	}
	return topic, rest, nil
}

// errNoTopic is returned by SplitMux for data without a topic line.
var errNoTopic = errors.New("sse: multiplexed event has no topic")
