package runtime

import (
	"fmt"
	"net/url"
)

// A multiplexed connection's event id is a cursor: the position of every
// topic, "topic=id&topic=id" in application/x-www-form-urlencoded form
// with sorted topics, so that the one id a browser sends back on
// reconnect resumes every topic.

// parseCursor reads a cursor. A topic given twice is malformed.
func parseCursor(s string) (map[string]string, error) {
	v, err := url.ParseQuery(s)
	if err != nil {
		return nil, fmt.Errorf("ssegen: malformed cursor: %w", err)
	}
	out := make(map[string]string, len(v))
	for topic, ids := range v {
		if len(ids) != 1 || ids[0] == "" || len(ids[0]) > maxCursorID {
			return nil, fmt.Errorf("ssegen: malformed cursor: topic %q", topic)
		}
		out[topic] = ids[0]
	}
	return out, nil
}

// appendQueryEscape appends s escaped as url.QueryEscape does, without
// allocating: ids are escaped for every event of a multiplexed stream.
func appendQueryEscape(dst []byte, s string) []byte {
	const hex = "0123456789ABCDEF"
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', c == '-', c == '_', c == '.', c == '~':
			dst = append(dst, c)
		case c == ' ':
			dst = append(dst, '+')
		default:
			dst = append(dst, '%', hex[c>>4], hex[c&15])
		}
	}
	return dst
}
