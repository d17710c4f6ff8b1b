package redisbp

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// Several publishers on two nodes hammer one topic at once; every
// subscriber on three nodes sees the same sequence, which is the stream's
// order, with nothing lost or doubled.
func TestOrderUnderConcurrentPublishers(t *testing.T) {
	r := startRedis(t, false)
	nodes := []*Backplane{
		newNode(t, r.URL(), Config{}),
		newNode(t, r.URL(), Config{}),
		newNode(t, r.URL(), Config{}), // only listens
	}
	const (
		topic      = "comment/item:7"
		publishers = 4
		each       = 100
	)
	recs := make([]*recorder, len(nodes))
	for i, n := range nodes {
		recs[i] = newRecorder()
		recs[i].subscribe(t, n, topic)
		// A second topic on the same connection must not disturb the first.
		newRecorder().subscribe(t, n, "other/other")
	}

	var wg sync.WaitGroup
	errs := make(chan error, publishers*each)
	for p := range publishers {
		wg.Go(func() {
			node := nodes[p%2]
			for i := range each {
				data := fmt.Appendf(nil, `{"p":%d,"i":%d}`, p, i)
				if _, err := node.Publish(context.Background(), topic, "CommentAdded", data); err != nil {
					errs <- err
				}
				if i%10 == 0 {
					node.Publish(context.Background(), "other/other", "Noise", nil)
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatalf("Publish: %v", err)
	}

	stream, ok, err := nodes[2].Since(context.Background(), topic, "0-0")
	if err != nil || !ok || len(stream) != publishers*each {
		t.Fatalf("Since(0-0) = %d events, %v, %v; want %d", len(stream), ok, err, publishers*each)
	}
	for i, rec := range recs {
		got := rec.wait(t, publishers*each)
		if diff := cmp.Diff(stream, got); diff != "" {
			t.Errorf("node %d differs from the stream (-stream +node):\n%s", i, diff)
		}
	}
	// Per publisher, its own events keep the order it published them in.
	next := make(map[int]int)
	for _, e := range stream {
		var p, i int
		fmt.Sscanf(string(e.Data), `{"p":%d,"i":%d}`, &p, &i)
		if i != next[p] {
			t.Fatalf("publisher %d: event %d came where %d was due", p, i, next[p])
		}
		next[p]++
	}
}
