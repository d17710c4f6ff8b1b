package runtime

import (
	"context"
	"net/http"
)

// This file holds the types that generated code and backplanes build on.
// Their shapes are a contract with gen/golang and runtime/redisbp: change
// them only together with those.

// Publisher publishes pre-encoded events. *Hub implements it; generated
// publishers take one so that tests can record what is published.
type Publisher interface {
	// Publish sends one event to every subscriber of the topic
	// stream + "/" + channel, on every node, and returns its id. It fails
	// when the name or channel is invalid, or when the backplane cannot
	// store the event; it never blocks on a subscriber.
	Publish(ctx context.Context, stream, channel, event string, data []byte) (id string, err error)
}

// Stream describes one stream to the HTTP handler. Generated code declares
// one per `<name>_sse.go` file.
type Stream struct {
	// Name is the stream's name, the first path segment after /sse/.
	Name string
	// ChannelPrefix is the constant part of the channel template ("item:");
	// a channel is the prefix followed by a key. Empty for a global stream,
	// whose one channel is named after the stream.
	ChannelPrefix string
	// KeyIsInteger restricts keys to decimal integers (the key field is an
	// integer type), so that "item:abc" is refused with 404.
	KeyIsInteger bool
	// Auth makes the handler ask the Authorizer before subscribing.
	Auth bool
	// Events are the event names the stream may carry.
	Events []string
}

// Authorizer decides whether a request may subscribe to a channel of a
// stream. It returns nil to allow, or an error carrying the status to
// answer (see Deny); any other error answers 403.
type Authorizer func(r *http.Request, stream, channel string) error

// Event is one published event as backplanes store and deliver it.
type Event struct {
	// Topic is stream + "/" + channel.
	Topic string
	// ID is assigned by the backplane: opaque, increasing within Topic.
	ID string
	// Name is the event name (the SSE `event:` field).
	Name string
	// Data is the event's data, already encoded (JSON or an HTML fragment).
	Data []byte
}

// Backplane stores and distributes events. The in-memory backplane serves
// one process; runtime/redisbp shares topics between processes.
type Backplane interface {
	// Publish appends an event to the topic's history, assigns its id and
	// delivers it to every Subscribe callback of the topic on every node.
	Publish(ctx context.Context, topic, name string, data []byte) (Event, error)
	// Subscribe calls deliver for each event of topic published after
	// Subscribe returns, in id order, one call at a time per subscription,
	// never blocking the publisher for long. cancel stops delivery.
	Subscribe(topic string, deliver func(Event)) (cancel func(), err error)
	// Since returns the events of topic after id, oldest first. ok is false
	// when the history no longer reaches back to id or id is unknown or
	// malformed; the caller must then tell its client to resynchronise.
	// An empty id means "from now": no events, ok true.
	Since(ctx context.Context, topic, id string) (events []Event, ok bool, err error)
	// Compare orders two ids of one topic: -1, 0 or +1. It lets the hub drop
	// a live event already sent as replay.
	Compare(a, b string) int
	// Close releases the backplane's connections and goroutines.
	Close() error
}

// PositionedSubscriber is an optional Backplane method: Subscribe that
// also returns where delivery starts, the id after which every event of
// the topic reaches deliver and none at or before it does (the id before
// the topic's first event when it has none). The hub tells it to clients
// that have no position yet, so that their first cursor names every topic
// and a reconnect before a topic's first event misses nothing. Without
// it the hub falls back to LatestIDer and drops live events up to the id
// it returns.
type PositionedSubscriber interface {
	SubscribeAt(topic string, deliver func(Event)) (cancel func(), after string, err error)
}
