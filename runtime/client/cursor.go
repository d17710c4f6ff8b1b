package client

import (
	"fmt"
	"net/url"
	"strings"
)

// Cursor is the position of every topic of a multiplexed connection: topic
// ("comment/item:42") to the id of the last event seen on it. The runtime
// sends it as the event id of the multiplexed endpoint, so that the one
// Last-Event-ID a browser keeps is enough to resume every topic.
type Cursor map[string]string

// ParseCursor reads a cursor id: `application/x-www-form-urlencoded` pairs
// topic=id. The empty string is the empty cursor. A topic that is not
// stream/channel, an empty id and a topic named twice are errors, since the
// runtime never writes them and guessing would resume at the wrong place.
func ParseCursor(s string) (Cursor, error) {
	c := Cursor{}
	for s != "" {
		var pair string
		pair, s, _ = strings.Cut(s, "&")
		k, v, ok := strings.Cut(pair, "=")
		if !ok {
			return nil, fmt.Errorf("sse: cursor pair %q has no '='", pair)
		}
		topic, err := url.QueryUnescape(k)
		if err != nil {
			return nil, fmt.Errorf("sse: cursor topic %q: %w", k, err)
		}
		id, err := url.QueryUnescape(v)
		if err != nil {
			return nil, fmt.Errorf("sse: cursor id of %q: %w", topic, err)
		}
		if err := checkTopic(topic); err != nil {
			return nil, fmt.Errorf("sse: cursor: %w", err)
		}
		if id == "" {
			return nil, fmt.Errorf("sse: cursor: topic %q has an empty id", topic)
		}
		if _, dup := c[topic]; dup {
			return nil, fmt.Errorf("sse: cursor names topic %q twice", topic)
		}
		c[topic] = id
	}
	return c, nil
}

// String encodes the cursor as the runtime does: topics sorted, topic and
// id percent-encoded as in a URL query. An empty cursor is "".
func (c Cursor) String() string {
	v := make(url.Values, len(c))
	for topic, id := range c {
		v.Set(topic, id)
	}
	return v.Encode() // sorts by key
}

// checkTopic accepts stream/channel with both parts non-empty.
func checkTopic(topic string) error {
	stream, channel, ok := strings.Cut(topic, "/")
	if !ok || stream == "" || channel == "" {
		return fmt.Errorf("topic %q is not stream/channel", topic)
	}
	return nil
}
