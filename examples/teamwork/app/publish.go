package app

import (
	"context"
	"fmt"

	"github.com/ssegen/ssegen/examples/teamwork/models/sse"
	"github.com/ssegen/ssegen/runtime"
)

// The htmx front end cannot decode JSON: its SSE extension swaps an event's
// data into the page as HTML. So every change is also published on the
// "html" stream as a fragment, rendered once here and shared by every
// connection on every node. The stream is declared by hand beside the
// generated ones: its events are views, not data, and have no Go struct.
const htmlStreamName = "html"

// The events of the html stream, named after the element they fill.
const (
	htmlBoard       = "Board"       // the task list and its counter
	htmlUsersOnline = "UsersOnline" // the users-online badge
	htmlTyping      = "Typing"      // who is typing
	htmlToast       = "Toast"       // one toast, added on top of the others
)

// htmlStream describes the html stream to the runtime's handler.
var htmlStream = runtime.Stream{
	Name:          htmlStreamName,
	ChannelPrefix: "board:",
	Events:        []string{htmlBoard, htmlUsersOnline, htmlTyping, htmlToast},
}

// channel is the channel of a board on every stream.
func channel(board string) string { return "board:" + board }

// tasksURL is where the board's tasks are changed.
func tasksURL(board string) string { return "/boards/" + board + "/tasks" }

// publishHTML renders a fragment once and publishes it on the html stream.
func (a *App) publishHTML(ctx context.Context, board, event, tmpl string, data any) error {
	frag, err := render(tmpl, data)
	if err != nil {
		return fmt.Errorf("render %s: %w", tmpl, err)
	}
	if _, err := a.hub.Publish(ctx, htmlStreamName, channel(board), event, frag); err != nil {
		return fmt.Errorf("publish %s: %w", event, err)
	}
	return nil
}

// boardFragment renders the board as it is in the store now.
func (a *App) boardFragment(ctx context.Context, board string) ([]byte, error) {
	tasks, err := a.store.Tasks(ctx, board)
	if err != nil {
		return nil, err
	}
	return render("board", newBoardView(tasks, tasksURL(board)))
}

// publishBoard publishes the whole board as one fragment. Sending the whole
// list rather than a patch makes every Board event complete on its own:
// the latest one is right whatever a tab missed, replayed or saw twice.
func (a *App) publishBoard(ctx context.Context, board string) error {
	frag, err := a.boardFragment(ctx, board)
	if err != nil {
		return err
	}
	_, err = a.hub.Publish(ctx, htmlStreamName, channel(board), htmlBoard, frag)
	return err
}

// notify publishes a toast to both front ends.
func (a *App) notify(ctx context.Context, board, message string, level sse.Level) error {
	n := sse.Notification{BoardID: board, Message: message, Level: level}
	if err := discardID(a.pub.notification.PublishNotification(ctx, n)); err != nil {
		return err
	}
	return a.publishHTML(ctx, board, htmlToast, "toast", n)
}
