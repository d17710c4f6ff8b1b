// Command teamwork serves the Teamwork board: a task list that every open
// tab sees change live, over ssegen streams.
//
//	go run ./examples/teamwork                      # one process, in memory
//	go run ./examples/teamwork -redis redis://127.0.0.1:6379/0   # shared
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/ssegen/ssegen/examples/teamwork/app"
	"github.com/ssegen/ssegen/examples/teamwork/board"
	"github.com/ssegen/ssegen/runtime/redisbp"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8080", "address to listen on")
	redisURL := flag.String("redis", os.Getenv("REDIS_URL"), "Redis URL to share the board between processes (default $REDIS_URL; empty keeps it in memory)")
	seed := flag.Bool("seed", true, "start an empty board with a few demo tasks")
	elmDir := flag.String("elm", "examples/teamwork/elm", "directory of the built Elm app (elm.js), served at /elm/")
	flag.Parse()
	log := slog.New(slog.NewTextHandler(os.Stderr, nil))
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, *addr, *redisURL, *seed, *elmDir, log); err != nil {
		fmt.Fprintln(os.Stderr, "teamwork:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, addr, redisURL string, seed bool, elmDir string, log *slog.Logger) error {
	cfg := app.Config{Logger: log}
	if redisURL == "" {
		cfg.Store = &board.Memory{}
	} else {
		store, err := board.NewRedis(ctx, redisURL)
		if err != nil {
			return err
		}
		defer store.Close()
		bp, err := redisbp.New(ctx, redisbp.Config{URL: redisURL})
		if err != nil {
			return err
		}
		cfg.Store, cfg.Backplane = store, bp
	}
	a, err := app.New(cfg)
	if err != nil {
		return err
	}
	defer a.Close()
	if seed {
		if err := a.Seed(ctx, app.DefaultBoard); err != nil {
			return err
		}
	}
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	mux := http.NewServeMux()
	mux.Handle("/elm/", elmHandler(elmDir))
	mux.Handle("/", a)
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	fmt.Printf("Teamwork board on http://%s/ (open it in two tabs)\n", l.Addr())
	fmt.Println(elmNote(elmDir, l.Addr().String()))
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(l) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	// Streams never end by themselves: tell them to reconnect first, then
	// stop the server.
	sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	a.Shutdown(sctx)
	if err := srv.Shutdown(sctx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
