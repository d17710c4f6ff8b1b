package app

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"time"

	"github.com/ssegen/ssegen/examples/teamwork/board"
	"github.com/ssegen/ssegen/examples/teamwork/models/sse"
	"github.com/ssegen/ssegen/examples/teamwork/static"
	"github.com/ssegen/ssegen/runtime"
)

// DefaultBoard is the board "/" leads to.
const DefaultBoard = "main"

func (a *App) routes() (http.Handler, error) {
	a.sse = &runtime.Server{
		Hub:       a.hub,
		OnConnect: a.onConnect,
		// A short retry brings tabs back quickly after a server restart.
		Retry:  time.Second,
		Logger: a.log,
	}
	mux := http.NewServeMux()
	// The generated Mount serves the typed streams and the board HTML
	// stream.
	if err := sse.Mount(mux, a.sse); err != nil {
		return nil, err
	}
	mux.Handle("GET /static/", http.StripPrefix("/static/", http.FileServerFS(static.FS)))
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/boards/"+DefaultBoard, http.StatusFound)
	})
	mux.HandleFunc("GET /boards/{board}", a.boardOnly(a.page))
	mux.HandleFunc("POST /boards/{board}/tasks", a.boardOnly(a.add))
	mux.HandleFunc("POST /boards/{board}/tasks/{id}/toggle", a.boardOnly(a.toggle))
	mux.HandleFunc("DELETE /boards/{board}/tasks/{id}", a.boardOnly(a.delete))
	mux.HandleFunc("POST /boards/{board}/typing", a.boardOnly(a.keystroke))
	mux.HandleFunc("POST /boards/{board}/imports", a.boardOnly(a.startImport))
	mux.HandleFunc("GET /boards/{board}/imports/{job}", a.boardOnly(a.followImport))
	return mux, nil
}

// maxForm bounds a request body: a title and a name are all a form holds.
const maxForm = 16 << 10

// boardOnly answers 404 for a board name that cannot be a channel key, and
// bounds the request body.
func (a *App) boardOnly(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if !boardName.MatchString(r.PathValue("board")) {
			http.Error(w, "no such board: names are 1 to 40 of a-z, 0-9 and -", http.StatusNotFound)
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, maxForm)
		h(w, r)
	}
}

// userName is what a display name may be: the page makes one up per tab.
var userName = regexp.MustCompile(`^[A-Za-z0-9 _-]{1,32}$`)

// user is the display name the request's tab sent, or "Someone".
func user(r *http.Request) string {
	if u := r.FormValue("user"); userName.MatchString(u) {
		return u
	}
	return "Someone"
}

func (a *App) page(w http.ResponseWriter, r *http.Request) {
	b := r.PathValue("board")
	ctx := r.Context()
	tasks, err := a.store.Tasks(ctx, b)
	if err != nil {
		a.fail(w, err)
		return
	}
	online, err := a.online.total(b)
	if err != nil {
		a.fail(w, err)
		return
	}
	var n [2]byte
	rand.Read(n[:])
	v := pageView{
		Board:     b,
		User:      fmt.Sprintf("Guest-%04d", binary.BigEndian.Uint16(n[:])%10000),
		StreamURL: sse.BoardHTMLURL(b),
		TypingURL: "/boards/" + b + "/typing",
		Online:    sse.UsersOnline{BoardID: b, Count: online},
		Typing:    sse.UserTyping{BoardID: b, Typing: []string{}},
		Snapshot:  sse.BoardSnapshot{BoardID: b, Tasks: tasks},
	}
	page, err := render("page", v)
	if err != nil {
		a.fail(w, err)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Write(page)
}

func (a *App) add(w http.ResponseWriter, r *http.Request) {
	b, by := r.PathValue("board"), user(r)
	title, err := board.CleanTitle(r.FormValue("title"))
	if err != nil {
		http.Error(w, "Cannot add this task: "+err.Error()+".", http.StatusUnprocessableEntity)
		return
	}
	// The task ends the typing, so the indicator goes at once, not in 2 s.
	if err := a.typing.stop(r.Context(), b, by); err != nil {
		a.log.Error("typing: stop", "err", err)
	}
	if _, err := a.addTask(r.Context(), b, title, by); err != nil {
		a.fail(w, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (a *App) toggle(w http.ResponseWriter, r *http.Request) {
	a.change(w, r, a.toggleTask)
}

func (a *App) delete(w http.ResponseWriter, r *http.Request) {
	a.change(w, r, a.deleteTask)
}

// change runs an action on the task named in the path.
func (a *App) change(w http.ResponseWriter, r *http.Request, action func(ctx context.Context, b string, id int64, by string) (sse.Task, error)) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		http.Error(w, "task ids are positive integers", http.StatusNotFound)
		return
	}
	_, err = action(r.Context(), r.PathValue("board"), id, user(r))
	if isNotFound(err) {
		// Someone else deleted it first; the board they see is already right.
		http.Error(w, "That task is gone.", http.StatusNotFound)
		return
	}
	if err != nil {
		a.fail(w, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (a *App) keystroke(w http.ResponseWriter, r *http.Request) {
	if err := a.typing.keystroke(r.Context(), r.PathValue("board"), user(r)); err != nil {
		a.fail(w, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// fail answers 500 and logs the cause, which may name internal addresses.
func (a *App) fail(w http.ResponseWriter, err error) {
	a.log.Error("request failed", "err", err)
	http.Error(w, "The board could not be changed; try again.", http.StatusInternalServerError)
}
