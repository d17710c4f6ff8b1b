package e2e

import (
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/ssegen/ssegen/examples/teamwork/board"
)

// requestLog records the URLs of the requests a tab sends.
type requestLog struct {
	mu   sync.Mutex
	urls []string
}

// watchRequests starts recording the tab's requests.
func watchRequests(tb *tab) *requestLog {
	tb.t.Helper()
	l := &requestLog{}
	err := chromedp.Listen(tb.ctx, func(ev any) {
		if e, ok := ev.(*network.EventRequestWillBeSent); ok {
			l.mu.Lock()
			l.urls = append(l.urls, e.Request.Method+" "+e.Request.URL)
			l.mu.Unlock()
		}
	})
	if err != nil {
		tb.t.Fatal(err)
	}
	return l
}

// matching returns the recorded requests that contain s.
func (l *requestLog) matching(s string) []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []string
	for _, u := range l.urls {
		if strings.Contains(u, s) {
			out = append(out, u)
		}
	}
	return out
}

// TestImportShowsProgressAndEnds runs an import as a person would: the
// progress bar advances, the element ends on the result, the tasks reach
// the other tab, and no request follows the stream's close: no reconnect.
func TestImportShowsProgressAndEnds(t *testing.T) {
	browser := newBrowser(t)
	srv := startServer(t, &board.Memory{}, nil)
	page := srv.url("/boards/e2e")
	a := openTab(t, browser, "tab A", page)
	b := openTab(t, browser, "tab B", page)
	requests := watchRequests(a)

	lines := []string{"Plan the sprint", "Review the design", "Write the release notes", "Update the changelog", "Tag the release", "Plan the sprint"}
	a.do(5*time.Second,
		chromedp.SetValue(chromedp.CSS("#import-lines"), strings.Join(lines, "\n")),
		chromedp.Click(chromedp.CSS(`#import button[type="submit"]`)),
	)
	a.waitJS(2*time.Second, "the progress bar shows", `document.querySelector("#import-status progress") !== null`)

	// Watch the bar until the result replaces it: its value must rise
	// step by step, not jump from nothing to the end.
	var seen []int
	deadline := time.Now().Add(10 * time.Second)
	for {
		v, err := evalJS[int](a, `(p => p ? Number(p.value) : -1)(document.querySelector("#import-status progress"))`)
		if err != nil {
			t.Fatal(err)
		}
		if v < 0 {
			break
		}
		if len(seen) == 0 || seen[len(seen)-1] != v {
			if len(seen) > 0 && v < seen[len(seen)-1] {
				t.Fatalf("the progress went back: %v then %d", seen, v)
			}
			seen = append(seen, v)
		}
		if time.Now().After(deadline) {
			t.Fatalf("the import did not finish within 10s; progress seen: %v", seen)
		}
		time.Sleep(20 * time.Millisecond)
	}
	if len(seen) < 3 {
		t.Fatalf("saw the progress at %v only: want it to advance in steps", seen)
	}
	max, err := evalJS[string](a, `document.querySelector("#import-status .job-done") ? "" : "no result"`)
	if err != nil || max != "" {
		t.Fatalf("the element does not show the result: %v %s", err, max)
	}
	a.waitJS(live, "the result says what was imported", `document.querySelector("#import-status .job-done").textContent.includes("Imported 5 tasks; skipped 1")`)
	for _, title := range lines[:5] {
		b.waitJS(live, "the imported task shows in the other tab", taskItem(title)+` !== undefined`)
	}
	b.waitJS(live, "a toast tells the other tab", `Array.from(document.querySelectorAll("#toasts .toast")).some(t => t.textContent.includes("imported 5 tasks"))`)

	// The stream was opened once; after its close nothing asks again,
	// even well past the retry delay and htmx's own reconnect timer.
	time.Sleep(3 * time.Second)
	if got := requests.matching("/boards/e2e/imports/"); len(got) != 1 || !strings.HasPrefix(got[0], "GET ") {
		t.Fatalf("requests for the import's stream: %v, want exactly one GET", got)
	}
	a.waitJS(live, "the board's own stream is still open", `!document.body.classList.contains("offline")`)
}
