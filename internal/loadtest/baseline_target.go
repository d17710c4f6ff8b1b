package loadtest

import (
	"context"
	"encoding/json"
)

// baselineTarget adapts Baseline to the load test.
type baselineTarget struct{ *Baseline }

func (b baselineTarget) subscribers() int { return b.Subscribers() }

// The baseline never disconnects a client; it skips events instead.
func (b baselineTarget) dropped() uint64 { return b.Missed() }
func (b baselineTarget) cut() uint64     { return 0 }

func (b baselineTarget) publish(_ context.Context, t tick) error {
	data, err := json.Marshal(struct {
		Seq  int64  `json:"seq"`
		Sent int64  `json:"sent"`
		Pad  string `json:"pad"`
	}{t.Seq, t.Sent, t.Pad})
	if err != nil {
		return err
	}
	b.Publish("Tick", data)
	return nil
}
