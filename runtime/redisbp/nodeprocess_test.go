package redisbp

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ssegen/ssegen/runtime"
)

// The presence and close tests run each node in a process of its own,
// so that one can be killed without saying goodbye. The test binary is
// started again with these variables set, and TestMain runs a node
// instead of the tests.
const (
	nodeProcessEnv = "SSEGEN_REDISBP_NODE" // the Redis URL
	nodeTTLEnv     = "SSEGEN_REDISBP_NODE_TTL"
)

// nodePresenceInterval coalesces presence updates in the node processes.
const nodePresenceInterval = 50 * time.Millisecond

// runNodeProcess serves one node: the streams under /sse, and under /ctl
// what the tests ask of the hub. It prints its base URL, then serves
// until its standard input closes (a graceful stop) or it is killed.
func runNodeProcess() int {
	fail := func(err error) int {
		fmt.Fprintln(os.Stderr, "node:", err)
		return 1
	}
	ttl, _ := time.ParseDuration(os.Getenv(nodeTTLEnv))
	ctx, cancel := context.WithTimeout(context.Background(), waitFor)
	bp, err := New(ctx, Config{URL: os.Getenv(nodeProcessEnv), NodeTTL: ttl, PresenceInterval: nodePresenceInterval})
	cancel()
	if err != nil {
		return fail(err)
	}
	var mu sync.Mutex
	reported := map[string]int{} // the last OnPresence per topic
	hub := runtime.NewHub(runtime.HubConfig{Backplane: bp, OnPresence: func(topic string, n int) {
		mu.Lock()
		reported[topic] = n
		mu.Unlock()
	}})
	srv := &runtime.Server{Hub: hub, Streams: testStreams, Retry: 100 * time.Millisecond}
	mux := http.NewServeMux()
	mux.Handle("/sse/", srv)
	mux.HandleFunc("GET /ctl/presence", func(w http.ResponseWriter, r *http.Request) {
		topic := r.URL.Query().Get("topic")
		mu.Lock()
		n, ok := reported[topic]
		mu.Unlock()
		if !ok {
			n = -1
		}
		fmt.Fprintf(w, "%d %d", hub.Presence(topic), n)
	})
	mux.HandleFunc("POST /ctl/close", func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		if err := hub.CloseChannel(r.Context(), q.Get("stream"), q.Get("channel"), "Closed", []byte("bye")); err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
		}
	})
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return fail(err)
	}
	hs := &http.Server{Handler: mux}
	go hs.Serve(l)
	fmt.Printf("LISTEN http://%s\n", l.Addr())
	io.Copy(io.Discard, os.Stdin)
	ctx, cancel = context.WithTimeout(context.Background(), waitFor)
	defer cancel()
	srv.Shutdown(ctx)
	hs.Shutdown(ctx)
	hub.Close()
	return 0
}

// nodeProcess is a node running in a child process.
type nodeProcess struct {
	url   string
	cmd   *exec.Cmd
	stdin io.WriteCloser
	done  chan struct{} // closed when the process has exited
}

// startNodeProcess starts a node on the Redis at redisURL with the given
// NodeTTL, and stops it at cleanup.
func startNodeProcess(t testing.TB, redisURL string, nodeTTL time.Duration) *nodeProcess {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), nodeProcessEnv+"="+redisURL, nodeTTLEnv+"="+nodeTTL.String())
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatalf("start node process: %v", err)
	}
	n := &nodeProcess{cmd: cmd, stdin: stdin, done: make(chan struct{})}
	go func() {
		cmd.Wait()
		close(n.done)
	}()
	t.Cleanup(n.stop)
	lines := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if u, ok := strings.CutPrefix(sc.Text(), "LISTEN "); ok {
				lines <- u
			}
		}
		close(lines)
	}()
	select {
	case u, ok := <-lines:
		if !ok {
			t.Fatal("node process exited before it listened")
		}
		n.url = u
	case <-time.After(waitFor):
		t.Fatal("node process did not listen within", waitFor)
	}
	return n
}

// stop ends the process gracefully, or kills it after waitFor.
func (n *nodeProcess) stop() {
	n.stdin.Close()
	select {
	case <-n.done:
	case <-time.After(waitFor):
		n.cmd.Process.Kill()
		<-n.done
	}
}

// kill ends the process at once, as a crash would: it says no goodbye.
func (n *nodeProcess) kill() {
	n.cmd.Process.Kill()
	<-n.done
}

// presence returns the node's Presence of topic and the last count its
// OnPresence was given (-1: never called).
func (n *nodeProcess) presence(t *testing.T, topic string) (count, reported int) {
	t.Helper()
	resp, err := http.Get(n.url + "/ctl/presence?topic=" + topic)
	if err != nil {
		t.Fatalf("ask %s for presence: %v", n.url, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	f := strings.Fields(string(b))
	if len(f) != 2 {
		t.Fatalf("presence answer %q", b)
	}
	count, _ = strconv.Atoi(f[0])
	reported, _ = strconv.Atoi(f[1])
	return count, reported
}

// closeChannel asks the node to close a channel.
func (n *nodeProcess) closeChannel(t *testing.T, stream, channel string) {
	t.Helper()
	resp, err := http.Post(n.url+"/ctl/close?stream="+stream+"&channel="+channel, "", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		b, _ := io.ReadAll(resp.Body)
		t.Fatalf("close on %s: %s %s", n.url, resp.Status, b)
	}
}

// waitPresence waits until every node reports want for topic, both from
// Presence and from its last OnPresence, and returns how long that took.
func waitPresence(t *testing.T, nodes []*nodeProcess, topic string, want int) time.Duration {
	t.Helper()
	start := time.Now()
	eventually(t, func() error {
		for i, n := range nodes {
			if c, r := n.presence(t, topic); c != want || r != want {
				return fmt.Errorf("node %d: Presence(%s) = %d, last OnPresence %d; want %d", i, topic, c, r, want)
			}
		}
		return nil
	})
	return time.Since(start)
}
