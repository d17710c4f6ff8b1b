package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// newBrowser starts headless Chromium with a fresh profile, or fails with
// an install hint; SSEGEN_SKIP_BROWSER=1 skips instead.
func newBrowser(t *testing.T) context.Context {
	t.Helper()
	if os.Getenv("SSEGEN_SKIP_BROWSER") == "1" {
		t.Skip("SSEGEN_SKIP_BROWSER=1: browser tests skipped")
	}
	path := ""
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			path = p
			break
		}
	}
	if path == "" {
		t.Fatal("no Chromium found: install it (apt-get install chromium) or set SSEGEN_SKIP_BROWSER=1 to skip browser tests")
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		// Tabs in the background must keep their timers and streams.
		chromedp.Flag("disable-background-timer-throttling", true),
		chromedp.Flag("disable-renderer-backgrounding", true),
		chromedp.Flag("disable-backgrounding-occluded-windows", true),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	bctx, cancelBrowser := chromedp.NewContext(actx)
	t.Cleanup(func() { cancelBrowser(); cancelAlloc() })
	if err := chromedp.Do(bctx); err != nil { // starts the browser
		t.Fatalf("start chromium: %v", err)
	}
	return bctx
}

// tab is one browser tab on a board page.
type tab struct {
	t     *testing.T
	name  string
	ctx   context.Context
	close context.CancelFunc
}

// openTab opens the htmx page at url in a new tab and waits until its
// stream is open.
func openTab(t *testing.T, browser context.Context, name, url string) *tab {
	t.Helper()
	return openPage(t, browser, name, url,
		`document.querySelector("#board") && !document.body.classList.contains("offline") && document.body.dataset.synced === "true" && document.querySelector("#task-counter") !== null && window.htmx !== undefined`)
}

// openElmTab opens the Elm front end at url and waits until it is live.
func openElmTab(t *testing.T, browser context.Context, name, url string) *tab {
	t.Helper()
	return openPage(t, browser, name, url, `document.querySelector("#me")?.textContent.includes("live")`)
}

// openPage opens url in a new tab and waits until ready is true.
func openPage(t *testing.T, browser context.Context, name, url, ready string) *tab {
	t.Helper()
	ctx, cancel := chromedp.NewContext(browser)
	tb := &tab{t: t, name: name, ctx: ctx, close: cancel}
	t.Cleanup(cancel)
	// The first run opens the tab and ties it to the context it is given,
	// so it gets the tab's own context, without a time limit.
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("%s: open: %v", name, err)
	}
	tb.do(10*time.Second, chromedp.Navigate(url))
	tb.waitJS(5*time.Second, "the page is ready", ready)
	return tb
}

// do runs actions with a time limit, failing the test on error.
func (tb *tab) do(limit time.Duration, actions ...chromedp.Action[chromedp.Void]) {
	tb.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, limit)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		tb.t.Fatalf("%s: %v", tb.name, err)
	}
}

// eval evaluates a JavaScript expression in the tab.
func evalJS[T any](tb *tab, expr string) (T, error) {
	ctx, cancel := context.WithTimeout(tb.ctx, 5*time.Second)
	defer cancel()
	return chromedp.Run(ctx, chromedp.Evaluate[T](expr))
}

// waitJS waits until a JavaScript expression is true in the tab, and
// returns how long that took.
func (tb *tab) waitJS(limit time.Duration, what, expr string) time.Duration {
	tb.t.Helper()
	start := time.Now()
	var last error
	for time.Since(start) < limit {
		ok, err := evalJS[bool](tb, "Boolean("+expr+")")
		if err == nil && ok {
			return time.Since(start)
		}
		last = err
		time.Sleep(20 * time.Millisecond)
	}
	html, _ := evalJS[string](tb, `document.querySelector("#board") ? document.querySelector("#board").innerText : document.body.innerText`)
	tb.t.Fatalf("%s: not within %v: %s (last error %v); the page shows:\n%s", tb.name, limit, what, last, html)
	return 0
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// taskItem is a JavaScript expression for the list item of the task with
// this title, or undefined.
func taskItem(title string) string {
	return fmt.Sprintf(`Array.from(document.querySelectorAll("#task-list .task-item")).find(li => li.querySelector(".task-title").textContent === %s)`, jsString(title))
}

// addTask types a title into the form and submits it, as a person would.
func (tb *tab) addTask(title string) {
	tb.t.Helper()
	tb.do(5*time.Second,
		chromedp.SendKeys(chromedp.CSS("#task-input"), title),
		chromedp.Click(chromedp.CSS(`#add-task button[type="submit"]`)),
	)
}

// clickTaskButton clicks the toggle or delete button of a task.
func (tb *tab) clickTaskButton(title, button string) {
	tb.t.Helper()
	// A person cannot click a button in the instant between its swap into
	// the page and htmx wiring it up; a test can, so it waits for htmx.
	btn := fmt.Sprintf(`%s?.querySelector("button.%s")`, taskItem(title), button)
	tb.waitJS(2*time.Second, fmt.Sprintf("the %s button of %q is ready", button, title),
		btn+` && (window.htmx === undefined || `+btn+`["htmx-internal-data"] !== undefined)`)
	if _, err := evalJS[bool](tb, `(`+btn+`.click(), true)`); err != nil {
		tb.t.Fatalf("%s: click %s of %q: %v", tb.name, button, title, err)
	}
}

// online is the users-online count the tab shows.
func online(n int) string {
	return fmt.Sprintf(`document.querySelector("#users-online .online").dataset.count === "%d"`, n)
}
