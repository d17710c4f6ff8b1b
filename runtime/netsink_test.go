package runtime

import (
	"errors"
	"net"
	"os"
	"testing"
	"time"
)

// newNetSink returns a sink on c (a hijacked stream sets up the one it
// holds with init).
func newNetSink(c net.Conn) *netSink {
	s := new(netSink)
	s.init(c)
	return s
}

// tcpPair returns both ends of a loopback TCP connection whose client end
// reads nothing and keeps its receive buffer small.
func tcpPair(t *testing.T) (server, client net.Conn) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	client, err = net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	server, err = ln.Accept()
	if err != nil {
		t.Fatal(err)
	}
	client.(*net.TCPConn).SetReadBuffer(4 << 10)
	server.(*net.TCPConn).SetWriteBuffer(8 << 10)
	t.Cleanup(func() { server.Close(); client.Close() })
	return server, client
}

// TestNetSinkSetsDeadlineOnlyForWritesThatWait checks both halves of the
// lazy deadline: a write the socket takes at once ignores even a passed
// deadline (none was needed), and one that must wait is held to it.
func TestNetSinkSetsDeadlineOnlyForWritesThatWait(t *testing.T) {
	server, client := tcpPair(t)
	s := newNetSink(server)
	if (s.raw != nil) != rawWrites {
		t.Fatalf("raw connection for a TCP connection: %v, want %v", s.raw != nil, rawWrites)
	}
	s.SetWriteDeadline(time.Now().Add(-time.Second))
	if n, err := s.Write([]byte("id: 1\n\n")); err != nil || n != 7 {
		t.Fatalf("small write: %d, %v", n, err)
	}
	buf := make([]byte, 7)
	client.SetReadDeadline(time.Now().Add(5 * time.Second))
	if _, err := client.Read(buf); err != nil || string(buf) != "id: 1\n\n" {
		t.Fatalf("client read %q, %v", buf, err)
	}

	big := make([]byte, 16<<20) // more than both socket buffers hold
	s.SetWriteDeadline(time.Now().Add(200 * time.Millisecond))
	start := time.Now()
	n, err := s.Write(big)
	if !errors.Is(err, os.ErrDeadlineExceeded) || n == 0 || n == len(big) {
		t.Fatalf("write to a client that reads nothing: %d of %d, %v; want part of it and a deadline error", n, len(big), err)
	}
	if took := time.Since(start); took > 3*time.Second {
		t.Errorf("write held for %v past a 200ms deadline", took)
	}
}

// TestNetSinkAbortEndsAWaitingWrite checks that abort frees a write stuck
// without a deadline, and that later writes do not wait.
func TestNetSinkAbortEndsAWaitingWrite(t *testing.T) {
	server, _ := tcpPair(t)
	s := newNetSink(server)
	done := make(chan error, 1)
	go func() {
		_, err := s.Write(make([]byte, 16<<20))
		done <- err
	}()
	time.Sleep(50 * time.Millisecond)
	s.abort()
	select {
	case err := <-done:
		if !errors.Is(err, os.ErrDeadlineExceeded) {
			t.Fatalf("aborted write: %v", err)
		}
	case <-time.After(3 * time.Second):
		t.Fatal("abort did not end the write")
	}
	s.SetWriteDeadline(time.Now().Add(time.Hour))
	if _, err := s.Write(make([]byte, 16<<20)); !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Fatalf("write after abort: %v", err)
	}
}

// TestNetSinkWriteDoesNotAllocate keeps a delivery free of garbage: at
// tens of thousands of writes a second, an allocation each made the
// collector run often enough to show in latency.
func TestNetSinkWriteDoesNotAllocate(t *testing.T) {
	server, client := tcpPair(t)
	go func() {
		buf := make([]byte, 4096)
		for {
			if _, err := client.Read(buf); err != nil {
				return
			}
		}
	}()
	s := newNetSink(server)
	frame := []byte("id: 1\nevent: Tick\ndata: {}\n\n")
	allocs := testing.AllocsPerRun(200, func() {
		s.SetWriteDeadline(time.Now().Add(time.Second))
		if _, err := s.Write(frame); err != nil {
			t.Fatal(err)
		}
	})
	if allocs != 0 {
		t.Errorf("%v allocations per write, want 0", allocs)
	}
}

// TestNetSinkNeverWritesToAReusedDescriptor: a write after the stream's
// connection was closed fails, and does not reach the connection that
// was given the closed one's descriptor number meanwhile (writes go
// through the descriptor's reference, not a number kept aside).
func TestNetSinkNeverWritesToAReusedDescriptor(t *testing.T) {
	server, _ := tcpPair(t)
	s := newNetSink(server)
	if n, err := s.writeNow([]byte("before")); n != 6 || err != nil {
		t.Fatalf("write before close: %d, %v", n, err)
	}
	server.Close()
	other, otherClient := tcpPair(t)
	_ = other
	if n, err := s.writeNow([]byte("after")); err == nil || n != 0 {
		t.Fatalf("write after close: %d, %v; want an error", n, err)
	}
	_ = otherClient.SetReadDeadline(time.Now().Add(100 * time.Millisecond))
	var b [16]byte
	if n, err := otherClient.Read(b[:]); n != 0 || !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Fatalf("the next connection read %q, %v: want nothing", b[:n], err)
	}
}
