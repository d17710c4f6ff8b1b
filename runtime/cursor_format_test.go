package runtime

import "sort"

// formatCursor writes positions as a cursor, for tests that resume from a
// position of their choosing.
func formatCursor(pos map[string]string) string {
	topics := make([]string, 0, len(pos))
	for t := range pos {
		topics = append(topics, t)
	}
	sort.Strings(topics)
	var b []byte
	for _, t := range topics {
		b = appendCursorPair(b, appendQueryEscape(nil, t), pos[t])
	}
	return string(b)
}

// appendCursorPair appends "&escTopic=escID" (without the "&" first).
func appendCursorPair(dst, escTopic []byte, id string) []byte {
	if len(dst) > 0 {
		dst = append(dst, '&')
	}
	dst = append(dst, escTopic...)
	dst = append(dst, '=')
	return appendQueryEscape(dst, id)
}
