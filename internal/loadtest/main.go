package loadtest

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"time"
)

// Main is the ssebench command line: "run" (the default) measures, "serve"
// is the server process that run starts for each implementation.
func Main(args []string, stdout, stderr io.Writer) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if len(args) > 0 && args[0] == "serve" {
		fs := flag.NewFlagSet("ssebench serve", flag.ContinueOnError)
		fs.SetOutput(stderr)
		impl := fs.String("impl", "ssegen", "implementation to serve: one of "+strings.Join(Impls(), ", "))
		addr := fs.String("addr", "127.0.0.1:0", "loopback address to listen on")
		queue := fs.Int("queue", 0, "events that may wait per client (0: the implementation's default)")
		if err := fs.Parse(args[1:]); err != nil {
			return 2
		}
		if err := Serve(ctx, *impl, *addr, *queue, stdout); err != nil {
			fmt.Fprintln(stderr, "ssebench serve:", err)
			return 1
		}
		return 0
	}
	if len(args) > 0 && args[0] == "run" {
		args = args[1:]
	}
	fs := flag.NewFlagSet("ssebench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	clients := fs.Int("clients", 1000, "SSE clients to connect")
	events := fs.Int("events", 200, "events to publish")
	rate := fs.Float64("rate", 20, "events per second")
	pad := fs.Int("pad", 100, "filler bytes per event")
	impls := fs.String("impls", strings.Join(Impls(), ","), "implementations to measure, in order: ssegen first, the baseline last, peers between")
	queue := fs.Int("queue", 0, "events that may wait per client before ssegen cuts it (to resume) or the baseline skips them; 0: ssegen 1024, baseline 64")
	runs := fs.Int("runs", 1, "how many times to measure every implementation; ratios are also given as medians")
	profile := fs.String("profile", "", "directory for each server's CPU and heap profiles")
	drain := fs.Duration("drain", 5*time.Second, "how long to wait for late deliveries")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	exe, err := os.Executable()
	if err != nil {
		fmt.Fprintln(stderr, "ssebench:", err)
		return 1
	}
	cfg := Config{
		Impls: strings.Split(*impls, ","), Clients: *clients, Events: *events,
		Rate: *rate, Pad: *pad, Drain: *drain, Server: []string{exe}, ProfileDir: *profile, Runs: *runs, Queue: *queue,
		Log: func(format string, a ...any) { fmt.Fprintf(stderr, format+"\n", a...) },
	}
	results, err := Run(ctx, cfg)
	if err != nil {
		fmt.Fprintln(stderr, "ssebench:", err)
		return 1
	}
	WriteTable(stdout, results)
	return 0
}
