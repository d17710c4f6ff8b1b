package redisbp

import (
	"bufio"
	"bytes"
	"crypto/tls"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// redisServer runs a real redis-server on a free loopback port for one
// test, in the test's temporary directory, and stops it at cleanup.
type redisServer struct {
	t       testing.TB
	bin     string
	port    int
	dir     string
	persist bool
	tls     *tlsFiles // serve TLS only, when set
	extra   []string

	mu     sync.Mutex
	proc   *os.Process
	exited chan struct{} // closed when proc has exited
	log    bytes.Buffer  // the server's output, shown when the test fails
}

// startRedis starts a redis-server. With persist, it writes every change
// to an append-only file that survives a restart; without, it keeps
// nothing. extra are further redis-server arguments.
func startRedis(t testing.TB, persist bool, extra ...string) *redisServer {
	t.Helper()
	return launchRedis(t, &redisServer{t: t, bin: redisBinary(t), dir: t.TempDir(), persist: persist, extra: extra})
}

// redisBinary finds redis-server, or fails the test saying how to get it.
func redisBinary(t testing.TB) string {
	t.Helper()
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		if os.Getenv("SSEGEN_SKIP_REDIS") == "1" {
			t.Skip("redis-server not installed and SSEGEN_SKIP_REDIS=1")
		}
		t.Fatal("redis-server not found: install the Debian package redis-server " +
			"(scripts/test.sh does), or set SSEGEN_SKIP_REDIS=1 to skip the Redis tests explicitly")
	}
	return bin
}

// launchRedis starts r on a free port and stops it at cleanup.
func launchRedis(t testing.TB, r *redisServer) *redisServer {
	t.Helper()
	var err error
	t.Cleanup(func() {
		r.Stop()
		if t.Failed() {
			r.mu.Lock()
			t.Logf("redis-server output:\n%s", r.log.String())
			r.mu.Unlock()
		}
	})
	// Another process may take the free port between the probe and the
	// start; try a few.
	for range 5 {
		r.port = freePort(t)
		if err = r.start(); err == nil {
			return r
		}
	}
	t.Fatalf("start redis-server: %v", err)
	return nil
}

// URL is the server's redis:// URL.
func (r *redisServer) URL() string {
	return "redis://" + r.Addr()
}

// Addr is the server's host:port.
func (r *redisServer) Addr() string {
	return net.JoinHostPort("127.0.0.1", strconv.Itoa(r.port))
}

// Stop kills the server at once, as a crash would. With persist every
// write is already on disk (appendfsync always).
func (r *redisServer) Stop() {
	r.mu.Lock()
	proc, exited := r.proc, r.exited
	r.proc = nil
	r.mu.Unlock()
	if proc == nil {
		return
	}
	proc.Kill()
	<-exited
}

// Restart starts the server again on the same port.
func (r *redisServer) Restart() {
	r.t.Helper()
	var err error
	// The port may need a moment to be free again.
	for range 20 {
		if err = r.start(); err == nil {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	r.t.Fatalf("restart redis-server on port %d: %v", r.port, err)
}

func (r *redisServer) start() error {
	args := []string{
		"--port", strconv.Itoa(r.port), "--bind", "127.0.0.1",
		"--dir", r.dir, "--save", "", "--logfile", "",
	}
	if r.tls != nil {
		args = append(args, "--port", "0", "--tls-port", strconv.Itoa(r.port),
			"--tls-cert-file", r.tls.cert, "--tls-key-file", r.tls.key,
			"--tls-ca-cert-file", r.tls.ca, "--tls-auth-clients", "no")
	}
	if r.persist {
		args = append(args, "--appendonly", "yes", "--appendfsync", "always")
	} else {
		args = append(args, "--appendonly", "no")
	}
	args = append(args, r.extra...)
	if r.ping() {
		// Another server would answer the PINGs below.
		return fmt.Errorf("port %d already serves Redis", r.port)
	}
	cmd := exec.Command(r.bin, args...)
	out := &lockedWriter{mu: &r.mu, w: &r.log}
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		return err
	}
	exited := make(chan struct{})
	go func() {
		cmd.Wait()
		close(exited)
	}()
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case <-exited:
			return fmt.Errorf("redis-server exited at start (port %d taken?)", r.port)
		default:
		}
		if r.ping() {
			r.mu.Lock()
			r.proc, r.exited = cmd.Process, exited
			r.mu.Unlock()
			return nil
		}
		time.Sleep(10 * time.Millisecond)
	}
	cmd.Process.Kill()
	<-exited
	return fmt.Errorf("redis-server did not answer PING on %s within 5s", r.Addr())
}

// ping reports whether a Redis server answers PING on r's port. It
// speaks the protocol by hand so that it does not depend on the code
// under test.
func (r *redisServer) ping() bool {
	var conn net.Conn
	var err error
	dialer := &net.Dialer{Timeout: 200 * time.Millisecond}
	if r.tls != nil {
		// Only liveness is checked here; the tests verify the certificate.
		conn, err = tls.DialWithDialer(dialer, "tcp", r.Addr(), &tls.Config{InsecureSkipVerify: true})
	} else {
		conn, err = dialer.Dial("tcp", r.Addr())
	}
	if err != nil {
		return false
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(500 * time.Millisecond))
	if _, err := io.WriteString(conn, "PING\r\n"); err != nil {
		return false
	}
	line, err := bufio.NewReader(conn).ReadString('\n')
	// A server with a password answers NOAUTH: it is up all the same.
	return err == nil && (line == "+PONG\r\n" || strings.HasPrefix(line, "-NOAUTH"))
}

// freePort returns a loopback TCP port that was free a moment ago.
func freePort(t testing.TB) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("find a free port: %v", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// lockedWriter serialises writes from the server's stdout and stderr.
type lockedWriter struct {
	mu *sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}
