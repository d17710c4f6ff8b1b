package redisbp

import (
	"context"
	_ "embed"
	"errors"
	"fmt"
	"strings"

	"github.com/redis/go-redis/v9"
	"github.com/ssegen/ssegen/runtime"
)

//go:embed publish.lua
var publishLua string

// publishScript is loaded once per Redis server and then run by its SHA.
var publishScript = redis.NewScript(publishLua)

// Publish appends an event to the topic's stream and announces it to every
// node. It returns an error, and the event is not delivered, when Redis
// cannot store it. When the error comes after Redis received the command
// (a lost reply), the event may still have been stored and delivered.
func (b *Backplane) Publish(ctx context.Context, topic, name string, data []byte) (runtime.Event, error) {
	if err := checkPublish(topic, name); err != nil {
		return runtime.Event{}, err
	}
	if b.closing() {
		return runtime.Event{}, errClosed
	}
	keys := []string{b.streamKey(topic)}
	args := []any{b.channel(topic), b.cfg.MaxLen, b.cfg.maxAgeMillis(), name, data, b.publishCommand()}
	if b.cfg.WaitReplicas > 0 {
		return b.publishAndWait(ctx, topic, name, data, keys, args)
	}
	id, err := publishScript.Run(ctx, b.rdb, keys, args...).Text()
	if err != nil {
		return runtime.Event{}, fmt.Errorf("redisbp: publish %s to %q: %w", name, topic, err)
	}
	return runtime.Event{Topic: topic, ID: id, Name: name, Data: data}, nil
}

// checkPublish refuses what would corrupt a note or a key. The hub checks
// names more strictly; this is the backplane's own floor.
func checkPublish(topic, name string) error {
	switch {
	case topic == "":
		return errors.New("redisbp: publish: empty topic")
	case name == "":
		return fmt.Errorf("redisbp: publish to %q: empty event name", topic)
	case strings.ContainsAny(name, "\r\n\x00"):
		return fmt.Errorf("redisbp: publish to %q: event name %q contains CR, LF or NUL", topic, name)
	}
	return nil
}
