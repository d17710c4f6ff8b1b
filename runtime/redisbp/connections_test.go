package redisbp

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/redis/go-redis/v9"
)

// However many topics a node follows, it holds one Pub/Sub connection to
// Redis, subscribed to one channel per followed topic, and lets go of the
// channels when the topics are left.
func TestOnePubSubConnectionForManyTopics(t *testing.T) {
	r := startRedis(t, false)
	a := newNode(t, r.URL(), Config{})
	b := newNode(t, r.URL(), Config{})
	const topics = 300
	recs := make([]*recorder, topics)
	cancels := make([]func(), topics)
	for i := range topics {
		recs[i] = newRecorder()
		cancels[i] = recs[i].subscribe(t, b, fmt.Sprintf("comment/item:%d", i))
	}
	for i := range topics {
		publish(t, a, fmt.Sprintf("comment/item:%d", i), "CommentAdded", "x")
	}
	for i := range topics {
		if got := recs[i].wait(t, 1); got[0].Topic != fmt.Sprintf("comment/item:%d", i) {
			t.Fatalf("topic %d got %s", i, describe(got))
		}
	}

	raw := redis.NewClient(&redis.Options{Addr: r.Addr()})
	defer raw.Close()
	if subs := pubSubClients(t, raw); len(subs) != 1 || subs[0] != topics {
		t.Errorf("Pub/Sub connections with their channel counts: %v; want one with %d", subs, topics)
	}
	for _, cancel := range cancels {
		cancel()
	}
	eventually(t, func() error {
		if subs := pubSubClients(t, raw); len(subs) != 0 {
			return fmt.Errorf("after leaving every topic, Pub/Sub connections with channels: %v", subs)
		}
		return nil
	})
}

// pubSubClients lists, per client connection of Redis subscribed to at
// least one channel, how many channels it has (CLIENT LIST's sub field).
func pubSubClients(t *testing.T, raw *redis.Client) []int {
	t.Helper()
	list, err := raw.ClientList(context.Background()).Result()
	if err != nil {
		t.Fatal(err)
	}
	var subs []int
	for line := range strings.Lines(list) {
		for field := range strings.FieldsSeq(line) {
			if v, ok := strings.CutPrefix(field, "sub="); ok && v != "0" {
				var n int
				fmt.Sscan(v, &n)
				subs = append(subs, n)
			}
		}
	}
	return subs
}
