package runtime

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"
)

// FuzzServeHTTP feeds arbitrary paths, queries and resume ids to the
// handler: whatever comes, it answers one of the protocol's statuses and
// never panics.
func FuzzServeHTTP(f *testing.F) {
	f.Add("/sse/comment/item:42", "", "")
	f.Add("/sse", "c=comment/item:1&c=system/system", "comment%2Fitem%3A1=5")
	f.Add("/sse/user/user:-0", "access_token=x", "\x00")
	f.Add("/sse/system/system", "lastEventId=%zz", "")
	f.Add("/sse//", "c=/&c=//", "=&=")
	hub := NewHub(HubConfig{})
	defer hub.Close()
	srv := &Server{Hub: hub, Streams: testStreams, Authorizer: func(*http.Request, string, string) error { return nil }}
	allowed := map[int]bool{200: true, 204: true, 400: true, 401: true, 403: true, 404: true, 405: true, 503: true}
	f.Fuzz(func(t *testing.T, path, query, lastID string) {
		u := &url.URL{Scheme: "http", Host: "127.0.0.1", RawPath: path, Path: path, RawQuery: query}
		if p, err := url.PathUnescape(path); err == nil {
			u.Path = p
		}
		ctx, cancel := context.WithCancel(context.Background())
		cancel() // a stream that opens ends at once
		r := httptest.NewRequestWithContext(ctx, http.MethodGet, "/", nil)
		r.URL = u
		r.Header.Set("Last-Event-ID", lastID)
		w := httptest.NewRecorder()
		srv.ServeHTTP(w, r)
		if !allowed[w.Code] {
			t.Fatalf("GET %s?%s answered %d", path, query, w.Code)
		}
	})
}
