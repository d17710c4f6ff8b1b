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

// Browser starts a headless Chromium with a fresh profile and returns a
// context for its first tab. Actions bound their own time with Step, as a
// timeout on this context would stop the browser.
func Browser(t *testing.T) context.Context {
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

// Step bounds one browser action in time.
func Step(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(ctx, 20*time.Second)
}

// Open loads the page and waits for it to set window.ready.
func Open(t *testing.T, ctx context.Context, url string) {
	t.Helper()
	sctx, cancel := Step(ctx)
	defer cancel()
	if err := chromedp.Do(sctx, chromedp.Navigate(url)); err != nil {
		t.Fatalf("load %s: %v", url, err)
	}
	if _, err := chromedp.Run(sctx, chromedp.Poll[bool](`window.ready === true`, chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		t.Fatalf("the page at %s never got ready: %v", url, err)
	}
}

// Follow calls the page's window.follow with what, encoded as JSON.
func Follow(t *testing.T, ctx context.Context, what any) {
	t.Helper()
	arg, err := json.Marshal(what)
	if err != nil {
		t.Fatalf("encode %v: %v", what, err)
	}
	sctx, cancel := Step(ctx)
	defer cancel()
	if _, err := chromedp.Run(sctx, chromedp.Evaluate[chromedp.Void]("window.follow("+string(arg)+")")); err != nil {
		t.Fatalf("follow %s: %v", arg, err)
	}
}

// ReadLog returns what the page logged in window.sseLog so far.
func ReadLog[E any](t *testing.T, ctx context.Context) []E {
	t.Helper()
	sctx, cancel := Step(ctx)
	defer cancel()
	raw, err := chromedp.Run(sctx, chromedp.Evaluate[string](`JSON.stringify(window.sseLog)`))
	if err != nil {
		t.Fatalf("read the page's log: %v", err)
	}
	var log []E
	if err := json.Unmarshal([]byte(raw), &log); err != nil {
		t.Fatalf("decode the page's log %q: %v", raw, err)
	}
	return log
}

// WaitLog polls the page's log until ok accepts it.
func WaitLog[E fmt.Stringer](t *testing.T, ctx context.Context, what string, ok func([]E) bool) []E {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		log := ReadLog[E](t, ctx)
		if ok(log) {
			return log
		}
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s; the page got:\n%s", what, Dump(log))
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// Dump shows a log one entry a line, for failure messages.
func Dump[E fmt.Stringer](log []E) string {
	lines := make([]string, len(log))
	for i, e := range log {
		lines[i] = "  " + e.String()
	}
	return strings.Join(lines, "\n")
}

// NoErrors fails the test if the page saw an uncaught exception, as
// recorded in window.sseErrors.
func NoErrors(t *testing.T, ctx context.Context) {
	t.Helper()
	sctx, cancel := Step(ctx)
	defer cancel()
	errs, err := chromedp.Run(sctx, chromedp.Evaluate[[]string](`window.sseErrors`))
	if err != nil {
		t.Fatalf("read the page's errors: %v", err)
	}
	if len(errs) > 0 {
		t.Errorf("the page threw: %v", errs)
	}
}
