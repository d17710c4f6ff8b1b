package redisbp

import "strings"

// streamKey is the Redis Stream holding a topic's history.
func (b *Backplane) streamKey(topic string) string {
	return b.cfg.Prefix + ":s:" + topic
}

// channel is the Pub/Sub channel announcing a topic's new events.
func (b *Backplane) channel(topic string) string {
	return b.cfg.Prefix + ":n:" + topic
}

// topicOf is the topic of a channel made by channel, or false for any other
// channel.
func (b *Backplane) topicOf(channel string) (string, bool) {
	return strings.CutPrefix(channel, b.cfg.Prefix+":n:")
}
