package browsertest

import (
	"context"
	"fmt"
	"testing"

	bt "github.com/ssegen/ssegen/internal/browsertest"
)

// entry is one thing the glue sent into a port of the stand-in app.
type entry struct {
	Port  string `json:"port"`
	Value struct {
		Stream  string `json:"stream"`
		Channel string `json:"channel"`
		Event   string `json:"event"`
		ID      string `json:"id"`
		Data    string `json:"data"`
		Status  string `json:"status"`
		Code    int    `json:"code"`
		Message string `json:"message"`
	} `json:"value"`
}

func (e entry) String() string {
	if e.Port == "sseStatus" {
		return fmt.Sprintf("%s %s %d", e.Port, e.Value.Status, e.Value.Code)
	}
	return fmt.Sprintf("%s %s/%s %s id=%q %s", e.Port, e.Value.Stream, e.Value.Channel, e.Value.Event, e.Value.ID, e.Value.Data)
}

// follow does what Sse.Ports.follow does in an Elm app.
func follow(t *testing.T, ctx context.Context, topics ...string) {
	t.Helper()
	bt.Follow(t, ctx, topics)
}

// events keeps the stream events of a log, in order.
func events(log []entry) []entry {
	var out []entry
	for _, e := range log {
		if e.Port != "sseStatus" {
			out = append(out, e)
		}
	}
	return out
}

// statuses keeps the statuses of a log, in order.
func statuses(log []entry) []string {
	var out []string
	for _, e := range log {
		if e.Port == "sseStatus" {
			out = append(out, e.Value.Status)
		}
	}
	return out
}
