// Package board keeps the tasks of the Teamwork boards: in memory for one
// process, or in Redis so that several server processes show one board.
package board

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/ssegen/ssegen/examples/teamwork/models/sse"
)

// ErrNotFound is returned for a task id the board does not have.
var ErrNotFound = errors.New("no such task")

// MaxTitle is the longest task title accepted, in characters.
const MaxTitle = 200

// Store holds the tasks of every board.
//
// Mutations of one board are serialised by Lock: the server holds the lock
// from the change until its events are published, so that the order of the
// events on the stream is the order of the changes, on every node.
type Store interface {
	// Tasks returns the board's tasks, oldest first.
	Tasks(ctx context.Context, board string) ([]sse.Task, error)
	// Add appends a task with the next id of the board.
	Add(ctx context.Context, board, title string) (sse.Task, error)
	// Toggle flips a task's done flag and returns the task as it is now.
	Toggle(ctx context.Context, board string, id int64) (sse.Task, error)
	// Delete removes a task and returns it as it was.
	Delete(ctx context.Context, board string, id int64) (sse.Task, error)
	// Lock waits for the board's mutation lock; the returned func releases it.
	Lock(ctx context.Context, board string) (unlock func(), err error)
	// SetTyping marks user as typing until the given time (or, with a zero
	// time, as stopped) and returns who is typing now, sorted.
	SetTyping(ctx context.Context, board, user string, until time.Time) ([]string, error)
	// Typing returns who is typing now, sorted.
	Typing(ctx context.Context, board string) ([]string, error)
	// Close releases the store's connections.
	Close() error
}

// CleanTitle trims a title and checks it, so that both stores accept the
// same titles and a bad one gets a message a person can act on.
func CleanTitle(title string) (string, error) {
	title = strings.TrimSpace(title)
	switch {
	case title == "":
		return "", errors.New("the title is empty")
	case !utf8.ValidString(title):
		return "", errors.New("the title is not valid UTF-8")
	case utf8.RuneCountInString(title) > MaxTitle:
		return "", fmt.Errorf("the title is longer than %d characters", MaxTitle)
	}
	return title, nil
}

// DemoTasks are the tasks a new board starts with when seeding is asked for.
var DemoTasks = []string{
	"Set up project repository",
	"Design the board's streams",
	"Build task endpoints",
	"Create front-end layout",
}
