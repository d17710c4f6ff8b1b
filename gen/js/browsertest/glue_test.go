package browsertest

import (
	"net/url"
	"strings"
	"testing"
	"time"

	bt "github.com/ssegen/ssegen/internal/browsertest"
)

// published is an event the test sent and expects in the page.
type published struct {
	stream, channel, event, data, id string
}

// expect checks that the page got exactly these stream events, in order.
func expect(t *testing.T, got []entry, want []published) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("the page got %d events, want %d:\n%s", len(got), len(want), bt.Dump(got))
	}
	for i, w := range want {
		g := got[i].Value
		port := map[string]string{"comment": "sseComment", "system": "sseSystem"}[w.stream]
		if got[i].Port != port || g.Stream != w.stream || g.Channel != w.channel || g.Event != w.event || g.Data != w.data || g.ID != w.id {
			t.Errorf("event %d:\n got %s\nwant %s %s/%s %s id=%q %s", i, got[i], port, w.stream, w.channel, w.event, w.id, w.data)
		}
	}
}

// TestGlueInChromium runs the generated glue in a real browser against the
// runtime: several channels over one connection, a change of the followed
// set, a server restart with resume through Last-Event-ID, and a 401
// reported once.
func TestGlueInChromium(t *testing.T) {
	ctx := bt.Browser(t)
	srv := newServer(t)
	bt.Open(t, ctx, srv.URL())

	// Several channels of two streams, one connection.
	follow(t, ctx, "system/system", "comment/item:1", "comment/item:2")
	bt.WaitLog(t, ctx, "the connected status", func(l []entry) bool { return len(statuses(l)) == 1 })
	srv.WaitPresence("comment/item:1", "comment/item:2", "system/system")

	var want []published
	pub := func(stream, channel, event, data string) {
		id := srv.Publish(stream, channel, event, data)
		want = append(want, published{stream, channel, event, data, id})
	}
	pub("comment", "item:1", "CommentAdded", `{"comment_id":"c1","item_id":"1","author_name":"Ann","text":"first","timestamp":1}`)
	pub("comment", "item:2", "CommentUpdated", `{"comment_id":"c2","item_id":"2","new_text":"edited","edited_at":2}`)
	// Data with line breaks travels as several data lines; the glue must
	// split only the topic line off.
	pub("system", "system", "SystemAlert", "{\"message\":\"line\\nbreak\",\n\"severity\":\"high\",\n\"expires_at\":3}")
	log := bt.WaitLog(t, ctx, "three events", func(l []entry) bool { return len(events(l)) >= 3 })
	expect(t, events(log), want)
	if s := statuses(log); len(s) != 1 || s[0] != "connected" {
		t.Errorf("statuses %v, want [connected]", s)
	}
	reqs := srv.StreamRequests()
	if len(reqs) != 1 || !strings.HasPrefix(reqs[0].URL, "/sse?") {
		t.Fatalf("stream requests %v, want one on the multiplexed endpoint", reqs)
	}

	// The same set again, in another order and with a duplicate, keeps the
	// connection: apps call follow on every update.
	follow(t, ctx, "comment/item:2", "system/system", "comment/item:1", "system/system")
	time.Sleep(200 * time.Millisecond)
	if n := len(srv.StreamRequests()); n != 1 {
		t.Fatalf("following the same set again made %d stream requests, want 1", n)
	}

	// A new set reopens the connection with every kept channel's position.
	follow(t, ctx, "comment/item:1", "system/system")
	waitUntil(t, "the connection for the new set", func() bool {
		return len(srv.StreamRequests()) == 2 && srv.Hub.Presence("comment/item:2") == 0 &&
			srv.Hub.Presence("comment/item:1") == 1 && srv.Hub.Presence("system/system") == 1
	})
	reqs = srv.StreamRequests()
	if len(reqs) != 2 {
		t.Fatalf("stream requests %v, want a second one for the new set", reqs)
	}
	u, err := url.Parse(reqs[1].URL)
	if err != nil {
		t.Fatal(err)
	}
	cursor, err := url.ParseQuery(u.Query().Get("lastEventId"))
	if err != nil {
		t.Fatalf("lastEventId of %s is no cursor: %v", reqs[1].URL, err)
	}
	if cursor.Get("comment/item:1") != want[0].id || cursor.Get("system/system") != want[2].id || cursor.Has("comment/item:2") {
		t.Errorf("new connection resumes from %v, want comment/item:1=%s and system/system=%s only", cursor, want[0].id, want[2].id)
	}
	pub("comment", "item:1", "CommentUpdated", `{"comment_id":"c1","item_id":"1","new_text":"again","edited_at":4}`)
	srv.Publish("comment", "item:2", "CommentAdded", `{"comment_id":"c9","item_id":"2","author_name":"Bo","text":"unfollowed","timestamp":5}`)
	log = bt.WaitLog(t, ctx, "the event after the new set", func(l []entry) bool { return len(events(l)) >= 4 })

	// The server goes away; what is published meanwhile arrives after it
	// is back, once, through the browser's Last-Event-ID.
	srv.Stop()
	pub("comment", "item:1", "CommentAdded", `{"comment_id":"c3","item_id":"1","author_name":"Cy","text":"while down","timestamp":6}`)
	pub("system", "system", "SystemAlert", `{"message":"back soon","severity":"low","expires_at":7}`)
	bt.WaitLog(t, ctx, "the reconnecting status", func(l []entry) bool {
		s := statuses(l)
		return len(s) > 0 && s[len(s)-1] == "reconnecting"
	})
	before := len(srv.StreamRequests())
	srv.Start()
	log = bt.WaitLog(t, ctx, "the missed events and the reconnected status", func(l []entry) bool {
		s := statuses(l)
		return len(events(l)) >= len(want) && s[len(s)-1] == "reconnected"
	})
	time.Sleep(300 * time.Millisecond) // let a duplicate show up, if one were coming
	log = bt.ReadLog[entry](t, ctx)
	expect(t, events(log), want)
	resumed := false
	for _, r := range srv.StreamRequests()[before:] {
		c, _ := url.ParseQuery(r.LastEventID)
		if r.LastEventID == "" {
			q, _ := url.Parse(r.URL)
			c, _ = url.ParseQuery(q.Query().Get("lastEventId"))
		}
		if c.Get("comment/item:1") == want[3].id {
			resumed = true
		}
	}
	if !resumed {
		t.Errorf("no request after the restart resumed comment/item:1 from %s: %v", want[3].id, srv.StreamRequests()[before:])
	}

	// More events than the history keeps are missed: the page is told to
	// resync the channel instead of getting a gap, then gets live events.
	srv.Stop()
	for i := 0; i < bt.HistorySize+2; i++ {
		srv.Publish("system", "system", "SystemAlert", `{"message":"lost","severity":"low","expires_at":8}`)
	}
	srv.Start()
	log = bt.WaitLog(t, ctx, "the resync of system/system", func(l []entry) bool {
		s := statuses(l)
		return len(events(l)) > len(want) && s[len(s)-1] == "reconnected"
	})
	srv.WaitPresence("comment/item:1", "system/system")
	pub("system", "system", "SystemAlert", `{"message":"live again","severity":"low","expires_at":9}`)
	log = bt.WaitLog(t, ctx, "the live event after the resync", func(l []entry) bool { return len(events(l)) >= len(want)+1 })
	got := events(log)
	resyncAt := len(want) - 1 // just before the live event
	if r := got[resyncAt].Value; got[resyncAt].Port != "sseSystem" || r.Event != "resync" || r.Channel != "system" || r.Data != "" {
		t.Errorf("want a resync of system/system before the live event, the page got:\n%s", bt.Dump(got))
	}
	expect(t, without(got, resyncAt), want)

	// Events for a port the Elm compiler removed (sseNotification) are
	// dropped without harming the others.
	follow(t, ctx, "comment/item:1", "system/system", "notification/user:8")
	srv.WaitPresence("notification/user:8")
	srv.Publish("notification", "user:8", "EmailSent", `{"user_id":"8","email_type":"welcome","sent_to":"a@b.c","correlation_id":"x"}`)
	pub("comment", "item:1", "CommentAdded", `{"comment_id":"c5","item_id":"1","author_name":"Ed","text":"after a dropped event","timestamp":10}`)
	log = bt.WaitLog(t, ctx, "the event after one for a missing port", func(l []entry) bool { return len(events(l)) >= len(want)+1 })
	expect(t, without(events(log), resyncAt), want)
	bt.NoErrors(t, ctx)

	// A refused connection (401 on the auth stream) is reported once and
	// not retried.
	bt.Open(t, ctx, srv.URL())
	before = len(srv.StreamRequests())
	follow(t, ctx, "notification/user:7", "system/system")
	log = bt.WaitLog(t, ctx, "the failed status", func(l []entry) bool { return len(statuses(l)) > 0 })
	time.Sleep(1500 * time.Millisecond) // many retry periods of the glue and the server
	log = bt.ReadLog[entry](t, ctx)
	if len(log) != 1 || log[0].Value.Status != "failed" || log[0].Value.Code != 401 {
		t.Errorf("the page got:\n%s\nwant one failed status with code 401", bt.Dump(log))
	}
	if n := len(srv.StreamRequests()) - before; n > 2 {
		t.Errorf("%d requests after a 401, want the EventSource's and one probe: %v", n, srv.StreamRequests()[before:])
	}
	bt.NoErrors(t, ctx)
}

// waitUntil polls a condition on the server's side.
func waitUntil(t *testing.T, what string, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// without returns log without its i-th entry.
func without(log []entry, i int) []entry {
	return append(append([]entry(nil), log[:i]...), log[i+1:]...)
}
