package app

import (
	"context"
	"encoding/json"

	"github.com/ssegen/ssegen/examples/teamwork/models/sse"
	"github.com/ssegen/ssegen/runtime"
)

// typedPub publishes the typed events. TEMPORARY until the generated
// publishers land.
type typedPub struct{ p runtime.Publisher }

func (a *App) pub() typedPub { return typedPub{a.hub} }

func (t typedPub) send(ctx context.Context, stream, ch, ev string, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	_, err = t.p.Publish(ctx, stream, ch, ev, b)
	return err
}

func (t typedPub) Notification(ctx context.Context, e sse.Notification) error {
	return t.send(ctx, "notification", channel(e.BoardID), "Notification", e)
}
func (t typedPub) TaskAdded(ctx context.Context, e sse.TaskAdded) error {
	return t.send(ctx, "task", channel(e.BoardID), "TaskAdded", e)
}
func (t typedPub) TaskToggled(ctx context.Context, e sse.TaskToggled) error {
	return t.send(ctx, "task", channel(e.BoardID), "TaskToggled", e)
}
func (t typedPub) TaskDeleted(ctx context.Context, e sse.TaskDeleted) error {
	return t.send(ctx, "task", channel(e.BoardID), "TaskDeleted", e)
}
func (t typedPub) UsersOnline(ctx context.Context, e sse.UsersOnline) error {
	return t.send(ctx, "presence", channel(e.BoardID), "UsersOnline", e)
}
func (t typedPub) UserTyping(ctx context.Context, e sse.UserTyping) error {
	return t.send(ctx, "typing", channel(e.BoardID), "UserTyping", e)
}
func (t typedPub) UserStoppedTyping(ctx context.Context, e sse.UserStoppedTyping) error {
	return t.send(ctx, "typing", channel(e.BoardID), "UserStoppedTyping", e)
}

// typedStreams TEMPORARY until generated.
func typedStreams() []runtime.Stream {
	return []runtime.Stream{
		{Name: "notification", ChannelPrefix: "board:", Events: []string{"Notification"}},
		{Name: "presence", ChannelPrefix: "board:", Events: []string{"UsersOnline"}},
		{Name: "task", ChannelPrefix: "board:", Events: []string{"TaskAdded", "TaskToggled", "TaskDeleted", "BoardSnapshot"}},
		{Name: "typing", ChannelPrefix: "board:", Events: []string{"UserTyping", "UserStoppedTyping"}},
	}
}

func encodeJSON(v any) ([]byte, error) { return json.Marshal(v) }
