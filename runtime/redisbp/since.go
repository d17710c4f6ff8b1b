package redisbp

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/redis/go-redis/v9"
	"github.com/ssegen/ssegen/runtime"
)

// Since returns the events of topic after id, oldest first, from the
// history in Redis, so an id handed out by any node resumes on any other.
// ok is false when events after id have been trimmed, or id is malformed or
// not a position the stream ever had (for example from before Redis lost
// its data). An empty id means "from now".
func (b *Backplane) Since(ctx context.Context, topic, id string) ([]runtime.Event, bool, error) {
	if id == "" {
		return nil, true, nil
	}
	if _, _, ok := parseID(id); !ok {
		return nil, false, nil
	}
	if b.closing() {
		return nil, false, errClosed
	}
	events, ok, err := b.readAfter(ctx, topic, id)
	if err != nil || !ok {
		return nil, ok, err
	}
	return events, true, nil
}

// readAfter reads the entries of topic after the well-formed id, and
// whether the history still holds everything after id. Both come from one
// MULTI so that no trim can fall between the check and the read.
func (b *Backplane) readAfter(ctx context.Context, topic, id string) ([]runtime.Event, bool, error) {
	key := b.streamKey(topic)
	var info *redis.XInfoStreamCmd
	var entries *redis.XMessageSliceCmd
	_, err := b.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
		info = p.XInfoStream(ctx, key)
		entries = p.XRange(ctx, key, "("+id, "+")
		return nil
	})
	if err != nil && !isNoSuchKey(info.Err()) {
		return nil, false, fmt.Errorf("redisbp: read history of %q: %w", topic, err)
	}
	if info.Err() != nil { // no such key: never published, expired or lost
		return nil, id == zeroID, nil
	}
	return entriesToEvents(topic, entries.Val()), reaches(info.Val(), id), nil
}

// reaches reports whether a stream still holds every entry after id.
// Trimming removes the oldest entries, so that holds when id is at or
// after the oldest kept entry, or is 0-0 (before everything) while nothing
// was ever trimmed. An id beyond the last id handed out, or older than the
// oldest kept entry, may have lost successors or may never have been an id
// of this stream (one from before Redis lost its data): both are refused.
//
// The oldest kept entry serves as the boundary, so a client positioned on
// the newest trimmed entry is refused although it missed nothing; that is
// what makes an id lost with Redis's data recognisable without a marker.
func reaches(s *redis.XInfoStream, id string) bool {
	switch {
	case compareIDs(id, s.LastGeneratedID) > 0:
		return false
	case id == s.LastGeneratedID:
		return true
	case s.Length > 0 && compareIDs(id, s.FirstEntry.ID) >= 0:
		return true
	default:
		return id == zeroID && s.EntriesAdded == s.Length
	}
}

// isNoSuchKey reports the error XINFO STREAM gives for a missing key.
func isNoSuchKey(err error) bool {
	var re redis.Error
	return err != nil && errors.As(err, &re) && strings.Contains(re.Error(), "no such key")
}

// entriesToEvents converts stream entries written by publish.lua.
func entriesToEvents(topic string, entries []redis.XMessage) []runtime.Event {
	if len(entries) == 0 {
		return nil
	}
	events := make([]runtime.Event, len(entries))
	for i, e := range entries {
		name, _ := e.Values["n"].(string)
		data, _ := e.Values["d"].(string)
		events[i] = runtime.Event{Topic: topic, ID: e.ID, Name: name, Data: []byte(data)}
	}
	return events
}
