package runtime

import (
	"context"
	"fmt"
	"time"
)

// reopenTimeout bounds telling the other nodes that a channel reopened;
// ReopenChannel has no context of its own.
const reopenTimeout = 5 * time.Second

// joinCluster makes the hub count and close across nodes when its
// backplane can share them.
func (h *Hub) joinCluster() {
	cb, ok := h.bp.(ClusterBackplane)
	if !ok {
		return
	}
	h.cluster = cb
	cb.JoinCluster(ClusterHooks{
		Local: h.localPresence,
		Presence: func(topic string, total int) {
			if h.onPresence != nil {
				h.onPresence(topic, total)
			}
		},
		Closed: h.closedElsewhere,
	})
}

// clusterClosed reports whether another node (or this one, earlier)
// closed topic on the cluster.
func (h *Hub) clusterClosed(topic string) bool {
	return h.cluster != nil && h.cluster.Closed(topic)
}

// closeOnCluster stores the close of final's topic on the cluster, so
// that every node ends its connections of the topic after final. From
// then on the backplane, not this hub, says how long the close lasts.
func (h *Hub) closeOnCluster(ctx context.Context, final Event) error {
	if h.cluster == nil {
		return nil
	}
	if err := h.cluster.CloseTopic(ctx, final); err != nil {
		return fmt.Errorf("ssegen: close %s on every node: %w", final.Topic, err)
	}
	h.mu.Lock()
	delete(h.closed, final.Topic)
	h.mu.Unlock()
	return nil
}

// reopenOnCluster lets subscribers in again on every node.
func (h *Hub) reopenOnCluster(topic string) {
	if h.cluster == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), reopenTimeout)
	defer cancel()
	if err := h.cluster.ReopenTopic(ctx, topic); err != nil {
		h.log.Error("ssegen: reopen on every node failed", "topic", topic, "err", err)
	}
}

// closedElsewhere ends this node's connections of final's topic after
// final, as CloseChannel does for its own node's.
func (h *Hub) closedElsewhere(final Event) {
	f, err := newFrame(final)
	if err != nil {
		h.log.Error("ssegen: backplane announced a malformed closing event", "topic", final.Topic, "err", err)
		return
	}
	f.closes = true
	h.mu.Lock()
	t := h.topics[final.Topic]
	h.mu.Unlock()
	if t != nil {
		h.push(t, f)
	}
}

// LocalPresence returns the number of this process's subscribers of a
// topic, whatever the backplane.
func (h *Hub) LocalPresence(topic string) int { return h.localPresence(topic) }
