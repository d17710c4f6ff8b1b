package browsertest

import (
	"encoding/json"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"

	bt "github.com/ssegen/ssegen/internal/browsertest"
)

// published is an event the test sent and expects in the page.
type published struct {
	stream, channel, event, data, id string
}

// expectEvents checks that the app got exactly these events, in order,
// and that its encoder gave back the JSON that was published.
func expectEvents(t *testing.T, got []entry, want []published) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("the app got %d events, want %d:\n%s", len(got), len(want), bt.Dump(got))
	}
	for i, w := range want {
		g := got[i]
		if g.Stream != w.stream || g.Channel != w.channel || g.Event != w.event || g.ID != w.id || !sameJSON(t, g.Data, w.data) {
			t.Errorf("event %d:\n got %s\nwant %s/%s %s id=%q %s", i, g, w.stream, w.channel, w.event, w.id, w.data)
		}
	}
}

// sameJSON compares two JSON texts as values.
func sameJSON(t *testing.T, a json.RawMessage, b string) bool {
	t.Helper()
	var x, y any
	if err := json.Unmarshal(a, &x); err != nil {
		t.Errorf("the app logged data that is not JSON: %s", a)
		return false
	}
	if err := json.Unmarshal([]byte(b), &y); err != nil {
		t.Fatalf("published data that is not JSON: %s", b)
	}
	return reflect.DeepEqual(x, y)
}

// TestTypeScriptAppInChromium runs a TypeScript app built on the generated
// modules in a real browser against the runtime: typed events of several
// channels over one connection, a bad event reported with its path, a
// server restart with resume and no duplicates, a resync, and a 401
// reported once and not retried.
func TestTypeScriptAppInChromium(t *testing.T) {
	ctx := bt.Browser(t)
	srv := newServer(t)
	bt.Open(t, ctx, srv.URL())

	bt.Follow(t, ctx, following{Items: []string{"1", "2"}, System: true})
	bt.WaitLog(t, ctx, "the connected status", func(l []entry) bool { return len(statuses(l)) == 1 })
	srv.WaitPresence("comment/item:1", "comment/item:2", "system/system")

	var want []published
	pub := func(stream, channel, event, data string) {
		id := srv.Publish(stream, channel, event, data)
		want = append(want, published{stream, channel, event, data, id})
	}
	pub("comment", "item:1", "CommentAdded", `{"comment_id":"c1","item_id":"1","author_name":"Ann","text":"first","timestamp":1}`)
	pub("comment", "item:2", "CommentUpdated", `{"comment_id":"c2","item_id":"2","new_text":"edited","edited_at":2}`)
	pub("system", "system", "SystemAlert", "{\"message\":\"line\\nbreak\",\n\"severity\":\"high\",\n\"expires_at\":3}")
	log := bt.WaitLog(t, ctx, "three events", func(l []entry) bool { return len(only(l, "event")) >= 3 })
	expectEvents(t, only(log, "event"), want)
	if s := statuses(log); len(s) != 1 || s[0] != "connected" {
		t.Errorf("statuses %v, want [connected]", s)
	}
	if reqs := srv.StreamRequests(); len(reqs) != 1 || !strings.HasPrefix(reqs[0].URL, "/sse?") {
		t.Fatalf("stream requests %v, want one on the multiplexed endpoint", reqs)
	}

	// Data that does not fit the type is a problem naming the path, not an
	// event, and the events after it still arrive.
	srv.Publish("comment", "item:1", "CommentAdded", `{"comment_id":"c9","item_id":"1","author_name":"Bo","text":"no time"}`)
	srv.Publish("comment", "item:2", "CommentUpdated", `{"comment_id":"c9","item_id":"2","new_text":7,"edited_at":2}`)
	pub("comment", "item:1", "CommentUpdated", `{"comment_id":"c1","item_id":"1","new_text":"after bad ones","edited_at":4}`)
	log = bt.WaitLog(t, ctx, "the event after two bad ones", func(l []entry) bool { return len(only(l, "event")) >= len(want) })
	expectEvents(t, only(log, "event"), want)
	problems := only(log, "problem")
	if len(problems) != 2 ||
		problems[0].Problem != "badEvent" || problems[0].Channel != "item:1" || problems[0].Error != "CommentAdded.timestamp: expected an integer, got nothing" ||
		problems[1].Problem != "badEvent" || problems[1].Channel != "item:2" || problems[1].Error != "CommentUpdated.new_text: expected a string, got 7" {
		t.Errorf("problems:\n%s\nwant two bad events naming CommentAdded.timestamp and CommentUpdated.new_text", bt.Dump(problems))
	}

	// Following the same channels again, in another order, keeps the
	// connection.
	bt.Follow(t, ctx, following{System: true, Items: []string{"2", "1", "2"}})
	time.Sleep(200 * time.Millisecond)
	if n := len(srv.StreamRequests()); n != 1 {
		t.Fatalf("following the same set again made %d stream requests, want 1", n)
	}

	// The server goes away; what is published meanwhile arrives once after
	// it is back.
	srv.Stop()
	pub("comment", "item:2", "CommentAdded", `{"comment_id":"c3","item_id":"2","author_name":"Cy","text":"while down","timestamp":6}`)
	pub("system", "system", "SystemAlert", `{"message":"back soon","severity":"low","expires_at":7}`)
	bt.WaitLog(t, ctx, "the reconnecting status", func(l []entry) bool {
		s := statuses(l)
		return len(s) > 0 && s[len(s)-1] == "reconnecting"
	})
	before := len(srv.StreamRequests())
	srv.Start()
	bt.WaitLog(t, ctx, "the missed events and the reconnected status", func(l []entry) bool {
		s := statuses(l)
		return len(only(l, "event")) >= len(want) && s[len(s)-1] == "reconnected"
	})
	time.Sleep(300 * time.Millisecond) // let a duplicate show up, if one were coming
	log = bt.ReadLog[entry](t, ctx)
	expectEvents(t, only(log, "event"), want)
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

	// More events than the history keeps are missed: the app is told to
	// resync the channel, then gets live events.
	srv.Stop()
	for i := 0; i < bt.HistorySize+2; i++ {
		srv.Publish("system", "system", "SystemAlert", `{"message":"lost","severity":"low","expires_at":8}`)
	}
	srv.Start()
	bt.WaitLog(t, ctx, "the resync of system", func(l []entry) bool {
		for _, p := range only(l, "problem") {
			if p.Problem == "resync" {
				return true
			}
		}
		return false
	})
	srv.WaitPresence("comment/item:1", "comment/item:2", "system/system")
	pub("system", "system", "SystemAlert", `{"message":"live again","severity":"low","expires_at":9}`)
	log = bt.WaitLog(t, ctx, "the live event after the resync", func(l []entry) bool { return len(only(l, "event")) >= len(want) })
	expectEvents(t, only(log, "event"), want)
	problems = only(log, "problem")
	if last := problems[len(problems)-1]; len(problems) != 3 || last.Problem != "resync" || last.Stream != "system" || last.Channel != "system" {
		t.Errorf("problems:\n%s\nwant a resync of system/system after the two bad events", bt.Dump(problems))
	}
	bt.NoErrors(t, ctx)

	// A refused connection (401 on the auth stream) is reported once and
	// not retried.
	bt.Open(t, ctx, srv.URL())
	before = len(srv.StreamRequests())
	bt.Follow(t, ctx, following{Users: []string{"7"}, System: true})
	bt.WaitLog(t, ctx, "the failed status", func(l []entry) bool { return len(statuses(l)) > 0 })
	time.Sleep(1500 * time.Millisecond) // many retry periods of the app and the server
	log = bt.ReadLog[entry](t, ctx)
	if len(log) != 1 || log[0].Status != "failed" || log[0].Code != 401 {
		t.Errorf("the app got:\n%s\nwant one failed status with code 401", bt.Dump(log))
	}
	if n := len(srv.StreamRequests()) - before; n > 2 {
		t.Errorf("%d requests after a 401, want the EventSource's and one probe: %v", n, srv.StreamRequests()[before:])
	}
	bt.NoErrors(t, ctx)
}
