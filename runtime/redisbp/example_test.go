package redisbp_test

import (
	"context"
	"log"
	"net/http"
	"os"
	"time"

	"github.com/ssegen/ssegen/runtime"
	"github.com/ssegen/ssegen/runtime/redisbp"
)

// A server process that shares its channels with every other process
// started the same way: in-memory when REDIS_URL is unset, Redis when it
// is given. Run two of them on different ports with one REDIS_URL, for
// example REDIS_URL=redis://127.0.0.1:6379/0, and an event published on
// either reaches the clients of both; a client may resume on either.
//
// (No output: the example listens forever, so go test only compiles it.)
func Example() {
	var bp runtime.Backplane // nil: the hub's in-memory default
	if url := os.Getenv("REDIS_URL"); url != "" {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		rbp, err := redisbp.New(ctx, redisbp.Config{URL: url, MaxLen: 1000, MaxAge: time.Hour})
		if err != nil {
			log.Fatal(err)
		}
		bp = rbp
	}
	hub := runtime.NewHub(runtime.HubConfig{Backplane: bp})
	defer hub.Close() // closes the backplane too

	srv := &runtime.Server{Hub: hub, Streams: []runtime.Stream{{Name: "system", Events: []string{"Notice"}}}}
	mux := http.NewServeMux()
	mux.Handle("/sse", srv)
	mux.Handle("/sse/", srv)
	log.Fatal(http.ListenAndServe(os.Getenv("ADDR"), mux))
}
