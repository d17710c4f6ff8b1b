package loadtest

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Config is one load test run.
type Config struct {
	// Impls are the implementations to measure, in order: "ssegen", "baseline".
	Impls []string
	// Clients is how many SSE clients connect.
	Clients int
	// Events is how many ticks are published, at Rate per second.
	Events int
	Rate   float64
	// Pad is the number of filler bytes in each tick.
	Pad int
	// Queue is how many events may wait for one client (0: each
	// implementation's default).
	Queue int
	// Runs is how many times every implementation is measured, in turn
	// (default 1): on a shared machine the median ratio is steadier than
	// any one run.
	Runs int
	// Drain is how long to wait for deliveries once publishing ends.
	Drain time.Duration
	// Server is the command that serves an implementation: it is run with
	// "serve -impl NAME" appended and must print its address first.
	Server []string
	// ProfileDir, if set, receives each server's CPU profile of the
	// publishing phase and heap profiles with idle clients and after
	// publishing (<impl>.cpu.pprof, <impl>.heap.pprof,
	// <impl>.heap-after.pprof).
	ProfileDir string
	// Log receives progress lines; nil is quiet.
	Log func(format string, args ...any)
}

// Result is what one implementation delivered and cost.
type Result struct {
	Run        int // 1 for the first round of implementations
	Impl       string
	Clients    int
	Events     int
	Rate       float64
	Expected   uint64
	Delivered  uint64
	Lost       uint64 // expected but never delivered
	OutOfOrder uint64 // doubled or older than one already delivered
	Reconnects uint64 // connections cut by the server and opened again
	Resyncs    uint64
	P50, P90   time.Duration
	P99, Max   time.Duration
	// PerSecond is deliveries per second from the first publish to the
	// last delivery.
	PerSecond float64
	// CPUSeconds is the server's user+system time while publishing.
	CPUSeconds float64
	// Writes is the server's write system calls while publishing.
	Writes uint64
	// Dropped counts deliveries the server gave up on, and Cut the
	// clients it disconnected as too slow (which then resume).
	Dropped, Cut uint64
	// IdleGoBytes and IdleRSSBytes are server memory per idle client.
	IdleGoBytes  float64
	IdleRSSBytes float64
	// IdleGoroutines is server goroutines per idle client, and
	// IdleStackBytes the part of IdleGoBytes that is their stacks.
	IdleGoroutines float64
	IdleStackBytes float64
}

// CPUPerDelivery is server CPU time per delivered event.
func (r Result) CPUPerDelivery() time.Duration {
	if r.Delivered == 0 {
		return 0
	}
	return time.Duration(r.CPUSeconds * float64(time.Second) / float64(r.Delivered))
}

// WritesPerDelivery is server write system calls per delivered event.
func (r Result) WritesPerDelivery() float64 {
	if r.Delivered == 0 {
		return 0
	}
	return float64(r.Writes) / float64(r.Delivered)
}

// Run measures every implementation of cfg in turn, in the same run.
func Run(ctx context.Context, cfg Config) ([]Result, error) {
	raiseFileLimit()
	if cfg.Clients <= 0 || cfg.Events <= 0 || cfg.Rate <= 0 {
		return nil, errors.New("clients, events and rate must be positive")
	}
	if cfg.Drain <= 0 {
		cfg.Drain = 10 * time.Second
	}
	if cfg.Log == nil {
		cfg.Log = func(string, ...any) {}
	}
	var results []Result
	for run := 1; run <= max(cfg.Runs, 1); run++ {
		for _, impl := range cfg.Impls {
			r, err := runOne(ctx, cfg, impl)
			if err != nil {
				return results, fmt.Errorf("%s: %w", impl, err)
			}
			r.Run = run
			results = append(results, r)
		}
	}
	return results, nil
}

func runOne(ctx context.Context, cfg Config, impl string) (Result, error) {
	res := Result{Impl: impl, Clients: cfg.Clients, Events: cfg.Events, Rate: cfg.Rate}
	srv, base, err := startServer(ctx, cfg.Server, impl, cfg.Queue)
	if err != nil {
		return res, err
	}
	defer srv.stop()

	before, err := getStats(ctx, base+"/bench/stats?gc=1")
	if err != nil {
		return res, err
	}
	cfg.Log("%s: connecting %d clients", impl, cfg.Clients)
	var t tally
	subCtx, cancelSubs := context.WithCancel(ctx)
	defer cancelSubs()
	ready := make(chan struct{}, cfg.Clients)
	addr := strings.TrimPrefix(base, "http://")
	var wg sync.WaitGroup
	dial := make(chan struct{}, 64) // bounds connects in flight
	for i := 0; i < cfg.Clients; i++ {
		s := &subscriber{addr: addr, path: StreamPath, t: &t, next: 1}
		s.onReady = func() {
			ready <- struct{}{}
			<-dial
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			dial <- struct{}{}
			s.run(subCtx)
		}()
	}
	defer wg.Wait()
	defer cancelSubs()
	if err := waitSubscribed(ctx, base, ready, cfg.Clients); err != nil {
		return res, err
	}
	time.Sleep(500 * time.Millisecond) // let connection set-up garbage settle
	idle, err := getStats(ctx, base+"/bench/stats?gc=1")
	if err != nil {
		return res, err
	}
	res.IdleGoBytes = float64(int64(idle.GoBytes)-int64(before.GoBytes)) / float64(cfg.Clients)
	res.IdleRSSBytes = float64(int64(idle.RSSBytes)-int64(before.RSSBytes)) / float64(cfg.Clients)
	res.IdleGoroutines = float64(idle.Goroutines-before.Goroutines) / float64(cfg.Clients)
	res.IdleStackBytes = float64(int64(idle.StackBytes)-int64(before.StackBytes)) / float64(cfg.Clients)
	if cfg.ProfileDir != "" {
		if err := saveProfile(ctx, base+"/debug/pprof/heap", cfg.ProfileDir, impl+".heap.pprof"); err != nil {
			return res, err
		}
		secs := max(1, int(float64(cfg.Events)/cfg.Rate))
		profiled := make(chan struct{})
		// The server must live until its profile is written.
		defer func() { <-profiled }()
		go func() {
			defer close(profiled)
			err := saveProfile(ctx, fmt.Sprintf("%s/debug/pprof/profile?seconds=%d", base, secs), cfg.ProfileDir, impl+".cpu.pprof")
			if err != nil {
				cfg.Log("%s: cpu profile: %v", impl, err)
			}
		}()
	}

	cfg.Log("%s: publishing %d events at %.0f/s", impl, cfg.Events, cfg.Rate)
	start := time.Now()
	url := fmt.Sprintf("%s/bench/publish?n=%d&rate=%g&pad=%d", base, cfg.Events, cfg.Rate, cfg.Pad)
	if err := post(ctx, url); err != nil {
		return res, err
	}
	res.Expected = uint64(cfg.Clients) * uint64(cfg.Events)
	last := waitDelivered(ctx, &t, res.Expected, cfg.Drain)
	logServerDisconnects(ctx, cfg.Log, impl, base)
	after, err := getStats(ctx, base+"/bench/stats")
	if err != nil {
		return res, err
	}
	res.CPUSeconds = after.CPUSeconds - idle.CPUSeconds
	if cfg.ProfileDir != "" {
		// Against the idle one (pprof -base), what publishing allocated.
		if err := saveProfile(ctx, base+"/debug/pprof/heap", cfg.ProfileDir, impl+".heap-after.pprof"); err != nil {
			return res, err
		}
	}
	res.Writes = after.Writes - idle.Writes
	res.Dropped = after.Dropped - idle.Dropped
	res.Cut = after.Cut - idle.Cut
	res.Delivered = t.delivered.Load()
	if res.Delivered < res.Expected {
		res.Lost = res.Expected - res.Delivered
	}
	res.OutOfOrder = t.outOfOrder.Load()
	res.Reconnects = t.reconnects.Load()
	res.Resyncs = t.resyncs.Load()
	res.P50 = t.latency.quantile(0.50)
	res.P90 = t.latency.quantile(0.90)
	res.P99 = t.latency.quantile(0.99)
	res.Max = time.Duration(t.latency.max.Load())
	if d := last.Sub(start); d > 0 {
		res.PerSecond = float64(res.Delivered) / d.Seconds()
	}
	return res, nil
}

// waitSubscribed waits until every client has its response headers and
// the server counts them all.
func waitSubscribed(ctx context.Context, base string, ready <-chan struct{}, n int) error {
	deadline := time.After(2 * time.Minute)
	for got := 0; got < n; got++ {
		select {
		case <-ready:
		case <-deadline:
			return fmt.Errorf("only %d of %d clients connected in 2m", got, n)
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	for i := 0; i < 200; i++ {
		st, err := getStats(ctx, base+"/bench/stats")
		if err != nil {
			return err
		}
		if st.Subscribers >= n {
			return nil
		}
		time.Sleep(50 * time.Millisecond)
	}
	return fmt.Errorf("server did not count %d subscribers", n)
}

// waitDelivered waits until every expected delivery arrived, or none
// arrived for drain; it returns the time of the last delivery seen.
func waitDelivered(ctx context.Context, t *tally, expected uint64, drain time.Duration) time.Time {
	last := time.Now()
	prev := t.delivered.Load()
	for ctx.Err() == nil {
		time.Sleep(20 * time.Millisecond)
		now := t.delivered.Load()
		if now != prev {
			prev, last = now, time.Now()
		}
		if now >= expected || time.Since(last) > drain {
			break
		}
	}
	return last
}

type serverProc struct {
	cmd  *exec.Cmd
	done chan struct{}
}

func (p *serverProc) stop() {
	_ = p.cmd.Process.Signal(os.Interrupt)
	select {
	case <-p.done:
	case <-time.After(5 * time.Second):
		_ = p.cmd.Process.Kill()
		<-p.done
	}
}

// startServer runs the server command for impl in its own process, so that
// its CPU and memory are its own, and returns its base URL.
func startServer(ctx context.Context, command []string, impl string, queue int) (*serverProc, string, error) {
	args := append(append([]string{}, command[1:]...), "serve", "-impl", impl, "-addr", "127.0.0.1:0", "-queue", strconv.Itoa(queue))
	cmd := exec.CommandContext(ctx, command[0], args...)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, "", err
	}
	if err := cmd.Start(); err != nil {
		return nil, "", err
	}
	p := &serverProc{cmd: cmd, done: make(chan struct{})}
	go func() { _ = cmd.Wait(); close(p.done) }()
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		p.stop()
		return nil, "", fmt.Errorf("server printed no address: %w", err)
	}
	return p, "http://" + strings.TrimSpace(line), nil
}

func getStats(ctx context.Context, url string) (stats, error) {
	var st stats
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return st, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return st, err
	}
	defer resp.Body.Close()
	return st, json.NewDecoder(resp.Body).Decode(&st)
}

// saveProfile stores what url serves as dir/name.
func saveProfile(ctx context.Context, url, dir, name string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s: %s", url, resp.Status)
	}
	f, err := os.Create(filepath.Join(dir, name))
	if err != nil {
		return err
	}
	if _, err := io.Copy(f, resp.Body); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func post(ctx context.Context, url string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("publish: %s", resp.Status)
	}
	return nil
}

// logServerDisconnects logs the server's own disconnect counters, where it
// exports them, so that reconnects the clients saw have a stated cause.
func logServerDisconnects(ctx context.Context, log func(string, ...any), impl, base string) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+"/bench/metrics", nil)
	if err != nil {
		return
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return
	}
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		if line := sc.Text(); strings.Contains(line, "disconnect") && !strings.HasPrefix(line, "#") {
			log("%s: server %s", impl, line)
		}
	}
}
