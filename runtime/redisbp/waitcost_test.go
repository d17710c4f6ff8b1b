package redisbp

import (
	"context"
	"testing"
	"time"
)

// Publish with WaitReplicas 1 returns only once a replica has the event;
// this measures what that costs against Publish without it, interleaved
// in one run on one cluster, and checks that every publish was confirmed.
func TestClusterWaitReplicasCost(t *testing.T) {
	c := startCluster(t)
	plain := newNode(t, c.URL(), Config{})
	waiting := newNode(t, c.URL(), Config{WaitReplicas: 1})
	topics := clusterTopics(12)
	const rounds, perRound = 6, 100
	var took [2]time.Duration
	for round := range rounds {
		for i, b := range []*Backplane{plain, waiting} {
			if round%2 == 1 {
				// Alternate which goes first, so that neither always
				// meets a warmer server.
				b = []*Backplane{waiting, plain}[i]
			}
			start := time.Now()
			for n := range perRound {
				if _, err := b.Publish(context.Background(), topics[n%len(topics)], "CommentAdded", []byte("x")); err != nil {
					t.Fatalf("publish (WaitReplicas %d): %v", b.cfg.WaitReplicas, err)
				}
			}
			took[b.cfg.WaitReplicas] += time.Since(start)
		}
	}
	n := time.Duration(rounds * perRound)
	t.Logf("sequential publish on a 3-master cluster on loopback: %v without WAIT, %v with WaitReplicas 1: ratio %.2f",
		took[0]/n, took[1]/n, float64(took[1])/float64(took[0]))
}
