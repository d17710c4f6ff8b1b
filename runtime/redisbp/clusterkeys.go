package redisbp

// Keys and the channel of presence and closing. A topic's presence hash
// carries the topic as its hash tag, like its stream, so that on a Redis
// Cluster the presence script touches one slot.

// presenceKey is the hash of a topic's count per node.
func (b *Backplane) presenceKey(topic string) string {
	return b.cfg.Prefix + ":p:{" + topic + "}"
}

// nodesKey is the sorted set of live nodes, scored by when each expires
// (Unix milliseconds).
func (b *Backplane) nodesKey() string {
	return b.cfg.Prefix + ":nodes"
}

// nodeTopicsKey is the set of topics a node counts subscribers of, so
// that the node's counts can be removed when it dies.
func (b *Backplane) nodeTopicsKey(node string) string {
	return b.cfg.Prefix + ":pn:" + node
}

// closedKey is the sorted set of closed topics, scored by when each close
// ends (Unix milliseconds).
func (b *Backplane) closedKey() string {
	return b.cfg.Prefix + ":closed"
}

// clusterChannel carries presence, close and reopen announcements to
// every node.
func (b *Backplane) clusterChannel() string {
	return b.cfg.Prefix + ":cluster"
}
