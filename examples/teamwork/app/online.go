package app

import (
	"strings"
	"sync"

	"github.com/ssegen/ssegen/examples/teamwork/models/sse"
	"github.com/ssegen/ssegen/runtime"
)

// onlineCounter turns the hub's presence changes into UsersOnline events.
// A tab counts once: an htmx tab follows the html stream, an Elm tab the
// task stream, so the count is the subscribers of both. The runtime counts
// them on every node (with the Redis backplane) and reports each change
// to every node; a node publishes the new count only while it serves a
// tab on the board, since only tabs need it and any tab's node hears the
// change. The hub calls back from its own goroutines, so the work is
// handed to one goroutine.
type onlineCounter struct {
	a *App

	mu    sync.Mutex
	dirty map[string]bool // boards whose count changed
	sent  map[string]int  // the last count this node published per board

	kick chan struct{}
	done chan struct{}
	wg   sync.WaitGroup
}

func newOnlineCounter(a *App) *onlineCounter {
	c := &onlineCounter{
		a:     a,
		dirty: make(map[string]bool),
		sent:  make(map[string]int),
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

// total is the number of tabs on a board, on every node.
func (c *onlineCounter) total(board string) (int, error) {
	n := 0
	for _, s := range countedStreams {
		n += c.a.hub.Presence(runtime.Topic(s, channel(board)))
	}
	return n, nil
}

// local is the number of this node's tabs on a board.
func (c *onlineCounter) local(board string) int {
	n := 0
	for _, s := range countedStreams {
		n += c.a.hub.LocalPresence(runtime.Topic(s, channel(board)))
	}
	return n
}

func (c *onlineCounter) run() {
	defer c.wg.Done()
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
		}
	}
}

// update publishes the board's count when it changed and a tab of this
// node is there to see it. It runs under the board's lock, which a new
// tab's connect holds while it reads the count: so a count published
// before the tab's snapshot never overrides it, and one published after
// it is read after it.
func (c *onlineCounter) update(board string) {
	ctx, cancel := bg()
	defer cancel()
	unlock, err := c.a.store.Lock(ctx, board)
	if err != nil {
		c.a.log.Error("online: lock", "board", board, "err", err)
		return
	}
	defer unlock()
	total, _ := c.total(board)
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.local(board) == 0 {
		// No tab here to tell; a tab that comes gets the count on connect,
		// and the change it makes is published again.
		delete(c.sent, board)
		return
	}
	if last, ok := c.sent[board]; ok && last == total {
		return
	}
	err = c.a.frags.PublishUsersOnline(ctx, sse.UsersOnline{BoardID: board, Count: total})
	if err != nil {
		c.a.log.Error("online: publish", "board", board, "err", err)
		return
	}
	c.sent[board] = total
}

// close stops the goroutine. The runtime removes this node's tabs from
// the counts when the hub closes.
func (c *onlineCounter) close() {
	close(c.done)
	c.wg.Wait()
}
