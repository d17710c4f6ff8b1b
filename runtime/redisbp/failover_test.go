package redisbp

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ssegen/ssegen/runtime/client"
)

// received is one event a test client got: a topic's event number, or a
// resync of the topic.
type received struct {
	topic  string
	n      int
	resync bool
}

// collector reads a multiplexed stream into a list, so that the stream
// never backs up while the test waits.
type collector struct {
	mu     sync.Mutex
	got    []received
	cursor string
	done   chan struct{}
}

func collect(s *sseStream) *collector {
	c := &collector{done: make(chan struct{})}
	go func() {
		defer close(c.done)
		for e := range s.events {
			c.add(e)
		}
	}()
	return c
}

func (c *collector) add(e client.Event) {
	topic, data, _ := strings.Cut(string(e.Data), "\n")
	r := received{topic: topic}
	if e.Name == "resync" {
		r.resync = true
	} else {
		r.n, _ = strconv.Atoi(data)
	}
	c.mu.Lock()
	c.got = append(c.got, r)
	c.cursor = e.ID
	c.mu.Unlock()
}

func (c *collector) events() []received {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]received(nil), c.got...)
}

// gaps checks a client's events against the topics' histories as Redis
// holds them after the failover: within a topic, each event held must
// follow the previous one held, unless a resync came between; events no
// longer held (acknowledged, then lost with their master) may appear
// anywhere. It also checks that the client caught up with the newest.
func gaps(got []received, durable map[string][]int) []string {
	var problems []string
	index := map[string]map[int]int{}
	for topic, ns := range durable {
		index[topic] = map[int]int{}
		for i, n := range ns {
			index[topic][n] = i
		}
	}
	pos := map[string]int{}
	for _, r := range got {
		if r.resync {
			pos[r.topic] = -1
			continue
		}
		i, held := index[r.topic][r.n]
		if !held {
			continue
		}
		if p, ok := pos[r.topic]; ok && p >= 0 && i != p+1 {
			problems = append(problems, fmt.Sprintf("%s: event %d came after %d; Redis holds %v between", r.topic, r.n, durable[r.topic][p], durable[r.topic][p+1:i]))
		}
		pos[r.topic] = i
	}
	for topic, ns := range durable {
		if p, ok := pos[topic]; ok && p >= 0 && p != len(ns)-1 {
			problems = append(problems, fmt.Sprintf("%s: last event %d, but Redis holds up to %d", topic, ns[p], ns[len(ns)-1]))
		}
	}
	return problems
}

// A master is killed while two hubs publish to topics on every shard;
// its replica takes over. Live clients on both nodes get, per topic,
// everything Redis still holds, in order; a client that left before the
// failover resumes on the other node with nothing held missing, or a
// resync. With WaitReplicas 1, no acknowledged event is lost.
func TestClusterFailoverLosesNothingSilently(t *testing.T) {
	for _, wait := range []int{0, 1} {
		t.Run(fmt.Sprintf("WaitReplicas=%d", wait), func(t *testing.T) {
			testFailover(t, wait)
		})
	}
}

func testFailover(t *testing.T, waitReplicas int) {
	c := startCluster(t)
	cfg := Config{WaitReplicas: waitReplicas, Timeout: 2 * time.Second}
	a := startServerNodeWith(t, c.URL(), cfg, 0)
	b := startServerNodeWith(t, c.URL(), cfg, 0)
	topics := clusterTopics(12)
	masters := mastersOf(t, a.bp, topics)
	path := muxPath(topics)
	liveA, liveB := collect(open(t, a, path, "")), collect(open(t, b, path, ""))
	leaverStream := open(t, b, path, "")
	leaver := collect(leaverStream)

	// The publisher: event numbers count up across all topics; acked
	// records what Publish acknowledged, per topic.
	var mu sync.Mutex
	acked := map[string][]int{}
	failed := 0
	lastOK := map[string]time.Time{} // per master
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		for n := 0; ; n++ {
			select {
			case <-stop:
				return
			case <-time.After(5 * time.Millisecond):
			}
			topic := topics[n%len(topics)]
			_, ch, _ := strings.Cut(topic, "/")
			from := a
			if n%3 == 0 {
				from = b
			}
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
			_, err := from.hub.Publish(ctx, "comment", ch, "CommentAdded", []byte(strconv.Itoa(n)))
			cancel()
			mu.Lock()
			switch {
			case err == nil:
				acked[topic] = append(acked[topic], n)
				lastOK[masters[topic]] = time.Now()
			case errors.Is(err, ErrNotReplicated):
				// Stored, but the promoted replica has no replica of its
				// own yet: not acknowledged as safe.
				lastOK[masters[topic]] = time.Now()
				failed++
			default:
				failed++
			}
			mu.Unlock()
		}
	})
	defer func() {
		select {
		case <-stop:
		default:
			close(stop)
		}
		wg.Wait()
	}()

	// Let every topic get events before the leaver goes and the master
	// dies: on a loaded machine half a second can pass with only a few
	// publishes, leaving topics with nothing to resume.
	eventually(t, func() error {
		mu.Lock()
		defer mu.Unlock()
		for _, topic := range topics {
			if len(acked[topic]) < 2 {
				return fmt.Errorf("%s has %d acknowledged events, want 2 before the kill", topic, len(acked[topic]))
			}
		}
		return nil
	})
	leaverStream.body.Close()
	<-leaver.done
	victim := masters[topics[0]]
	c.node(victim).Stop()
	killed := time.Now()
	t.Logf("killed master %s", victim)

	// Wait for the replica to take over: publishes to the victim's topics
	// are stored again.
	deadline := time.Now().Add(30 * time.Second)
	for {
		mu.Lock()
		back := lastOK[victim].After(killed)
		mu.Unlock()
		if back {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("publishes to the failed master's topics did not succeed again within 30s")
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Logf("publishes to its topics succeed again after %v", time.Since(killed).Round(time.Millisecond))
	time.Sleep(500 * time.Millisecond)
	close(stop)
	wg.Wait()

	resumed := collect(open(t, a, path, leaver.cursor))

	// What Redis holds now, per topic.
	cc := c.client()
	durable := map[string][]int{}
	for _, topic := range topics {
		var entries []string
		eventually(t, func() error {
			msgs, err := cc.XRange(context.Background(), a.bp.streamKey(topic), "-", "+").Result()
			if err != nil {
				return err
			}
			entries = entries[:0]
			for _, m := range msgs {
				entries = append(entries, m.Values["d"].(string))
			}
			return nil
		})
		for _, e := range entries {
			n, _ := strconv.Atoi(e)
			durable[topic] = append(durable[topic], n)
		}
	}
	lost := 0
	for topic, ns := range acked {
		held := map[int]bool{}
		for _, n := range durable[topic] {
			held[n] = true
		}
		for _, n := range ns {
			if !held[n] {
				lost++
			}
		}
	}
	t.Logf("%d events acknowledged, %d publishes failed or unconfirmed, %d acknowledged events lost with the master", countAll(acked), failed, lost)
	if waitReplicas > 0 && lost > 0 {
		t.Errorf("with WaitReplicas %d, %d acknowledged events were lost", waitReplicas, lost)
	}

	// Every client catches up; then nothing Redis holds is missing.
	for name, col := range map[string]*collector{"live on A": liveA, "live on B": liveB} {
		eventually(t, func() error {
			if p := gaps(col.events(), durable); len(p) > 0 {
				return fmt.Errorf("client %s: %s", name, strings.Join(p, "; "))
			}
			return nil
		})
	}
	// Presence came through too: per topic the two live clients and the
	// resumed one, on both nodes.
	eventually(t, func() error {
		for _, topic := range topics {
			for name, n := range map[string]*serverNode{"A": a, "B": b} {
				if got := n.hub.Presence(topic); got != 3 {
					return fmt.Errorf("node %s: Presence(%s) = %d; want 3", name, topic, got)
				}
			}
		}
		return nil
	})
	eventually(t, func() error {
		all := append(leaver.events(), resumed.events()...)
		if p := gaps(all, durable); len(p) > 0 {
			return fmt.Errorf("client resumed on A: %s", strings.Join(p, "; "))
		}
		for _, topic := range topics {
			if len(durable[topic]) > 0 && !seen(all, topic) {
				return fmt.Errorf("client resumed on A: nothing of %s", topic)
			}
		}
		return nil
	})
}

func countAll(m map[string][]int) int {
	n := 0
	for _, v := range m {
		n += len(v)
	}
	return n
}

func seen(got []received, topic string) bool {
	for _, r := range got {
		if r.topic == topic {
			return true
		}
	}
	return false
}
