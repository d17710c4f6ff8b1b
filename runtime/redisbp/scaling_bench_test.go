package redisbp

import (
	"bufio"
	"context"
	"fmt"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/ssegen/ssegen/runtime"
)

// The benchmarks below measure what docs/scaling.md's model needs from
// Redis and from a node:
//
//	go test ./runtime/redisbp -run '^$' -bench Scaling -benchtime 20000x

// eventData is a typical event: about a comment's size.
var eventData = []byte(strings.Repeat("x", 200))

// Redis's own time per publish (INFO commandstats: the publish script,
// everything it calls included) with two nodes following every topic,
// and the memory a topic holds when its history is full.
func BenchmarkScalingRedisPublish(b *testing.B) {
	r := startRedis(b, false)
	pub := newNode(b, r.URL(), Config{})
	topics := clusterTopics(100)
	for _, n := range []*Backplane{newNode(b, r.URL(), Config{}), newNode(b, r.URL(), Config{})} {
		for _, topic := range topics {
			cancel, err := n.Subscribe(topic, func(runtime.Event) {})
			if err != nil {
				b.Fatal(err)
			}
			b.Cleanup(cancel)
		}
	}
	raw := redis.NewClient(&redis.Options{Addr: r.Addr()})
	defer raw.Close()
	ctx := context.Background()
	raw.ConfigResetStat(ctx)
	b.ResetTimer()
	publishRoundRobin(b, pub, topics)
	b.StopTimer()
	calls, usec := commandStat(b, raw, "evalsha")
	if calls > 0 {
		b.ReportMetric(usec/float64(calls), "redis-µs/publish")
	}

	// A topic with a full history: MaxLen events of eventData.
	full := "comment/item:full"
	for range DefaultMaxLen {
		pub.Publish(ctx, full, "CommentAdded", eventData)
	}
	mem, err := raw.MemoryUsage(ctx, pub.streamKey(full), 0).Result()
	if err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(mem), "B/full-topic")
	one := "comment/item:one"
	pub.Publish(ctx, one, "CommentAdded", eventData)
	mem1, _ := raw.MemoryUsage(ctx, pub.streamKey(one), 0).Result()
	b.ReportMetric(float64(mem1), "B/one-event-topic")

	// Presence: one node's count change of a topic three nodes count.
	raw.ConfigResetStat(ctx)
	for i := range 1000 {
		key := pub.presenceKey(topics[i%len(topics)])
		for _, node := range []string{"n1", "n2", "n3"} {
			if err := presenceScript.Run(ctx, raw, []string{key}, node, i%5+1, emptyPresenceTTL.Milliseconds()).Err(); err != nil {
				b.Fatal(err)
			}
		}
	}
	if calls, usec := commandStat(b, raw, "evalsha"); calls > 0 {
		b.ReportMetric(usec/float64(calls), "redis-µs/presence-update")
	}
	pmem, _ := raw.MemoryUsage(ctx, pub.presenceKey(topics[0]), 0).Result()
	b.ReportMetric(float64(pmem), "B/presence-hash")
}

// publishRoundRobin publishes eventData b.N times from parallel
// goroutines, to each of topics in turn.
func publishRoundRobin(b *testing.B, pub *Backplane, topics []string) {
	ctx := context.Background()
	var next atomic.Int64
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			topic := topics[next.Add(1)%int64(len(topics))]
			if _, err := pub.Publish(ctx, topic, "CommentAdded", eventData); err != nil {
				b.Error(err)
				return
			}
		}
	})
}

// commandStat reads a command's calls and total microseconds from INFO
// commandstats.
func commandStat(tb testing.TB, raw *redis.Client, cmd string) (calls int64, usec float64) {
	tb.Helper()
	info, err := raw.Info(context.Background(), "commandstats").Result()
	if err != nil {
		tb.Fatal(err)
	}
	for line := range strings.Lines(info) {
		rest, ok := strings.CutPrefix(strings.TrimSpace(line), "cmdstat_"+cmd+":")
		if !ok {
			continue
		}
		for field := range strings.SplitSeq(rest, ",") {
			k, v, _ := strings.Cut(field, "=")
			switch k {
			case "calls":
				calls, _ = strconv.ParseInt(v, 10, 64)
			case "usec":
				usec, _ = strconv.ParseFloat(v, 64)
			}
		}
	}
	return calls, usec
}

// A node's own cost of taking in notes from Redis and delivering each to
// one local client: a node in a process of its own follows 100 topics,
// one SSE client each, while this process publishes. The node's CPU time
// comes from /proc.
func BenchmarkScalingNodeFanIn(b *testing.B) {
	r := startRedis(b, false)
	node := startNodeProcess(b, r.URL(), DefaultNodeTTL)
	pub := newNode(b, r.URL(), Config{})
	topics := clusterTopics(100)
	var got atomic.Int64
	var wg sync.WaitGroup
	b.Cleanup(wg.Wait) // after the bodies close: cleanups run last first
	for _, topic := range topics {
		resp, err := http.Get(node.url + "/sse/" + topic)
		if err != nil || resp.StatusCode != http.StatusOK {
			b.Fatalf("open %s: %v", topic, err)
		}
		b.Cleanup(func() { resp.Body.Close() })
		wg.Go(func() {
			sc := bufio.NewScanner(resp.Body)
			for sc.Scan() {
				if strings.HasPrefix(sc.Text(), "event: ") {
					got.Add(1)
				}
			}
		})
	}
	time.Sleep(300 * time.Millisecond) // the node's subscriptions settle
	before := processCPU(b, node.cmd.Process.Pid)
	b.ResetTimer()
	publishRoundRobin(b, pub, topics)
	deadline := time.Now().Add(waitFor)
	for got.Load() < int64(b.N) && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	b.StopTimer()
	if n := got.Load(); n < int64(b.N) {
		b.Fatalf("clients got %d of %d events", n, b.N)
	}
	cpu := processCPU(b, node.cmd.Process.Pid) - before
	b.ReportMetric(float64(cpu.Microseconds())/float64(b.N), "node-cpu-µs/note")
}

// processCPU is a process's user and system time so far (/proc/pid/stat,
// in clock ticks of 10ms).
func processCPU(tb testing.TB, pid int) time.Duration {
	tb.Helper()
	stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		tb.Fatal(err)
	}
	// The command name may hold spaces; the fields after it are fixed.
	fields := strings.Fields(string(stat[strings.LastIndexByte(string(stat), ')')+2:]))
	utime, _ := strconv.ParseInt(fields[11], 10, 64)
	stime, _ := strconv.ParseInt(fields[12], 10, 64)
	return time.Duration(utime+stime) * 10 * time.Millisecond
}
