package peers

import (
	"context"
	"net/http"
	"strconv"
	"sync/atomic"

	sse "github.com/tmaxmax/go-sse"

	"github.com/ssegen/ssegen/internal/loadtest"
)

// goSSE serves the stream with tmaxmax/go-sse's default provider, Joe:
// one goroutine writes every published message to every subscriber in
// turn, without a per-client queue or write deadline.
//
// Its sse.Server sends the response head with the first event only, so a
// client could not tell it is subscribed before anything is published.
// The handler here uses the package's lower-level API (Upgrade, then the
// provider's Subscribe) and flushes the head first, as an application
// with that need would.
type goSSE struct {
	joe  *sse.Joe
	subs atomic.Int64
}

func newGoSSE(int) (loadtest.Target, error) { return &goSSE{joe: &sse.Joe{}}, nil }

func (g *goSSE) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	sess, err := sse.Upgrade(w, r)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	if err := sess.Flush(); err != nil {
		return
	}
	g.subs.Add(1)
	defer g.subs.Add(-1)
	sub := sse.Subscription{Client: sess, LastEventID: sess.LastEventID, Topics: []string{sse.DefaultTopic}}
	_ = g.joe.Subscribe(r.Context(), sub)
}

func (g *goSSE) Subscribers() int { return int(g.subs.Load()) }

func (g *goSSE) Publish(_ context.Context, t loadtest.Tick) error {
	m := &sse.Message{ID: sse.ID(strconv.FormatInt(t.Seq, 10)), Type: sse.Type("Tick")}
	m.AppendData(string(t.JSON()))
	return g.joe.Publish(m, []string{sse.DefaultTopic})
}

// Joe neither queues per client nor drops: a slow client holds every
// other one back instead.
func (g *goSSE) Dropped() uint64 { return 0 }
func (g *goSSE) Cut() uint64     { return 0 }
