package runtime

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// muxPath is the multiplexed endpoint for n channels of the comment
// stream.
func muxPath(n int) string {
	q := url.Values{}
	for i := range n {
		q.Add("c", fmt.Sprintf("comment/item:%d", i))
	}
	return "/sse?" + q.Encode()
}

func TestMaxChannelsPerRequest(t *testing.T) {
	for _, tc := range []struct {
		limit, channels int
		want            int
		msg             string
	}{
		{0, DefaultMaxChannelsPerRequest, http.StatusOK, ""},
		{0, DefaultMaxChannelsPerRequest + 1, http.StatusBadRequest, "65 in one request, at most 64"},
		{2, 2, http.StatusOK, ""},
		{2, 3, http.StatusBadRequest, "at most 2 (Server.MaxChannelsPerRequest)"},
		{-1, 200, http.StatusOK, ""},
	} {
		t.Run(fmt.Sprintf("limit %d, %d channels", tc.limit, tc.channels), func(t *testing.T) {
			e := newEnv(t, &Server{MaxChannelsPerRequest: tc.limit}, HubConfig{})
			res := e.get(t, muxPath(tc.channels))
			defer res.Body.Close()
			if res.StatusCode != tc.want {
				t.Fatalf("status %d, want %d", res.StatusCode, tc.want)
			}
			if tc.want != http.StatusOK {
				body, _ := io.ReadAll(res.Body)
				if !strings.Contains(string(body), tc.msg) {
					t.Errorf("body %q does not say %q", body, tc.msg)
				}
				if m := e.hub.Metrics(); m.Subscriptions != 0 || m.Connections != 0 {
					t.Errorf("a refused request left %+v", m)
				}
			}
		})
	}
}

// TestOversizedCursorRefused: a cursor no server with the limit can have
// written is refused with 400 before it is parsed, and subscribes nothing.
func TestOversizedCursorRefused(t *testing.T) {
	e := newEnv(t, &Server{MaxChannelsPerRequest: 4}, HubConfig{})
	many := make([]string, 5)
	for i := range many {
		many[i] = fmt.Sprintf("comment%%2Fitem%%3A%d=1", i)
	}
	for name, cursor := range map[string]string{
		"too many pairs": strings.Join(many, "&"),
		"too long":       "comment%2Fitem%3A1=" + strings.Repeat("9", 4*maxCursorPair),
	} {
		t.Run(name, func(t *testing.T) {
			for _, how := range []string{"header", "query"} {
				path, hdr := muxPath(2), []string{"Last-Event-ID", cursor}
				if how == "query" {
					path, hdr = path+"&lastEventId="+url.QueryEscape(cursor), nil
				}
				res := e.get(t, path, hdr...)
				body, _ := io.ReadAll(res.Body)
				res.Body.Close()
				if res.StatusCode != http.StatusBadRequest || !strings.Contains(string(body), "Server.MaxChannelsPerRequest") {
					t.Errorf("%s: status %d %q, want 400 naming the limit", how, res.StatusCode, body)
				}
			}
			if m := e.hub.Metrics(); m.Subscriptions != 0 || m.Connections != 0 {
				t.Errorf("a refused cursor left %+v", m)
			}
		})
	}
}

// TestForgedCursorResyncs: ids a server never wrote (from the future,
// too long, of a topic the request does not name) resync the topics they
// claim to position, and the connection then works as a fresh one.
func TestForgedCursorResyncs(t *testing.T) {
	e := newEnv(t, nil, HubConfig{})
	real := e.publish(t, "comment", "item:1", "CommentAdded", "a")
	for name, cursor := range map[string]string{
		"future id":     formatCursor(map[string]string{"comment/item:1": "99999999999999999", "comment/item:2": real}),
		"long id":       formatCursor(map[string]string{"comment/item:1": strings.Repeat("1", maxCursorID+1), "comment/item:2": real}),
		"foreign topic": formatCursor(map[string]string{"comment/item:1": "garbage", "comment/item:9": real}),
	} {
		t.Run(name, func(t *testing.T) {
			c := e.open(t, "/sse?c=comment/item:1&c=comment/item:2", "Last-Event-ID", cursor)
			if ev := c.next(t, 5*time.Second); ev.Type != "resync" || ev.Data != "comment/item:1" {
				t.Fatalf("first event %+v, want resync of comment/item:1", ev)
			}
			e.publish(t, "comment", "item:1", "CommentAdded", "live")
			ev := c.next(t, 5*time.Second)
			if ev.Type == "resync" {
				ev = c.next(t, 5*time.Second) // comment/item:2's, when its id was not its own
			}
			if ev.Data != "comment/item:1\nlive" {
				t.Fatalf("after resync: %+v, want the live event", ev)
			}
			pos, err := parseCursor(c.last)
			if err != nil || len(pos) != 2 || pos["comment/item:9"] != "" {
				t.Fatalf("cursor after a forged one: %q (%v)", c.last, err)
			}
			c.close()
		})
	}
}
