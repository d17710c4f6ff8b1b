package loadtest

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"
)

// The test binary doubles as the server process: Run starts it again with
// "serve ..." arguments and this variable set.
const serveEnv = "SSEBENCH_TEST_SERVE"

func TestMain(m *testing.M) {
	if os.Getenv(serveEnv) == "1" {
		os.Exit(Main(os.Args[1:], os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

func TestRunDeliversEveryEventInOrderForBothServers(t *testing.T) {
	t.Setenv(serveEnv, "1")
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	results, err := Run(ctx, Config{
		Impls: []string{"ssegen", "baseline"}, Clients: 50, Events: 40, Rate: 200,
		Pad: 10, Drain: 5 * time.Second, Server: []string{os.Args[0]},
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(results) != 2 {
		t.Fatalf("got %d results, want 2", len(results))
	}
	for _, r := range results {
		if r.Expected != 50*40 || r.Delivered != r.Expected || r.Lost != 0 || r.OutOfOrder != 0 {
			t.Errorf("%s: delivered %d of %d, lost %d, out of order %d", r.Impl, r.Delivered, r.Expected, r.Lost, r.OutOfOrder)
		}
		if r.P50 <= 0 || r.P99 < r.P50 || r.Max < r.P99 {
			t.Errorf("%s: latency percentiles out of order: p50 %v p99 %v max %v", r.Impl, r.P50, r.P99, r.Max)
		}
		// Every delivery is at least part of one write system call, and no
		// implementation should need more than about one per delivery.
		if r.Writes == 0 || r.WritesPerDelivery() > 1.5 {
			t.Errorf("%s: %d writes for %d deliveries", r.Impl, r.Writes, r.Delivered)
		}
		if r.Dropped != 0 || r.Cut != 0 {
			t.Errorf("%s: server dropped %d deliveries, cut %d clients at a trickle", r.Impl, r.Dropped, r.Cut)
		}
		if r.CPUSeconds <= 0 || r.PerSecond <= 0 {
			t.Errorf("%s: no CPU or throughput measured: %+v", r.Impl, r)
		}
	}
	var out strings.Builder
	WriteTable(&out, results)
	if !strings.Contains(out.String(), "| 1 | ssegen | 50 | 40 |") || !strings.Contains(out.String(), "run 1: ssegen / baseline:") {
		t.Errorf("table lacks rows or ratios:\n%s", out.String())
	}
}

func TestServeRefusesUnknownImplementation(t *testing.T) {
	var out, errOut strings.Builder
	if code := Main([]string{"serve", "-impl", "nope"}, &out, &errOut); code != 1 {
		t.Fatalf("exit %d, want 1", code)
	}
	if !strings.Contains(errOut.String(), `unknown implementation "nope" (want one of ssegen, ssegen-hijack, floor, baseline)`) {
		t.Errorf("stderr = %q", errOut.String())
	}
}

func TestIntAfter(t *testing.T) {
	data := []byte(`{"seq":42,"sent":1700000000000000000,"pad":"x"}`)
	if got := intAfter(data, keySeq); got != 42 {
		t.Errorf("seq = %d", got)
	}
	if got := intAfter(data, keySent); got != 1700000000000000000 {
		t.Errorf("sent = %d", got)
	}
	if got := intAfter([]byte(`{}`), keySeq); got != -1 {
		t.Errorf("missing key = %d, want -1", got)
	}
}

func TestSubscriberCountsGapsAndDisorder(t *testing.T) {
	var tl tally
	s := &subscriber{t: &tl, next: 1}
	for _, seq := range []string{"1", "2", "4", "3", "4", "5"} {
		s.tick([]byte(`{"seq":` + seq + `,"sent":1}`))
	}
	if got := tl.delivered.Load(); got != 4 {
		t.Errorf("delivered = %d, want 4 (1, 2, 4, 5)", got)
	}
	if got := tl.gaps.Load(); got != 1 {
		t.Errorf("gaps = %d, want 1 (3 skipped)", got)
	}
	if got := tl.outOfOrder.Load(); got != 2 {
		t.Errorf("out of order = %d, want 2 (late 3, doubled 4)", got)
	}
}

func TestTableGivesMedianRatiosOfRuns(t *testing.T) {
	var rs []Result
	for run, perSecond := range []float64{3, 1, 2} {
		rs = append(rs,
			Result{Run: run + 1, Impl: "ssegen", PerSecond: perSecond * 100},
			Result{Run: run + 1, Impl: "baseline", PerSecond: 100})
	}
	var out strings.Builder
	WriteTable(&out, rs)
	for _, want := range []string{"run 1: ssegen / baseline: deliveries/s 3.00x", "run 2: ssegen / baseline: deliveries/s 1.00x", "median of 3 runs: ssegen / baseline: deliveries/s 2.00x"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("table lacks %q:\n%s", want, out.String())
		}
	}
}

// TestSlowClientsAreCutAndResumeWhileTheBaselineSkips offers events faster
// than a tiny queue holds: ssegen may cut clients, which must resume
// without loss (the history, 1000 events, reaches back to the first),
// while every event the baseline skips is lost to its client.
func TestSlowClientsAreCutAndResumeWhileTheBaselineSkips(t *testing.T) {
	t.Setenv(serveEnv, "1")
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	results, err := Run(ctx, Config{
		Impls: []string{"ssegen", "baseline"}, Clients: 100, Events: 400, Rate: 20000,
		// Every client is cut and replays hundreds of kilobytes at once:
		// under the race detector on a busy machine that can take seconds.
		Pad: 1000, Queue: 2, Drain: 5 * time.Second, Server: []string{os.Args[0]},
	})
	if err != nil {
		t.Fatal(err)
	}
	sg, bl := results[0], results[1]
	t.Logf("ssegen: cut %d, reconnects %d, resyncs %d; baseline: dropped %d, lost %d", sg.Cut, sg.Reconnects, sg.Resyncs, bl.Dropped, bl.Lost)
	// Two million deliveries a second is more than either can carry.
	if sg.Cut == 0 || bl.Dropped == 0 {
		t.Fatalf("nothing was too slow (ssegen cut %d, baseline dropped %d): the test offered too little", sg.Cut, bl.Dropped)
	}
	if sg.Lost != 0 || sg.OutOfOrder != 0 || sg.Resyncs != 0 {
		t.Errorf("ssegen lost %d, %d out of order, %d resyncs", sg.Lost, sg.OutOfOrder, sg.Resyncs)
	}
	if sg.Reconnects < sg.Cut {
		t.Errorf("ssegen cut %d clients but only %d reconnected", sg.Cut, sg.Reconnects)
	}
	if bl.Lost != bl.Dropped || bl.Reconnects != 0 {
		t.Errorf("baseline: lost %d, dropped %d, reconnects %d: want every skip lost, no reconnects", bl.Lost, bl.Dropped, bl.Reconnects)
	}
}

// TestTableComparesWithTheBestPeerOfEachFigure measures ssegen against
// whichever peer did best at each figure, and against the baseline.
func TestTableComparesWithTheBestPeerOfEachFigure(t *testing.T) {
	rs := []Result{
		{Run: 1, Impl: "ssegen", PerSecond: 300, P99: 10 * time.Millisecond},
		{Run: 1, Impl: "ssegen-hijack", PerSecond: 400, P99: 5 * time.Millisecond},
		{Run: 1, Impl: "fast", PerSecond: 200, P99: 80 * time.Millisecond},
		{Run: 1, Impl: "tight", PerSecond: 100, P99: 20 * time.Millisecond},
		{Run: 1, Impl: "baseline", PerSecond: 50, P99: 40 * time.Millisecond},
	}
	var out strings.Builder
	WriteTable(&out, rs)
	for _, want := range []string{
		"run 1: ssegen / best peer: deliveries/s 1.50x (fast),",
		"p99 0.50x (tight)",
		"run 1: ssegen / baseline: deliveries/s 6.00x,",
		// Another mode of ssegen is not a peer.
		"run 1: ssegen-hijack / best peer: deliveries/s 2.00x (fast),",
		"run 1: ssegen-hijack / baseline: deliveries/s 8.00x,",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("table lacks %q:\n%s", want, out.String())
		}
	}
}

// TestTableComparesWithTheFloorApart: the floor is no peer (it would be
// the best at CPU per delivery and hide the peers' figures); ssegen is
// compared with it on a line of its own, and so is the best peer.
func TestTableComparesWithTheFloorApart(t *testing.T) {
	rs := []Result{
		{Run: 1, Impl: "ssegen-hijack", Delivered: 100, CPUSeconds: 8, PerSecond: 100},
		{Run: 1, Impl: "peer", Delivered: 100, CPUSeconds: 10, PerSecond: 100},
		{Run: 1, Impl: FloorImpl, Delivered: 100, CPUSeconds: 7, PerSecond: 100},
		{Run: 1, Impl: "baseline", Delivered: 100, CPUSeconds: 16, PerSecond: 100},
	}
	var out strings.Builder
	WriteTable(&out, rs)
	for _, want := range []string{
		"run 1: ssegen-hijack / peer: deliveries/s 1.00x, CPU per delivery 0.80x,",
		"run 1: ssegen-hijack / floor: deliveries/s 1.00x, CPU per delivery 1.14x,",
		"run 1: ssegen-hijack / baseline: deliveries/s 1.00x, CPU per delivery 0.50x,",
		"run 1: floor / peer: deliveries/s 1.00x, CPU per delivery 0.70x,",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("table lacks %q:\n%s", want, out.String())
		}
	}
}

// TestFloorDeliversTheContract: one write per delivery still delivers
// every tick to every client, once, in order, at a trickle.
func TestFloorDeliversTheContract(t *testing.T) {
	t.Setenv(serveEnv, "1")
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	const clients, events = 30, 40
	results, err := Run(ctx, Config{
		Impls: []string{FloorImpl, "baseline"}, Clients: clients, Events: events, Rate: 200,
		Pad: 10, Drain: 3 * time.Second, Server: []string{os.Args[0]},
	})
	if err != nil {
		t.Fatal(err)
	}
	fl := results[0]
	if fl.Delivered != clients*events || fl.Lost != 0 || fl.OutOfOrder != 0 || fl.Reconnects != 0 {
		t.Errorf("floor: delivered %d of %d, lost %d, out of order %d, reconnects %d", fl.Delivered, fl.Expected, fl.Lost, fl.OutOfOrder, fl.Reconnects)
	}
	if w := fl.WritesPerDelivery(); w > 1.05 {
		t.Errorf("floor: %.3f writes per delivery, want one", w)
	}
}
