package app

import (
	"bytes"
	"embed"
	"html/template"
	"strings"

	"github.com/ssegen/ssegen/examples/teamwork/board"
	"github.com/ssegen/ssegen/examples/teamwork/models/sse"
)

//go:embed templates/*.html
var templateFS embed.FS

// views are parsed once; html/template escapes every value, so a task
// titled "<script>" is shown as text. The fragments of the board HTML
// stream are the templates named after their events (BoardSnapshot,
// UsersOnline, ...), bound and checked by sse.NewBoardFragments when the
// app starts.
var views = template.Must(template.New("").Funcs(template.FuncMap{
	"join": strings.Join,
	// swap gives templates the sse-swap names from the schema, so that a
	// misspelt name fails when the template is checked at startup.
	"swap":      func() sse.BoardSwapNames { return sse.BoardSwap },
	"tasksURL":  tasksURL,
	"count":     countTasks,
	"percent":   percent,
	"maxTitle":  func() int { return board.MaxTitle },
	"importURL": importURL,
}).ParseFS(templateFS, "templates/*.html"))

// taskCounts is what the board's counter shows.
type taskCounts struct{ Total, Done, Remaining int }

func countTasks(tasks []sse.Task) taskCounts {
	c := taskCounts{Total: len(tasks)}
	for _, t := range tasks {
		if t.Done {
			c.Done++
		}
	}
	c.Remaining = c.Total - c.Done
	return c
}

// percent is done of total as a whole percentage, 0 for an empty job.
func percent(done, total int) int {
	if total <= 0 {
		return 0
	}
	return done * 100 / total
}

// pageView is what the whole page shows on first load.
type pageView struct {
	Board, User          string
	StreamURL, TypingURL string
	Online               sse.UsersOnline
	Typing               sse.UserTyping
	Snapshot             sse.BoardSnapshot
}

// render executes one named template into a fresh buffer.
func render(name string, data any) ([]byte, error) {
	var b bytes.Buffer
	if err := views.ExecuteTemplate(&b, name, data); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
