package app_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/ssegen/ssegen/examples/teamwork/app"
	"github.com/ssegen/ssegen/examples/teamwork/board"
	"github.com/ssegen/ssegen/examples/teamwork/models/sse"
	"github.com/ssegen/ssegen/runtime"
)

// jobURL matches the stream an import's element opens.
var jobURL = regexp.MustCompile(`sse-connect="(/boards/t/imports/[0-9a-f]+)"`)

// startImport posts lines and returns the path of the job's stream.
func startImport(t *testing.T, srv *httptest.Server, lines string) string {
	t.Helper()
	code, body := post(t, "POST", srv.URL+"/boards/t/imports?user=ann", url.Values{"lines": {lines}})
	if code != http.StatusAccepted {
		t.Fatalf("import: %d %s", code, body)
	}
	m := jobURL.FindStringSubmatch(body)
	if m == nil || !strings.Contains(body, `sse-close="ImportFinished"`) || !strings.Contains(body, `sse-swap="ImportProgress,ImportFinished"`) {
		t.Fatalf("the import's element does not follow its stream to the end:\n%s", body)
	}
	return m[1]
}

// TestImportIsAFiniteStream follows an import from start to end: progress,
// the final event, the end of the stream; then a late subscriber gets the
// result at once, and a browser reconnecting after the end gets 204.
func TestImportIsAFiniteStream(t *testing.T) {
	srv, _ := newServer(t)
	path := startImport(t, srv, "one\n\n  two  \nthree\none\n")
	s := openStream(t, srv.URL+path)
	last := -1
	for {
		ev := s.next()
		if ev.Name == sse.BoardSwap.ImportFinished {
			if got := string(ev.Data); !strings.Contains(got, "Imported 3 tasks; skipped 1") {
				t.Fatalf("final fragment: %s", got)
			}
			break
		}
		if ev.Name != sse.BoardSwap.ImportProgress {
			t.Fatalf("unexpected event %s", ev.Name)
		}
		done := regexp.MustCompile(`value="(\d)"`).FindStringSubmatch(string(ev.Data))
		if done == nil || int(done[1][0]-'0') <= last || !strings.Contains(string(ev.Data), `max="4"`) {
			t.Fatalf("progress does not advance past %d: %s", last, ev.Data)
		}
		last = int(done[1][0] - '0')
	}
	// The stream ends after the final event, with the end mark as the
	// client's last id.
	select {
	case ev, ok := <-s.events:
		if ok {
			t.Fatalf("event after the final one: %+v", ev)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("the stream did not end after ImportFinished")
	}

	// A late subscriber gets the result and the end at once.
	res, err := http.Get(srv.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || !strings.Contains(string(body), "event: ImportFinished") || strings.Contains(string(body), "ImportProgress") || !strings.HasSuffix(string(body), "id: "+runtime.EndID+"\n\n") {
		t.Fatalf("late subscriber: %d\n%s", res.StatusCode, body)
	}
	// A browser reconnecting after the end is told to stop.
	req, _ := http.NewRequest("GET", srv.URL+path, nil)
	req.Header.Set("Last-Event-ID", runtime.EndID)
	res, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusNoContent {
		t.Fatalf("reconnect after the end: %d, want 204", res.StatusCode)
	}
	// The tasks are on the board, each once.
	code, page := post(t, "GET", srv.URL+"/boards/t", nil)
	if code != 200 || strings.Count(page, `class="task-title">one<`) != 1 || !strings.Contains(page, `class="task-title">two<`) {
		t.Fatalf("board after the import: %d\n%s", code, page)
	}
	// Another board does not see the job.
	if code, _ := post(t, "GET", srv.URL+strings.Replace(path, "/boards/t/", "/boards/u/", 1), nil); code != http.StatusNotFound {
		t.Fatalf("the job of board t on board u: %d, want 404", code)
	}
}

// TestCloseStopsImports checks that Close ends an import half way and
// leaves no goroutine behind.
func TestCloseStopsImports(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	a, err := app.New(app.Config{Store: &board.Memory{}, ImportStep: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(a)
	startImport(t, srv, "a\nb\n")
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := a.Shutdown(ctx); err != nil {
		t.Fatal(err)
	}
	srv.Close()
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}
}
