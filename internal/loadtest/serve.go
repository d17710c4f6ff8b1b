package loadtest

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/pprof"
	"os"
	"runtime"
	"strconv"
	"strings"
	"time"
)

// StreamPath is where every implementation serves the load test's stream.
const StreamPath = "/sse/tick/tick"

// Target is a server implementation under test. It serves StreamPath as
// an SSE stream of Tick events to plain EventSource clients.
type Target interface {
	http.Handler
	// Subscribers is how many clients are connected now.
	Subscribers() int
	// Publish sends one tick to every client.
	Publish(ctx context.Context, t Tick) error
	// Dropped is how many deliveries the server gave up on: events not
	// queued for a client too slow to take them.
	Dropped() uint64
	// Cut is how many clients the server disconnected for being slow.
	Cut() uint64
}

// Tick is the event the load test publishes, named "Tick" on the wire.
// Its JSON is {"seq":N,"sent":UNIXNANO,"pad":"..."} in every
// implementation, and each tick's id must let a client resume after it.
type Tick struct {
	Seq  int64  `json:"seq"`
	Sent int64  `json:"sent"`
	Pad  string `json:"pad"`
}

// JSON returns the tick's data as encoding/json writes it.
func (t Tick) JSON() []byte {
	b, err := json.Marshal(t)
	if err != nil {
		panic(err) // two integers and a string always marshal
	}
	return b
}

// stats is what a server reports of itself.
type stats struct {
	Subscribers int     `json:"subscribers"`
	CPUSeconds  float64 `json:"cpu_seconds"`
	GoBytes     uint64  `json:"go_bytes"` // heap in use + goroutine stacks
	StackBytes  uint64  `json:"stack_bytes"`
	RSSBytes    uint64  `json:"rss_bytes"` // resident set, kernel's view
	Goroutines  int     `json:"goroutines"`
	// Writes counts the process's write system calls (write, writev:
	// syscw in /proc/self/io), the cost the runtime coalesces away.
	Writes  uint64 `json:"writes"`
	Dropped uint64 `json:"dropped"`
	Cut     uint64 `json:"cut"`
}

// Serve runs the named implementation on addr until ctx ends, printing the
// address it listens on as the first line of out. queue is how many
// events may wait for one client (0: the implementation's default).
func Serve(ctx context.Context, impl, addr string, queue int, out io.Writer) error {
	raiseFileLimit()
	tg, err := NewTarget(impl, queue)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	mux := http.NewServeMux()
	mux.Handle(StreamPath, tg)
	mux.HandleFunc("GET /bench/stats", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("gc") == "1" {
			runtime.GC()
		}
		writeJSON(w, readStats(tg))
	})
	// Profiles of the server process, for ssebench -profile.
	if m, ok := tg.(interface{ metrics() http.Handler }); ok {
		// The runtime's own counters (disconnects by reason, drops), to
		// explain what the clients saw.
		mux.Handle("GET /bench/metrics", m.metrics())
	}
	mux.HandleFunc("GET /debug/pprof/profile", pprof.Profile)
	mux.Handle("GET /debug/pprof/heap", pprof.Handler("heap"))
	mux.Handle("GET /debug/pprof/goroutine", pprof.Handler("goroutine"))
	mux.HandleFunc("POST /bench/publish", func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		n, _ := strconv.Atoi(q.Get("n"))
		rate, _ := strconv.ParseFloat(q.Get("rate"), 64)
		pad, _ := strconv.Atoi(q.Get("pad"))
		if n <= 0 || rate <= 0 || pad < 0 {
			http.Error(w, "n, rate and pad must be positive", http.StatusBadRequest)
			return
		}
		published, err := publishPaced(r.Context(), tg, n, rate, strings.Repeat("x", pad))
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		writeJSON(w, map[string]int{"published": published})
	})
	srv := &http.Server{Handler: mux}
	fmt.Fprintln(out, ln.Addr().String())
	go func() {
		<-ctx.Done()
		shutdownCtx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		_ = srv.Shutdown(shutdownCtx)
		_ = srv.Close()
	}()
	if err := srv.Serve(ln); err != nil && err != http.ErrServerClosed {
		return err
	}
	return nil
}

// publishPaced publishes n ticks at rate per second. It paces by the clock,
// not by sleeping a fixed step, so that a slow publish is caught up on,
// and stamps each tick with the time it was due.
func publishPaced(ctx context.Context, tg Target, n int, rate float64, pad string) (int, error) {
	start := time.Now()
	step := time.Duration(float64(time.Second) / rate)
	for i := 1; i <= n; i++ {
		due := start.Add(time.Duration(i-1) * step)
		if d := time.Until(due); d > 0 {
			select {
			case <-time.After(d):
			case <-ctx.Done():
				return i - 1, ctx.Err()
			}
		}
		// Sent is when the tick was due, not when it went out: a server
		// too busy to publish on time pays for the delay in latency
		// instead of hiding it (coordinated omission).
		t := Tick{Seq: int64(i), Sent: due.UnixNano(), Pad: pad}
		if err := tg.Publish(ctx, t); err != nil {
			return i - 1, err
		}
	}
	return n, nil
}

func readStats(tg Target) stats {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return stats{
		Subscribers: tg.Subscribers(),
		CPUSeconds:  processCPU().Seconds(),
		GoBytes:     ms.HeapInuse + ms.StackInuse,
		StackBytes:  ms.StackInuse,
		RSSBytes:    residentBytes(),
		Goroutines:  runtime.NumGoroutine(),
		Writes:      procField("/proc/self/io", "syscw:"),
		Dropped:     tg.Dropped(),
		Cut:         tg.Cut(),
	}
}

// residentBytes reads VmRSS from /proc; 0 where there is no /proc.
func residentBytes() uint64 {
	return procField("/proc/self/status", "VmRSS:") * 1024
}

// procField reads the number after key in a /proc file of lines like
// "key: 123" or "key: 123 kB"; 0 where there is no such file or line.
func procField(path, key string) uint64 {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, key); ok {
			n, _ := strconv.ParseUint(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			return n
		}
	}
	return 0
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}
