package redisbp

import (
	"context"
	"io"
	"log/slog"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/ssegen/ssegen/runtime"
)

// A connection that goes silent without a reset (a network that vanished)
// is found by PING, replaced once the network is back, and the topic
// catches up on what was published meanwhile.
func TestSilentConnectionLossIsDetected(t *testing.T) {
	r := startRedis(t, false)
	p := startProxy(t, r.Addr())
	logs := &logRecorder{}
	a := newNode(t, r.URL(), Config{})
	// read_timeout bounds the pool's commands on the dead path the same way.
	b := newNode(t, "redis://"+p.addr()+"?read_timeout=300ms", Config{
		pingAfter: 100 * time.Millisecond,
		Logger:    slog.New(logs),
	})
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("node B's log:\n%s", logs.String())
		}
	})
	const topic = "comment/item:11"
	rec := newRecorder()
	rec.subscribe(t, b, topic)
	e1 := publish(t, a, topic, "CommentAdded", "1")
	rec.wait(t, 1)
	// The first event may have come by the topic's first read of the
	// stream: make sure node B's Pub/Sub subscription is in place before
	// its connection goes silent.
	waitSubscribed(t, r, b, topic)

	p.blackhole()
	e2 := publish(t, a, topic, "CommentAdded", "2 while B is cut off")
	deadline := time.Now().Add(waitFor)
	for !logs.has("Pub/Sub connection lost") {
		if time.Now().After(deadline) {
			t.Fatal("node B did not notice its silent Pub/Sub connection")
		}
		time.Sleep(20 * time.Millisecond)
	}
	p.heal()
	e3 := publish(t, a, topic, "CommentAdded", "3")

	rec.wait(t, 3)
	if diff := cmp.Diff([]runtime.Event{e1, e2, e3}, rec.settle(100*time.Millisecond)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// proxy forwards TCP connections to a Redis server and can swallow all
// traffic without closing anything, as a vanished network does.
type proxy struct {
	l      net.Listener
	target string

	mu    sync.Mutex
	dead  bool
	conns []net.Conn
	wg    sync.WaitGroup
}

func startProxy(t *testing.T, target string) *proxy {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &proxy{l: l, target: target}
	p.wg.Add(1)
	go p.accept()
	t.Cleanup(func() {
		l.Close()
		p.closeAll()
		p.wg.Wait()
	})
	return p
}

func (p *proxy) addr() string { return p.l.Addr().String() }

func (p *proxy) accept() {
	defer p.wg.Done()
	for {
		c, err := p.l.Accept()
		if err != nil {
			return
		}
		p.mu.Lock()
		dead := p.dead
		p.conns = append(p.conns, c)
		p.mu.Unlock()
		if dead {
			p.wg.Add(1)
			go p.swallow(c)
			continue
		}
		up, err := net.Dial("tcp", p.target)
		if err != nil {
			c.Close()
			continue
		}
		p.mu.Lock()
		p.conns = append(p.conns, up)
		p.mu.Unlock()
		p.wg.Add(2)
		go p.pipe(up, c)
		go p.pipe(c, up)
	}
}

// pipe copies from src to dst until the proxy goes dead, then swallows.
func (p *proxy) pipe(dst, src net.Conn) {
	defer p.wg.Done()
	buf := make([]byte, 32<<10)
	for {
		n, err := src.Read(buf)
		if err != nil {
			return
		}
		p.mu.Lock()
		dead := p.dead
		p.mu.Unlock()
		if !dead {
			if _, err := dst.Write(buf[:n]); err != nil {
				return
			}
		}
	}
}

// swallow reads and drops everything, answering nothing.
func (p *proxy) swallow(c net.Conn) {
	defer p.wg.Done()
	io.Copy(io.Discard, c)
}

// blackhole makes every connection, open or new, silently drop traffic.
func (p *proxy) blackhole() {
	p.mu.Lock()
	p.dead = true
	p.mu.Unlock()
}

// heal resets the connections that went dead, as the peer would once the
// network is back, and forwards new ones again.
func (p *proxy) heal() {
	p.closeAll()
	p.mu.Lock()
	p.dead = false
	p.mu.Unlock()
}

func (p *proxy) closeAll() {
	p.mu.Lock()
	conns := p.conns
	p.conns = nil
	p.mu.Unlock()
	for _, c := range conns {
		c.Close()
	}
}

// logRecorder is a slog.Handler that keeps messages.
type logRecorder struct {
	mu   sync.Mutex
	msgs []string
}

func (l *logRecorder) Enabled(context.Context, slog.Level) bool { return true }
func (l *logRecorder) Handle(_ context.Context, r slog.Record) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	line := r.Time.Format("15:04:05.000 ") + r.Message
	r.Attrs(func(a slog.Attr) bool {
		line += " " + a.String()
		return true
	})
	l.msgs = append(l.msgs, line)
	return nil
}

func (l *logRecorder) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return strings.Join(l.msgs, "\n")
}
func (l *logRecorder) WithAttrs([]slog.Attr) slog.Handler { return l }
func (l *logRecorder) WithGroup(string) slog.Handler      { return l }

func (l *logRecorder) has(substr string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, m := range l.msgs {
		if strings.Contains(m, substr) {
			return true
		}
	}
	return false
}
