package redisbp

import (
	"context"
	"fmt"
	"net/url"
	goruntime "runtime"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

// clusterTopics are enough topics to fall on every master of the test
// cluster; the tests check that they do.
func clusterTopics(n int) []string {
	topics := make([]string, n)
	for i := range topics {
		topics[i] = fmt.Sprintf("comment/item:%d", i)
	}
	return topics
}

// muxPath is the multiplexed stream of topics.
func muxPath(topics []string) string {
	return "/sse?" + url.Values{"c": topics}.Encode()
}

// mastersOf maps each topic to the address of the master of its slot.
func mastersOf(t *testing.T, b *Backplane, topics []string) map[string]string {
	t.Helper()
	out := make(map[string]string, len(topics))
	for _, topic := range topics {
		m, err := b.cc.MasterForKey(context.Background(), b.streamKey(topic))
		if err != nil {
			t.Fatal(err)
		}
		out[topic] = m.Options().Addr
	}
	return out
}

// Two hubs on a Redis Cluster share topics that fall on every shard; a
// client resumes on the other node; each node holds one sharded Pub/Sub
// connection per master, whatever the number of topics.
func TestClusterHubsShareTopicsOnEveryShard(t *testing.T) {
	c := startCluster(t)
	// Named connections, so that each node's can be counted per master.
	a := startServerNode(t, c.URL()+"?client_name=node-a", 0)
	b := startServerNode(t, c.URL()+"?client_name=node-b", 0)
	topics := clusterTopics(30)
	masters := mastersOf(t, a.bp, topics)
	perMaster := map[string]int{}
	for _, m := range masters {
		perMaster[m]++
	}
	if len(perMaster) != 3 {
		t.Fatalf("topics fall on masters %v; want all three", perMaster)
	}

	path := muxPath(topics)
	onA, onB := open(t, a, path, ""), open(t, b, path, "")
	want := map[string]bool{}
	for i, topic := range topics {
		_, ch, _ := strings.Cut(topic, "/")
		from := a
		if i%2 == 1 {
			from = b
		}
		data := fmt.Sprintf("n%d", i)
		hubPublish(t, from, "comment", ch, "CommentAdded", data)
		want[topic+"\n"+data] = true
	}
	var cursor string
	for name, s := range map[string]*sseStream{"A": onA, "B": onB} {
		got := map[string]bool{}
		for range topics {
			e := s.next(t)
			got[string(e.Data)] = true
			cursor = e.ID
		}
		for w := range want {
			if !got[w] {
				t.Errorf("client on %s missed %q", name, w)
			}
		}
	}

	// Presence counts both nodes' clients, on a cluster too.
	eventually(t, func() error {
		for _, topic := range topics[:3] {
			if n := b.hub.Presence(topic); n != 2 {
				return fmt.Errorf("node B: Presence(%s) = %d; want 2", topic, n)
			}
		}
		return nil
	})

	// Sharded Pub/Sub: per master one connection of each node, holding
	// the channels of that master's topics.
	for addr, n := range perMaster {
		raw := redis.NewClient(&redis.Options{Addr: addr})
		list, err := raw.ClientList(context.Background()).Result()
		raw.Close()
		if err != nil {
			t.Fatal(err)
		}
		var ssubs []string
		for line := range strings.Lines(list) {
			for field := range strings.FieldsSeq(line) {
				if v, ok := strings.CutPrefix(field, "ssub="); ok && v != "0" {
					ssubs = append(ssubs, v)
				}
			}
		}
		if w := fmt.Sprint(n); len(ssubs) != 2 || ssubs[0] != w || ssubs[1] != w {
			t.Errorf("master %s: sharded Pub/Sub connections with their channel counts %v; want two (one per node) with %d", addr, ssubs, n)
		}
		fromA := strings.Count(list, " name=node-a ")
		// The pool (10 per GOMAXPROCS), the pipeline pool (10), the
		// sharded Pub/Sub connection and maybe the cluster channel's.
		if bound := 10*goruntime.GOMAXPROCS(0) + 10 + 2; fromA < 1 || fromA > bound {
			t.Errorf("master %s: %d connections from node A; want 1 to %d", addr, fromA, bound)
		}
		t.Logf("master %s: %d topics, %d connections from node A", addr, n, fromA)
	}

	// The client on B leaves with B's cursor; A publishes on every
	// topic; the client comes back on A and gets exactly what it missed.
	onB.body.Close()
	for _, topic := range topics {
		_, ch, _ := strings.Cut(topic, "/")
		hubPublish(t, a, "comment", ch, "CommentAdded", "again")
	}
	back := open(t, a, path, cursor)
	got := map[string]bool{}
	for range topics {
		got[string(back.next(t).Data)] = true
	}
	for _, topic := range topics {
		if !got[topic+"\nagain"] {
			t.Errorf("resumed on A: missed %s", topic)
		}
	}
	back.none(t, 200*time.Millisecond)
}
