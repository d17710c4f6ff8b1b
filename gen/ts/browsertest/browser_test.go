package browsertest

import (
	"encoding/json"
	"fmt"
)

// entry is one thing the app logged: an event (its data re-encoded by
// the generated encoder), a problem or a status.
type entry struct {
	Kind    string          `json:"kind"`
	Stream  string          `json:"stream"`
	Channel string          `json:"channel"`
	Event   string          `json:"event"`
	ID      string          `json:"id"`
	Data    json.RawMessage `json:"data"`
	Problem string          `json:"problem"`
	Error   string          `json:"error"`
	Status  string          `json:"status"`
	Code    int             `json:"code"`
}

func (e entry) String() string {
	switch e.Kind {
	case "status":
		return fmt.Sprintf("status %s %d", e.Status, e.Code)
	case "problem":
		return fmt.Sprintf("problem %s %s/%s %s %s", e.Problem, e.Stream, e.Channel, e.Event, e.Error)
	}
	return fmt.Sprintf("event %s/%s %s id=%q %s", e.Stream, e.Channel, e.Event, e.ID, e.Data)
}

// following is what the app follows, by typed keys.
type following struct {
	Items  []string `json:"items,omitempty"`
	Users  []string `json:"users,omitempty"`
	System bool     `json:"system,omitempty"`
}

// only keeps the entries of one kind, in order.
func only(log []entry, kind string) []entry {
	var out []entry
	for _, e := range log {
		if e.Kind == kind {
			out = append(out, e)
		}
	}
	return out
}

// statuses keeps the statuses of a log, in order.
func statuses(log []entry) []string {
	var out []string
	for _, e := range only(log, "status") {
		out = append(out, e.Status)
	}
	return out
}
