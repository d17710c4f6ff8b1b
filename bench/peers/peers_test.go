package peers

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/ssegen/ssegen/internal/loadtest"
)

// The test binary doubles as the server process: loadtest.Run starts it
// again with "serve ..." arguments and this variable set.
const serveEnv = "SSEBENCH_PEERS_TEST_SERVE"

func TestMain(m *testing.M) {
	Register()
	if os.Getenv(serveEnv) == "1" {
		os.Exit(loadtest.Main(os.Args[1:], os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// TestEveryPeerDeliversTheContractInOrder runs the load test's contract
// against every server at a trickle, where none has reason to lose
// anything: each must deliver every tick to every client, once, in
// order, and the table must compare ssegen with the best peer and the
// baseline.
func TestEveryPeerDeliversTheContractInOrder(t *testing.T) {
	t.Setenv(serveEnv, "1")
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	impls := loadtest.Impls()
	want := []string{"ssegen", "ssegen-hijack", "go-sse", "r3labs", "centrifuge", "floor", "baseline"}
	if strings.Join(impls, ",") != strings.Join(want, ",") {
		t.Fatalf("implementations %v, want %v", impls, want)
	}
	const clients, events = 20, 30
	results, err := loadtest.Run(ctx, loadtest.Config{
		Impls: impls, Clients: clients, Events: events, Rate: 200,
		Pad: 10, Drain: 3 * time.Second, Server: []string{os.Args[0]},
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(results) != len(want) {
		t.Fatalf("got %d results, want %d", len(results), len(want))
	}
	for _, r := range results {
		if r.Expected != clients*events || r.Delivered != r.Expected || r.Lost != 0 || r.OutOfOrder != 0 || r.Reconnects != 0 {
			t.Errorf("%s: delivered %d of %d, lost %d, out of order %d, reconnects %d",
				r.Impl, r.Delivered, r.Expected, r.Lost, r.OutOfOrder, r.Reconnects)
		}
		if r.P50 <= 0 || r.CPUSeconds <= 0 {
			t.Errorf("%s: nothing measured: p50 %v, CPU %.3fs", r.Impl, r.P50, r.CPUSeconds)
		}
	}
	var out strings.Builder
	loadtest.WriteTable(&out, results)
	for _, line := range []string{"| 1 | centrifuge | 20 | 30 |", "run 1: ssegen / best peer: deliveries/s", "run 1: ssegen / floor:", "run 1: ssegen / baseline:", "run 1: floor / best peer:"} {
		if !strings.Contains(out.String(), line) {
			t.Errorf("table lacks %q:\n%s", line, out.String())
		}
	}
}
