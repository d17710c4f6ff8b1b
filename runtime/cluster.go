package runtime

import "context"

// ClusterBackplane is a Backplane that also shares presence and channel
// closing between the nodes it connects. A backplane may implement it;
// the hub then counts subscribers and closes channels across every node
// instead of in its own process. MemoryBackplane does not: one process is
// the whole cluster.
//
// The hub tells the backplane when a topic's local count changed, and the
// backplane asks for the count when it is ready to share it: so a burst
// of connects and disconnects costs one update of the shared count, and
// the shared count is never older than the last change it saw.
type ClusterBackplane interface {
	Backplane
	// JoinCluster is called once, by NewHub, before any other cluster
	// method. The backplane calls the hooks from its own goroutines.
	JoinCluster(ClusterHooks)
	// LocalChanged tells the backplane that this node's number of
	// subscribers of topic changed. It never blocks.
	LocalChanged(topic string)
	// Count returns the number of subscribers of topic on every node, as
	// last shared. It may ask the backplane's store once for a topic it
	// has not heard of.
	Count(topic string) int
	// CloseTopic closes topic on every node: each one ends its
	// connections of the topic after final (already published) and
	// answers 204 to new subscribers until ReopenTopic, or until a time
	// the backplane documents. It returns once the close is stored.
	CloseTopic(ctx context.Context, final Event) error
	// ReopenTopic lets subscribers in again on every node.
	ReopenTopic(ctx context.Context, topic string) error
	// Closed reports whether topic is closed on the cluster.
	Closed(topic string) bool
}

// ClusterHooks are what a ClusterBackplane calls back into the hub.
type ClusterHooks struct {
	// Local returns this node's number of subscribers of topic now.
	Local func(topic string) int
	// Presence reports a new cluster-wide count of topic.
	Presence func(topic string, total int)
	// Closed reports that another node closed topic after final: the hub
	// ends its connections of topic after that event.
	Closed func(final Event)
}
