package app

import (
	"github.com/ssegen/ssegen/examples/teamwork/models/sse"
	"github.com/ssegen/ssegen/runtime"
)

// publishers are the generated typed publishers of the board's streams:
// each routes an event to its board's channel and encodes it without
// reflection.
type publishers struct {
	task         sse.TaskPublisher
	presence     sse.PresencePublisher
	typing       sse.TypingPublisher
	notification sse.NotificationPublisher
}

func newPublishers(p runtime.Publisher) publishers {
	return publishers{
		task:         sse.NewTaskPublisher(p),
		presence:     sse.NewPresencePublisher(p),
		typing:       sse.NewTypingPublisher(p),
		notification: sse.NewNotificationPublisher(p),
	}
}

// typedEvent is what every generated event type has.
type typedEvent interface {
	EventName() string
	AppendJSON(b []byte) ([]byte, error)
}

// sendTyped sends a typed event as part of a connect snapshot.
func sendTyped(s *runtime.Snapshot, ev typedEvent) error {
	data, err := ev.AppendJSON(nil)
	if err != nil {
		return err
	}
	return s.Send(ev.EventName(), data)
}

// discardID drops the id a publish returns: the board does not need it.
func discardID(_ string, err error) error { return err }
