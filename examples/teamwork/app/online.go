package app

import (
	"strings"
	"sync"
	"time"

	"github.com/ssegen/ssegen/examples/teamwork/models/sse"
	"github.com/ssegen/ssegen/runtime"
)

// onlineTTL is how long a node's count stands without a refresh, so that
// the tabs of a node that died stop counting; onlineRefresh renews it.
const (
	onlineTTL     = 30 * time.Second
	onlineRefresh = 10 * time.Second
)

// onlineCounter turns the hub's presence changes into UsersOnline events.
// A tab counts once: an htmx tab follows the html stream, an Elm tab the
// task stream, so the count is the subscribers of both. The hub calls back
// from inside its own bookkeeping, so the work is handed to one goroutine.
type onlineCounter struct {
	a *App

	mu    sync.Mutex
	dirty map[string]bool // boards whose count changed
	local map[string]int  // this node's last count per board

	kick chan struct{}
	done chan struct{}
	wg   sync.WaitGroup
}

func newOnlineCounter(a *App) *onlineCounter {
	c := &onlineCounter{
		a:     a,
		dirty: make(map[string]bool),
		local: make(map[string]int),
		kick:  make(chan struct{}, 1),
		done:  make(chan struct{}),
	}
	c.wg.Add(1)
	go c.run()
	return c
}

// countedStreams are the streams whose subscribers are tabs on the board.
var countedStreams = []string{sse.BoardHTMLStream.Name, sse.TaskStream.Name}

// changed is the hub's OnPresence callback.
func (c *onlineCounter) changed(topic string, _ int) {
	stream, ch, ok := strings.Cut(topic, "/")
	board, isBoard := strings.CutPrefix(ch, "board:")
	if !ok || !isBoard || (stream != countedStreams[0] && stream != countedStreams[1]) {
		return
	}
	c.mu.Lock()
	c.dirty[board] = true
	c.mu.Unlock()
	select {
	case c.kick <- struct{}{}:
	default:
	}
}

// count is the number of this node's tabs on a board.
func (c *onlineCounter) count(board string) int {
	n := 0
	for _, s := range countedStreams {
		n += c.a.hub.Presence(runtime.Topic(s, channel(board)))
	}
	return n
}

func (c *onlineCounter) run() {
	defer c.wg.Done()
	tick := time.NewTicker(onlineRefresh)
	defer tick.Stop()
	for {
		select {
		case <-c.done:
			return
		case <-c.kick:
			c.mu.Lock()
			boards := c.dirty
			c.dirty = make(map[string]bool)
			c.mu.Unlock()
			for b := range boards {
				c.update(b)
			}
		case <-tick.C:
			c.refresh()
		}
	}
}

// update records this node's count and publishes the board's total. It
// runs under the board's lock so that the last total published is the
// right one even when several nodes change at once.
func (c *onlineCounter) update(board string) {
	ctx, cancel := bg()
	defer cancel()
	unlock, err := c.a.store.Lock(ctx, board)
	if err != nil {
		c.a.log.Error("online: lock", "board", board, "err", err)
		return
	}
	defer unlock()
	local := c.count(board)
	c.mu.Lock()
	c.local[board] = local
	c.mu.Unlock()
	total, err := c.a.store.SetOnline(ctx, board, c.a.node, local, onlineTTL)
	if err == nil {
		err = c.a.frags.PublishUsersOnline(ctx, sse.UsersOnline{BoardID: board, Count: total})
	}
	if err != nil {
		c.a.log.Error("online: publish", "board", board, "err", err)
	}
}

// refresh renews this node's counts before they expire.
func (c *onlineCounter) refresh() {
	c.mu.Lock()
	counts := make(map[string]int, len(c.local))
	for b, n := range c.local {
		if n > 0 {
			counts[b] = n
		}
	}
	c.mu.Unlock()
	ctx, cancel := bg()
	defer cancel()
	for b, n := range counts {
		if _, err := c.a.store.SetOnline(ctx, b, c.a.node, n, onlineTTL); err != nil {
			c.a.log.Error("online: refresh", "board", b, "err", err)
		}
	}
}

// total reads the board's count now, for a page or a new connection.
func (c *onlineCounter) total(board string) (int, error) {
	ctx, cancel := bg()
	defer cancel()
	return c.a.store.SetOnline(ctx, board, c.a.node, c.count(board), onlineTTL)
}

// close stops the goroutine, then recounts every board this node served:
// its tabs are gone by now, and without this the other nodes would count
// them until this node's entries expire.
func (c *onlineCounter) close() {
	close(c.done)
	c.wg.Wait()
	c.mu.Lock()
	boards := make([]string, 0, len(c.local))
	for b := range c.local {
		boards = append(boards, b)
	}
	c.mu.Unlock()
	for _, b := range boards {
		c.update(b)
	}
}
