package peers

import (
	"context"
	"net/http"
	"strconv"
	"sync/atomic"

	"github.com/r3labs/sse/v2"

	"github.com/ssegen/ssegen/internal/loadtest"
)

// r3labs serves the stream with r3labs/sse: one goroutine per stream
// hands each event to every subscriber's channel (64 events) in turn,
// waiting while one is full; each subscriber's handler writes and
// flushes per event.
//
// AutoReplay is off: with it on (the default) the stream keeps every
// event ever published, and replays from the one a reconnecting client
// already had (ids at or above Last-Event-ID), which the load test would
// count as disorder.
type r3labs struct {
	srv  *sse.Server
	subs atomic.Int64
}

const r3labsStream = "tick"

func newR3labs(int) (loadtest.Target, error) {
	p := &r3labs{}
	p.srv = sse.NewWithCallback(
		func(string, *sse.Subscriber) { p.subs.Add(1) },
		func(string, *sse.Subscriber) { p.subs.Add(-1) })
	p.srv.AutoReplay = false
	p.srv.CreateStream(r3labsStream)
	return p, nil
}

// ServeHTTP names the stream in the query, where r3labs looks for it.
func (p *r3labs) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	r2 := r.Clone(r.Context())
	r2.URL.RawQuery = "stream=" + r3labsStream
	p.srv.ServeHTTP(w, r2)
}

func (p *r3labs) Subscribers() int { return int(p.subs.Load()) }

func (p *r3labs) Publish(_ context.Context, t loadtest.Tick) error {
	p.srv.Publish(r3labsStream, &sse.Event{
		ID:    []byte(strconv.FormatInt(t.Seq, 10)),
		Event: []byte("Tick"),
		Data:  t.JSON(),
	})
	return nil
}

// r3labs neither drops nor cuts: a full subscriber holds the stream back.
func (p *r3labs) Dropped() uint64 { return 0 }
func (p *r3labs) Cut() uint64     { return 0 }
