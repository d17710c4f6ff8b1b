package sse

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/labstack/echo/v4"

	"github.com/ssegen/ssegen/runtime"
	"github.com/ssegen/ssegen/runtime/client"
)

// TestHandlerOnAnyRouter serves the streams through the generated Handler
// on the routers people use, each the way its documentation mounts a
// handler under a prefix, and follows a one-channel and a multiplexed
// stream through each.
func TestHandlerOnAnyRouter(t *testing.T) {
	for _, tc := range []struct {
		name string
		// prefix is srv.Prefix: the path below which the handler sees
		// the streams.
		prefix string
		// base is where a client finds them.
		base  string
		route func(h http.Handler) http.Handler
	}{
		{"StripPrefix", "/", "/events", func(h http.Handler) http.Handler {
			mux := http.NewServeMux()
			mux.Handle("/events/", http.StripPrefix("/events", h))
			mux.Handle("/events", http.StripPrefix("/events", h))
			return mux
		}},
		{"chi Mount", "/sse", "/sse", func(h http.Handler) http.Handler {
			r := chi.NewRouter()
			r.Mount("/sse", h)
			return r
		}},
		{"chi Mount elsewhere", "/api/sse", "/api/sse", func(h http.Handler) http.Handler {
			r := chi.NewRouter()
			r.Route("/api", func(r chi.Router) { r.Mount("/sse", h) })
			return r
		}},
		{"echo WrapHandler", "/sse", "/sse", func(h http.Handler) http.Handler {
			e := echo.New()
			e.Any("/sse*", echo.WrapHandler(h))
			return e
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			hub := runtime.NewHub(runtime.HubConfig{})
			srv := &runtime.Server{Hub: hub, Authorizer: bearerUser, HeartbeatInterval: -1, Prefix: tc.prefix}
			h, err := Handler(srv)
			if err != nil {
				t.Fatalf("Handler: %v", err)
			}
			ts := httptest.NewServer(tc.route(h))
			t.Cleanup(func() {
				ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
				defer cancel()
				srv.Shutdown(ctx)
				ts.Close()
				hub.Close()
			})
			s := &server{hub: hub, url: ts.URL}
			one := s.subscribe(t, tc.base+"/comment/"+CommentChannel("7"), nil)
			several := s.subscribe(t, tc.base+"?c=comment/"+CommentChannel("7")+"&c=system/"+SystemChannel(), nil)
			if _, err := NewCommentPublisher(hub).Publish(context.Background(), CommentAdded{CommentID: "c1", ItemID: "7", Text: "routed"}); err != nil {
				t.Fatal(err)
			}
			for name, sub := range map[string]*subscription{"one-channel": one, "multiplexed": several} {
				e := sub.next(t)
				data := e.Data
				if sub == several {
					var topic string
					if topic, data, err = client.SplitMux(data); err != nil || topic != "comment/"+CommentChannel("7") {
						t.Fatalf("multiplexed event of topic %q: %v", topic, err)
					}
				}
				ev, err := DecodeCommentStreamEvent(e.Name, data)
				if err != nil {
					t.Fatalf("%s stream: %v", name, err)
				}
				if added, ok := ev.(CommentAdded); !ok || added.Text != "routed" {
					t.Fatalf("%s stream got %#v", name, ev)
				}
			}
			res, err := http.Get(ts.URL + tc.base + "/comment/nope")
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			if res.StatusCode != http.StatusNotFound {
				t.Errorf("a channel that matches no template: %d, want 404", res.StatusCode)
			}
		})
	}
}

func TestHandlerRefusesWhatMountRefuses(t *testing.T) {
	hub := runtime.NewHub(runtime.HubConfig{})
	defer hub.Close()
	if _, err := Handler(&runtime.Server{Hub: hub}); err == nil {
		t.Error("Handler without an Authorizer for the notification stream succeeded")
	}
	if _, err := Handler(&runtime.Server{}); err == nil {
		t.Error("Handler without a Hub succeeded")
	}
	if _, err := Handler(nil); err == nil {
		t.Error("Handler without a Server succeeded")
	}
}
