// Package app is the Teamwork board server: pages and actions over plain
// HTTP, live updates over ssegen streams. Every change is published twice,
// as a typed JSON event for the Elm front end and as an HTML fragment,
// rendered once by the generated sse.BoardFragments, for the htmx front
// end.
package app

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"regexp"
	"sync"
	"time"

	"github.com/ssegen/ssegen/examples/teamwork/board"
	"github.com/ssegen/ssegen/examples/teamwork/models/sse"
	"github.com/ssegen/ssegen/runtime"
)

// Config configures an App. Store is required; the rest have defaults.
type Config struct {
	// Store keeps the boards: board.Memory for one process, board.Redis to
	// share boards between processes.
	Store board.Store
	// Backplane carries the events; nil keeps them in this process.
	Backplane runtime.Backplane
	// TypingTimeout is how long after the last keystroke someone stops
	// counting as typing (default 2s).
	TypingTimeout time.Duration
	// ImportStep is the time an import takes per line (default 250ms), so
	// that its progress can be watched.
	ImportStep time.Duration
	// Logger receives errors that cannot be answered to a request.
	Logger *slog.Logger
}

// App serves the board. Create it with New; Close releases it.
type App struct {
	store   board.Store
	hub     *runtime.Hub
	log     *slog.Logger
	typing  *typingTracker
	online  *onlineCounter
	handler http.Handler
	sse     *runtime.Server
	pub     publishers
	frags   *sse.BoardFragments
	jobs    *jobs

	closeOnce sync.Once
}

// boardName is what a board may be called: it becomes a channel key and a
// URL segment, so it is kept plain.
var boardName = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,39}$`)

// New builds the board server. It fails without a store, or when the
// streams cannot be mounted: both mistakes in the program, caught at startup.
func New(cfg Config) (*App, error) {
	if cfg.Store == nil {
		return nil, errors.New("app: Config.Store is required (board.Memory or board.NewRedis)")
	}
	if cfg.TypingTimeout <= 0 {
		cfg.TypingTimeout = 2 * time.Second
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.ImportStep <= 0 {
		cfg.ImportStep = 250 * time.Millisecond
	}
	a := &App{store: cfg.Store, log: cfg.Logger}
	a.online = newOnlineCounter(a)
	a.hub = runtime.NewHub(runtime.HubConfig{
		Backplane:  cfg.Backplane,
		OnPresence: a.online.changed,
		Logger:     cfg.Logger,
	})
	a.pub = newPublishers(a.hub)
	// The fragments' templates are checked here: a missing or broken one
	// stops the app at startup rather than swapping blanks later.
	frags, err := sse.NewBoardFragments(a.hub, views)
	if err != nil {
		a.online.close()
		a.hub.Close()
		return nil, err
	}
	a.frags = frags
	a.jobs = newJobs(a, cfg.ImportStep)
	a.typing = newTypingTracker(a, cfg.TypingTimeout)
	h, err := a.routes()
	if err != nil {
		a.Close()
		return nil, err
	}
	a.handler = h
	return a, nil
}

// ServeHTTP implements http.Handler.
func (a *App) ServeHTTP(w http.ResponseWriter, r *http.Request) { a.handler.ServeHTTP(w, r) }

// Hub returns the hub the app publishes on.
func (a *App) Hub() *runtime.Hub { return a.hub }

// Close stops the app's timers and goroutines and releases the hub; it does
// not close the store, which the caller owns.
func (a *App) Close() error {
	var err error
	a.closeOnce.Do(func() {
		a.typing.close()
		a.jobs.close()
		a.online.close()
		err = a.hub.Close()
	})
	return err
}

// bg is the context for publishes that no request waits for (timers,
// presence), bounded so a stuck backplane cannot pile them up.
func bg() (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), 5*time.Second)
}

// Seed gives an empty board the demo tasks, so a first visit shows how the
// board looks. A board with tasks is left alone.
func (a *App) Seed(ctx context.Context, b string) error {
	unlock, err := a.store.Lock(ctx, b)
	if err != nil {
		return err
	}
	defer unlock()
	tasks, err := a.store.Tasks(ctx, b)
	if err != nil || len(tasks) > 0 {
		return err
	}
	for _, title := range board.DemoTasks {
		if _, err := a.store.Add(ctx, b, title); err != nil {
			return err
		}
	}
	return nil
}

// Shutdown tells every open stream to reconnect and ends it; call it
// before http.Server.Shutdown, which would otherwise wait for streams that
// never end.
func (a *App) Shutdown(ctx context.Context) error { return a.sse.Shutdown(ctx) }
