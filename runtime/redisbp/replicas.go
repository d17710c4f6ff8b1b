package redisbp

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/redis/go-redis/v9"
	"github.com/ssegen/ssegen/runtime"
)

// ErrNotReplicated is wrapped by the error of a Publish that stored an
// event but got fewer than Config.WaitReplicas replicas to confirm it
// within Config.WaitTimeout.
var ErrNotReplicated = errors.New("fewer replicas than Config.WaitReplicas confirmed the event in time")

// publishCommand is how the publish script announces an event.
func (b *Backplane) publishCommand() string {
	if b.cc != nil {
		return "SPUBLISH"
	}
	return "PUBLISH"
}

// publishAndWait runs the publish script and WAIT on one connection to the
// topic's master, since WAIT counts the replicas that have the writes of
// its own connection.
func (b *Backplane) publishAndWait(ctx context.Context, topic, name string, data []byte, keys []string, args []any) (runtime.Event, error) {
	var master redis.Cmdable = b.rdb
	if b.cc != nil {
		c, err := b.cc.MasterForKey(ctx, keys[0])
		if err != nil {
			return runtime.Event{}, fmt.Errorf("redisbp: publish %s to %q: %w", name, topic, err)
		}
		master = c
	}
	run := func(script func(p redis.Pipeliner) *redis.Cmd) (*redis.Cmd, *redis.IntCmd, error) {
		var ev *redis.Cmd
		var wait *redis.IntCmd
		_, err := master.Pipelined(ctx, func(p redis.Pipeliner) error {
			ev = script(p)
			wait = redis.NewIntCmd(ctx, "wait", b.cfg.WaitReplicas, b.cfg.WaitTimeout.Milliseconds())
			p.Process(ctx, wait)
			return nil
		})
		return ev, wait, err
	}
	ev, wait, err := run(func(p redis.Pipeliner) *redis.Cmd { return publishScript.EvalSha(ctx, p, keys, args...) })
	if ev.Err() != nil && strings.HasPrefix(ev.Err().Error(), "NOSCRIPT") {
		// First use of the script on this server: send it whole.
		ev, wait, err = run(func(p redis.Pipeliner) *redis.Cmd { return publishScript.Eval(ctx, p, keys, args...) })
	}
	if ev.Err() != nil {
		if b.cc != nil && isMoved(ev.Err()) {
			// The slot moved (a failover): the next publish finds its new master.
			b.cc.ReloadState(ctx)
		}
		return runtime.Event{}, fmt.Errorf("redisbp: publish %s to %q: %w", name, topic, ev.Err())
	}
	id, _ := ev.Text()
	e := runtime.Event{Topic: topic, ID: id, Name: name, Data: data}
	if err != nil {
		return e, fmt.Errorf("redisbp: publish %s to %q: stored as %s, but WAIT failed: %w", name, topic, id, err)
	}
	if n := wait.Val(); n < int64(b.cfg.WaitReplicas) {
		return e, fmt.Errorf("redisbp: publish %s to %q: stored as %s, confirmed by %d replica(s): %w", name, topic, id, n, ErrNotReplicated)
	}
	return e, nil
}

// isMoved reports a cluster redirection.
func isMoved(err error) bool {
	var re redis.Error
	return errors.As(err, &re) && (strings.HasPrefix(re.Error(), "MOVED") || strings.HasPrefix(re.Error(), "ASK"))
}
