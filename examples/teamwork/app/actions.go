package app

import (
	"context"
	"errors"
	"fmt"

	"github.com/ssegen/ssegen/examples/teamwork/board"
	"github.com/ssegen/ssegen/examples/teamwork/models/sse"
)

// The actions hold the board's lock from the change until its events are
// published, so that on every node the events arrive in the order the
// changes were made, and the last Board fragment shows the last state.

// addTask adds a task and tells everyone.
func (a *App) addTask(ctx context.Context, b, title, by string) (sse.Task, error) {
	unlock, err := a.store.Lock(ctx, b)
	if err != nil {
		return sse.Task{}, err
	}
	defer unlock()
	t, err := a.store.Add(ctx, b, title)
	if err != nil {
		return sse.Task{}, err
	}
	if err := discardID(a.pub.task.PublishTaskAdded(ctx, sse.TaskAdded{BoardID: b, Task: t, By: by})); err != nil {
		return t, err
	}
	if err := a.publishBoard(ctx, b); err != nil {
		return t, err
	}
	return t, a.notify(ctx, b, fmt.Sprintf("%s added “%s”", by, t.Title), sse.LevelInfo)
}

// toggleTask flips a task's done flag and tells everyone.
func (a *App) toggleTask(ctx context.Context, b string, id int64, by string) (sse.Task, error) {
	unlock, err := a.store.Lock(ctx, b)
	if err != nil {
		return sse.Task{}, err
	}
	defer unlock()
	t, err := a.store.Toggle(ctx, b, id)
	if err != nil {
		return sse.Task{}, err
	}
	if err := discardID(a.pub.task.PublishTaskToggled(ctx, sse.TaskToggled{BoardID: b, TaskID: t.ID, Done: t.Done, By: by})); err != nil {
		return t, err
	}
	if err := a.publishBoard(ctx, b); err != nil {
		return t, err
	}
	if t.Done {
		return t, a.notify(ctx, b, fmt.Sprintf("%s finished “%s”", by, t.Title), sse.LevelSuccess)
	}
	return t, nil
}

// deleteTask removes a task and tells everyone.
func (a *App) deleteTask(ctx context.Context, b string, id int64, by string) (sse.Task, error) {
	unlock, err := a.store.Lock(ctx, b)
	if err != nil {
		return sse.Task{}, err
	}
	defer unlock()
	t, err := a.store.Delete(ctx, b, id)
	if err != nil {
		return sse.Task{}, err
	}
	if err := discardID(a.pub.task.PublishTaskDeleted(ctx, sse.TaskDeleted{BoardID: b, TaskID: t.ID, By: by})); err != nil {
		return t, err
	}
	if err := a.publishBoard(ctx, b); err != nil {
		return t, err
	}
	return t, a.notify(ctx, b, fmt.Sprintf("%s deleted “%s”", by, t.Title), sse.LevelWarning)
}

// isNotFound tells a missing task from a failure of the store.
func isNotFound(err error) bool { return errors.Is(err, board.ErrNotFound) }
