package redisbp

import "strings"

// A topic's stream and channel carry the topic as their hash tag ({...}),
// so that on a Redis Cluster they live in one slot: the publish script
// touches one slot, and its sharded publish stays on the shard. The
// prefix has no brace (Config checks), so the tag is the topic's text up
// to its first '}', the same for both names.

// streamKey is the Redis Stream holding a topic's history.
func (b *Backplane) streamKey(topic string) string {
	return b.cfg.Prefix + ":s:{" + topic + "}"
}

// channel is the Pub/Sub channel announcing a topic's new events.
func (b *Backplane) channel(topic string) string {
	return b.cfg.Prefix + ":n:{" + topic + "}"
}

// topicOf is the topic of a channel made by channel, or false for any other
// channel.
func (b *Backplane) topicOf(channel string) (string, bool) {
	rest, ok := strings.CutPrefix(channel, b.cfg.Prefix+":n:{")
	if !ok {
		return "", false
	}
	return strings.CutSuffix(rest, "}")
}
