package app

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"iter"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/ssegen/ssegen/examples/teamwork/board"
	"github.com/ssegen/ssegen/examples/teamwork/models/sse"
	"github.com/ssegen/ssegen/runtime"
)

// An import is a finite stream: the page element that started it follows
// its progress on GET /boards/{board}/imports/{job}, served from an
// iterator by runtime.ServeSeq. The stream sends ImportProgress as lines
// are added, ImportFinished at the end, and then ends; the element's
// sse-close closes the connection on ImportFinished, and a browser that
// reconnects anyway gets 204. A subscriber that comes after the end gets
// ImportFinished at once.
//
// Jobs live in the process that runs them: with several processes behind
// a balancer, the job's stream must reach the same process (the board
// itself, and the tasks an import adds, are shared as usual).

const (
	// maxImportLines bounds one import.
	maxImportLines = 100
	// jobKept is how long a finished job still answers late subscribers.
	jobKept = 10 * time.Minute
)

// job is one import: its state and a channel closed at each change.
type job struct {
	board    string
	mu       sync.Mutex
	progress sse.ImportProgress
	finished *sse.ImportFinished
	changed  chan struct{}
}

// state returns the job's state and a channel closed at its next change.
func (j *job) state() (sse.ImportProgress, *sse.ImportFinished, <-chan struct{}) {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.progress, j.finished, j.changed
}

// update changes the job's state and wakes its followers.
func (j *job) update(f func(*job)) {
	j.mu.Lock()
	defer j.mu.Unlock()
	f(j)
	close(j.changed)
	j.changed = make(chan struct{})
}

// jobs runs the imports of one app.
type jobs struct {
	a    *App
	step time.Duration

	mu     sync.Mutex
	byID   map[string]*job
	closed bool

	ctx    context.Context // cancelled by close
	cancel context.CancelFunc
	wg     sync.WaitGroup
}

func newJobs(a *App, step time.Duration) *jobs {
	ctx, cancel := context.WithCancel(context.Background())
	return &jobs{a: a, step: step, byID: map[string]*job{}, ctx: ctx, cancel: cancel}
}

// start runs an import of titles into board by user, and returns its id.
func (js *jobs) start(b, by string, titles []string) (string, error) {
	var raw [8]byte
	rand.Read(raw[:])
	id := hex.EncodeToString(raw[:])
	j := &job{board: b, progress: sse.ImportProgress{BoardID: b, JobID: id, Total: len(titles)}, changed: make(chan struct{})}
	js.mu.Lock()
	defer js.mu.Unlock()
	if js.closed {
		return "", fmt.Errorf("imports: the app is closing")
	}
	js.byID[id] = j
	js.wg.Add(1)
	go func() {
		defer js.wg.Done()
		js.run(j, by, titles)
	}()
	return id, nil
}

// get returns the job of a board, or nil.
func (js *jobs) get(b, id string) *job {
	js.mu.Lock()
	defer js.mu.Unlock()
	j := js.byID[id]
	if j == nil || j.board != b {
		return nil
	}
	return j
}

// run adds the titles one by one, each change published as an ordinary
// add is, then tells the board with one toast.
func (js *jobs) run(j *job, by string, titles []string) {
	b := j.board
	imported, skipped := 0, 0
	for i, title := range titles {
		select {
		case <-js.ctx.Done():
			return
		case <-time.After(js.step):
		}
		if err := js.add(b, title, by); err != nil {
			js.a.log.Info("import: line skipped", "board", b, "line", i+1, "err", err)
			skipped++
		} else {
			imported++
		}
		j.update(func(j *job) { j.progress.Done = i + 1 })
	}
	id, _, _ := j.state()
	done := sse.ImportFinished{BoardID: b, JobID: id.JobID, Imported: imported, Skipped: skipped}
	j.update(func(j *job) { j.finished = &done })
	ctx, cancel := bg()
	defer cancel()
	if err := js.a.notify(ctx, b, fmt.Sprintf("%s imported %d %s", by, imported, plural(imported, "task", "tasks")), sse.LevelSuccess); err != nil {
		js.a.log.Error("import: notify", "board", b, "err", err)
	}
	// Late subscribers get the result for a while; then the job goes.
	select {
	case <-js.ctx.Done():
	case <-time.After(jobKept):
	}
	js.mu.Lock()
	delete(js.byID, done.JobID)
	js.mu.Unlock()
}

// add adds one imported task unless the board already has that title.
func (js *jobs) add(b, title, by string) error {
	ctx, cancel := bg()
	defer cancel()
	title, err := board.CleanTitle(title)
	if err != nil {
		return err
	}
	unlock, err := js.a.store.Lock(ctx, b)
	if err != nil {
		return err
	}
	defer unlock()
	tasks, err := js.a.store.Tasks(ctx, b)
	if err != nil {
		return err
	}
	for _, t := range tasks {
		if strings.EqualFold(t.Title, title) {
			return fmt.Errorf("the board already has %q", title)
		}
	}
	t, err := js.a.store.Add(ctx, b, title)
	if err != nil {
		return err
	}
	if err := discardID(js.a.pub.task.PublishTaskAdded(ctx, sse.TaskAdded{BoardID: b, Task: t, By: by})); err != nil {
		return err
	}
	return js.a.publishBoard(ctx, b)
}

// close stops every import and waits for them.
func (js *jobs) close() {
	js.mu.Lock()
	js.closed = true
	js.mu.Unlock()
	js.cancel()
	js.wg.Wait()
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// importView is the element that follows one import on the page.
type importView struct {
	URL      string
	Progress sse.ImportProgress
}

// startImport starts an import of the posted lines and answers the
// element that follows it.
func (a *App) startImport(w http.ResponseWriter, r *http.Request) {
	b := r.PathValue("board")
	var titles []string
	for line := range strings.Lines(r.FormValue("lines")) {
		if line = strings.TrimSpace(line); line != "" {
			titles = append(titles, line)
		}
	}
	switch {
	case len(titles) == 0:
		http.Error(w, "Nothing to import: paste one task per line.", http.StatusUnprocessableEntity)
		return
	case len(titles) > maxImportLines:
		http.Error(w, fmt.Sprintf("An import takes at most %d lines.", maxImportLines), http.StatusUnprocessableEntity)
		return
	}
	id, err := a.jobs.start(b, user(r), titles)
	if err != nil {
		a.fail(w, err)
		return
	}
	page, err := render("import", importView{
		URL:      importURL(b) + "/" + id,
		Progress: sse.ImportProgress{BoardID: b, JobID: id, Total: len(titles)},
	})
	if err != nil {
		a.fail(w, err)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusAccepted)
	w.Write(page)
}

// followImport streams an import's progress until it ends.
func (a *App) followImport(w http.ResponseWriter, r *http.Request) {
	j := a.jobs.get(r.PathValue("board"), r.PathValue("job"))
	if j == nil {
		http.Error(w, "No such import: it ended more than 10 minutes ago, or never began.", http.StatusNotFound)
		return
	}
	runtime.SeqOptions{Retry: time.Second, Logger: a.log}.Serve(w, r, a.importEvents(r.Context(), j))
}

// importEvents is the job's stream: its state now, each change after it,
// and the result, after which the sequence (and the stream) ends.
// Progress that comes faster than the client reads is coalesced: each
// event says where the job is now.
func (a *App) importEvents(ctx context.Context, j *job) iter.Seq[runtime.Message] {
	return func(yield func(runtime.Message) bool) {
		for {
			progress, finished, changed := j.state()
			if finished != nil {
				yield(a.frags.ImportFinishedMessage(*finished))
				return
			}
			if !yield(a.frags.ImportProgressMessage(progress)) {
				return
			}
			select {
			case <-changed:
			case <-ctx.Done():
				return
			}
		}
	}
}
