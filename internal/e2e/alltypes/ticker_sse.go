package sse

// Phase is a helper enum declared in a stream file: exported types that are
// not structs are allowed there and are not events.
type Phase string

// The phases of a tick.
const (
	PhaseStart Phase = "start"
	PhaseEnd   Phase = "end"
)

// Tick is an event of a global stream whose file has no doc comment.
type Tick struct {
	Seq   uint64 `json:"seq"`
	Level Level  `json:"level"`
	Phase Phase  `json:"phase"`
}

// Heartbeat is an event without fields: "{}" on the wire.
type Heartbeat struct{}
