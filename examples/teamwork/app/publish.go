package app

import (
	"context"

	"github.com/ssegen/ssegen/examples/teamwork/models/sse"
)

// The htmx front end cannot decode JSON: its SSE extension swaps an
// event's data into the page as HTML. The events it shows are marked
// //ssegen:html in models/sse, so ssegen generates the board HTML stream
// and sse.BoardFragments, which renders each event once with the
// templates named after it (templates/fragments.html) and publishes the
// same bytes to every tab on every node, and, for the events both front
// ends show, the typed JSON too, in one call.

// channel is the channel of a board on every stream.
func channel(board string) string { return sse.TaskChannel(board) }

// tasksURL is where the board's tasks are changed.
func tasksURL(board string) string { return "/boards/" + board + "/tasks" }

// importURL is where imports into the board are started.
func importURL(board string) string { return "/boards/" + board + "/imports" }

// snapshot reads the board as it is in the store now.
func (a *App) snapshot(ctx context.Context, board string) (sse.BoardSnapshot, error) {
	tasks, err := a.store.Tasks(ctx, board)
	if tasks == nil {
		tasks = []sse.Task{} // an empty board, not a missing one
	}
	return sse.BoardSnapshot{BoardID: board, Tasks: tasks}, err
}

// publishBoard publishes the whole board as a fragment for the htmx page
// (the Elm app follows the typed changes instead). Sending the whole list
// rather than a patch makes every BoardSnapshot complete on its own: the
// latest one is right whatever a tab missed, replayed or saw twice.
func (a *App) publishBoard(ctx context.Context, board string) error {
	snap, err := a.snapshot(ctx, board)
	if err != nil {
		return err
	}
	return discardID(a.frags.PublishBoardSnapshotFragment(ctx, snap))
}

// notify publishes a toast to both front ends with one call.
func (a *App) notify(ctx context.Context, board, message string, level sse.Level) error {
	return a.frags.PublishNotification(ctx, sse.Notification{BoardID: board, Message: message, Level: level})
}
