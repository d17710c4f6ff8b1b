package browsertest

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// chromium finds the browser binary. The test fails when it is missing,
// unless SSEGEN_SKIP_BROWSER=1.
func chromium(t *testing.T) string {
	t.Helper()
	if os.Getenv("SSEGEN_SKIP_BROWSER") == "1" {
		t.Skip("SSEGEN_SKIP_BROWSER=1: not running the glue in Chromium")
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Fatal("chromium not found: install it (Debian: apt-get install chromium; or run scripts/test.sh, which does), " +
		"or set SSEGEN_SKIP_BROWSER=1 to skip the browser test")
	return ""
}

// browser starts a headless Chromium with a fresh profile and returns a
// context for its first tab. Actions bound their own time with step, as a
// timeout on this context would stop the browser.
func browser(t *testing.T) context.Context {
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromium(t)),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(t.TempDir()),
	}
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelTab := chromedp.NewContext(alloc)
	t.Cleanup(func() {
		cancelTab()
		cancelAlloc()
	})
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	return ctx
}

// step bounds one browser action in time.
func step(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(ctx, 20*time.Second)
}

// entry is one thing the app logged: an event (its data re-encoded by
// the generated encoder), a problem or a status.
type entry struct {
	Kind    string          `json:"kind"`
	Stream  string          `json:"stream"`
	Channel string          `json:"channel"`
	Event   string          `json:"event"`
	ID      string          `json:"id"`
	Data    json.RawMessage `json:"data"`
	Problem string          `json:"problem"`
	Error   string          `json:"error"`
	Status  string          `json:"status"`
	Code    int             `json:"code"`
}

func (e entry) String() string {
	switch e.Kind {
	case "status":
		return fmt.Sprintf("status %s %d", e.Status, e.Code)
	case "problem":
		return fmt.Sprintf("problem %s %s/%s %s %s", e.Problem, e.Stream, e.Channel, e.Event, e.Error)
	}
	return fmt.Sprintf("event %s/%s %s id=%q %s", e.Stream, e.Channel, e.Event, e.ID, e.Data)
}

// open loads the page and waits for the app to be ready.
func open(t *testing.T, ctx context.Context, url string) {
	t.Helper()
	sctx, cancel := step(ctx)
	defer cancel()
	if err := chromedp.Do(sctx, chromedp.Navigate(url)); err != nil {
		t.Fatalf("load %s: %v", url, err)
	}
	if _, err := chromedp.Run(sctx, chromedp.Poll[bool](`window.ready === true`, chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		t.Fatalf("the page at %s never got ready: %v", url, err)
	}
}

// following is what the app follows, by typed keys.
type following struct {
	Items  []string `json:"items,omitempty"`
	Users  []string `json:"users,omitempty"`
	System bool     `json:"system,omitempty"`
}

// follow makes the app follow exactly these channels.
func follow(t *testing.T, ctx context.Context, f following) {
	t.Helper()
	arg, _ := json.Marshal(f)
	sctx, cancel := step(ctx)
	defer cancel()
	if _, err := chromedp.Run(sctx, chromedp.Evaluate[chromedp.Void]("window.follow("+string(arg)+")")); err != nil {
		t.Fatalf("follow %s: %v", arg, err)
	}
}

// readLog returns what the app logged so far.
func readLog(t *testing.T, ctx context.Context) []entry {
	t.Helper()
	sctx, cancel := step(ctx)
	defer cancel()
	raw, err := chromedp.Run(sctx, chromedp.Evaluate[string](`JSON.stringify(window.sseLog)`))
	if err != nil {
		t.Fatalf("read the page's log: %v", err)
	}
	var log []entry
	if err := json.Unmarshal([]byte(raw), &log); err != nil {
		t.Fatalf("decode the page's log %q: %v", raw, err)
	}
	return log
}

// waitLog polls the page's log until ok accepts it.
func waitLog(t *testing.T, ctx context.Context, what string, ok func([]entry) bool) []entry {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		log := readLog(t, ctx)
		if ok(log) {
			return log
		}
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s; the page got:\n%s", what, dump(log))
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func dump(log []entry) string {
	lines := make([]string, len(log))
	for i, e := range log {
		lines[i] = "  " + e.String()
	}
	return strings.Join(lines, "\n")
}

// only keeps the entries of one kind, in order.
func only(log []entry, kind string) []entry {
	var out []entry
	for _, e := range log {
		if e.Kind == kind {
			out = append(out, e)
		}
	}
	return out
}

// statuses keeps the statuses of a log, in order.
func statuses(log []entry) []string {
	var out []string
	for _, e := range only(log, "status") {
		out = append(out, e.Status)
	}
	return out
}
