package app

import (
	"bytes"
	"embed"
	"html/template"
	"strings"

	"github.com/ssegen/ssegen/examples/teamwork/models/sse"
)

//go:embed templates/*.html
var templateFS embed.FS

// views are parsed once; html/template escapes every value, so a task
// titled "<script>" is shown as text.
var views = template.Must(template.New("").Funcs(template.FuncMap{
	"join": strings.Join,
}).ParseFS(templateFS, "templates/*.html"))

// boardView is what the "board" fragment shows.
type boardView struct {
	Tasks                  []sse.Task
	TasksURL               string
	Total, Done, Remaining int
}

func newBoardView(tasks []sse.Task, tasksURL string) boardView {
	v := boardView{Tasks: tasks, TasksURL: tasksURL, Total: len(tasks)}
	for _, t := range tasks {
		if t.Done {
			v.Done++
		}
	}
	v.Remaining = v.Total - v.Done
	return v
}

// pageView is what the whole page shows on first load.
type pageView struct {
	Board, User                    string
	StreamURL, TasksURL, TypingURL string
	MaxTitle                       int
	Online                         int
	Typing                         []string
	View                           boardView
}

// render executes one named template into a fresh buffer.
func render(name string, data any) ([]byte, error) {
	var b bytes.Buffer
	if err := views.ExecuteTemplate(&b, name, data); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
