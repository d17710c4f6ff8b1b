package loadtest

import "context"

// baselineTarget adapts Baseline to the load test.
type baselineTarget struct{ *Baseline }

// The baseline never disconnects a client; it skips events instead.
func (b baselineTarget) Dropped() uint64 { return b.Missed() }
func (b baselineTarget) Cut() uint64     { return 0 }

func (b baselineTarget) Publish(_ context.Context, t Tick) error {
	b.Baseline.Publish("Tick", t.JSON())
	return nil
}
