package runtime

import (
	"errors"
	"sync"
	"syscall"
)

// One epoll instance and one goroutine watch every hijacked stream of
// the process for its client leaving, where a goroutine per stream
// parked in a read cost at least 2 KiB of stack each. Each socket is
// registered one-shot for input or hang-up: a client sends nothing on a
// stream, so an event means it closed its side, the connection failed,
// or (rarely) it sent bytes, which are read and ignored before the
// socket is armed again. The poller runs while some stream is watched
// and exits with the last one.

// pollWatch is a connection's registration with the poller.
type pollWatch struct {
	p     *poller // nil when not registered
	token int32
	fd    int
	raw   syscall.RawConn
}

// watching guards the poller and its registrations.
var watching struct {
	mu sync.Mutex
	p  *poller // nil while no stream is watched
}

// poller is one epoll instance and the streams it watches.
type poller struct {
	epfd  int
	wake  [2]int // a pipe: a byte written to wake[1] makes run exit
	conns map[int32]*hijacked
	next  int32 // the last token given; 0 is the pipe's
	// closed is set once run closed the descriptors, whose numbers may
	// belong to other files then.
	closed bool
}

// The events a socket is registered for.
const pollEvents = syscall.EPOLLIN | syscall.EPOLLRDHUP | syscall.EPOLLONESHOT

// start registers h, whose connection's descriptor raw gives, with the
// poller, starting one if none runs. It reports false when there is no
// descriptor (raw nil) or epoll failed; the caller watches h another way
// then.
func (w *pollWatch) start(h *hijacked, raw syscall.RawConn) bool {
	if raw == nil {
		return false
	}
	var err error
	fd := -1
	if raw.Control(func(f uintptr) { fd = int(f) }) != nil || fd < 0 {
		return false
	}
	watching.mu.Lock()
	defer watching.mu.Unlock()
	p := watching.p
	if p == nil {
		if p, err = newPoller(); err != nil {
			return false
		}
		watching.p = p
		go p.run()
	}
	token := p.newToken()
	ev := syscall.EpollEvent{Events: pollEvents, Fd: token}
	if syscall.EpollCtl(p.epfd, syscall.EPOLL_CTL_ADD, fd, &ev) != nil {
		if len(p.conns) == 0 {
			p.exit()
		}
		return false
	}
	p.conns[token] = h
	*w = pollWatch{p: p, token: token, fd: fd, raw: raw}
	return true
}

// stop forgets the connection, before its descriptor is closed. The
// poller exits with the last connection.
func (w *pollWatch) stop() {
	p := w.p
	if p == nil {
		return
	}
	watching.mu.Lock()
	defer watching.mu.Unlock()
	w.p = nil
	if p.closed {
		return
	}
	var ev syscall.EpollEvent
	_ = syscall.EpollCtl(p.epfd, syscall.EPOLL_CTL_DEL, w.fd, &ev)
	delete(p.conns, w.token)
	if len(p.conns) == 0 {
		p.exit()
	}
}

// newPoller makes an epoll instance with the exit pipe registered.
func newPoller() (*poller, error) {
	epfd, err := syscall.EpollCreate1(syscall.EPOLL_CLOEXEC)
	if err != nil {
		return nil, err
	}
	p := &poller{epfd: epfd, conns: map[int32]*hijacked{}}
	if err := syscall.Pipe2(p.wake[:], syscall.O_CLOEXEC|syscall.O_NONBLOCK); err != nil {
		syscall.Close(epfd)
		return nil, err
	}
	ev := syscall.EpollEvent{Events: syscall.EPOLLIN, Fd: 0}
	if err := syscall.EpollCtl(epfd, syscall.EPOLL_CTL_ADD, p.wake[0], &ev); err != nil {
		p.close()
		return nil, err
	}
	return p, nil
}

// newToken returns a token no registered connection has. watching.mu
// must be held.
func (p *poller) newToken() int32 {
	for {
		p.next++
		if p.next <= 0 {
			p.next = 1
		}
		if _, used := p.conns[p.next]; !used {
			return p.next
		}
	}
}

// exit makes run return and close the poller, which no stream uses any
// more; a stream watched later starts another. watching.mu must be held.
func (p *poller) exit() {
	if watching.p == p {
		watching.p = nil
	}
	_, _ = syscall.Write(p.wake[1], []byte{0})
}

// close closes the poller's descriptors. Only newPoller and run call it;
// run holds watching.mu.
func (p *poller) close() {
	p.closed = true
	syscall.Close(p.wake[0])
	syscall.Close(p.wake[1])
	syscall.Close(p.epfd)
}

// run waits for events until exit, telling each stream whose client
// left.
func (p *poller) run() {
	defer func() {
		watching.mu.Lock()
		p.close()
		watching.mu.Unlock()
	}()
	events := make([]syscall.EpollEvent, 64)
	for {
		n, err := syscall.EpollWait(p.epfd, events, -1)
		if errors.Is(err, syscall.EINTR) {
			continue
		}
		if err != nil {
			// Not expected of a valid instance: tell every stream, which
			// then ends as if its client left, rather than watch none.
			p.failAll()
			return
		}
		for _, ev := range events[:n] {
			if ev.Fd == 0 {
				return
			}
			p.handle(ev.Fd, ev.Events)
		}
	}
}

// handle looks at the socket behind token after an event: it tells the
// stream when the client left, and arms the socket again otherwise.
func (p *poller) handle(token int32, events uint32) {
	watching.mu.Lock()
	h := p.conns[token]
	watching.mu.Unlock()
	if h == nil {
		return // stopped meanwhile
	}
	if events&(syscall.EPOLLRDHUP|syscall.EPOLLHUP|syscall.EPOLLERR) != 0 || h.poll.drain() {
		h.leave()
		return
	}
	watching.mu.Lock()
	defer watching.mu.Unlock()
	if !p.closed && p.conns[token] == h {
		ev := syscall.EpollEvent{Events: pollEvents, Fd: token}
		if syscall.EpollCtl(p.epfd, syscall.EPOLL_CTL_MOD, h.poll.fd, &ev) != nil {
			go h.leave() // cannot watch it any more: end it rather than keep it blind
		}
	}
}

// drain reads and drops what the client sent, without waiting, and
// reports whether it is gone: its side closed, or the socket failed.
func (w *pollWatch) drain() (gone bool) {
	var b [64]byte
	err := w.raw.Read(func(fd uintptr) bool {
		for {
			n, err := syscall.Read(int(fd), b[:])
			switch {
			case n > 0:
			case errors.Is(err, syscall.EINTR):
			case errors.Is(err, syscall.EAGAIN):
				return true
			default: // 0 bytes: end of stream; or a failed read
				gone = true
				return true
			}
		}
	})
	return gone || err != nil
}

// failAll tells every watched stream that its client left.
func (p *poller) failAll() {
	watching.mu.Lock()
	hs := make([]*hijacked, 0, len(p.conns))
	for _, h := range p.conns {
		hs = append(hs, h)
	}
	if watching.p == p {
		watching.p = nil
	}
	watching.mu.Unlock()
	for _, h := range hs {
		h.leave()
	}
}
