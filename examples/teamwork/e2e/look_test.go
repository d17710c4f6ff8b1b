package e2e

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/ssegen/ssegen/examples/teamwork/app"
	"github.com/ssegen/ssegen/examples/teamwork/board"
)

// The board must look designed and stay usable at desktop and phone
// widths. These tests check layout facts a person would notice (nothing
// runs off the side, every control is on screen and labelled, text is
// readable against its background) and save screenshots: to a temporary
// directory, or to TEAMWORK_SCREENSHOTS (docs/img updates the README's).

// viewport is a screen size the board is checked at.
type viewport struct {
	name          string
	width, height int64
	mobile        bool
}

var viewports = []viewport{
	{name: "desktop", width: 1280, height: 800},
	{name: "phone", width: 390, height: 844, mobile: true},
}

// visible are the elements that must be on screen, whole, at every width.
var visible = []string{
	"h1", "#users-online .online", "#me", "#task-input", `#add-task button[type="submit"]`,
	"#task-counter", "#task-list .task-item", "#task-list button.toggle", "#task-list button.delete",
	"#import-lines", `#import button[type="submit"]`,
}

// layoutFacts is JavaScript that returns the problems it finds, one per
// line: overflow, elements off screen, form fields without a label, and
// text whose contrast with its background is below WCAG AA (4.5:1).
const layoutFacts = `(() => {
  const problems = [];
  const W = window.innerWidth;
  if (document.documentElement.scrollWidth > W) problems.push("the page is " + document.documentElement.scrollWidth + "px wide in a " + W + "px window");
  for (const sel of VISIBLE) {
    const el = document.querySelector(sel);
    if (!el) { problems.push(sel + ": missing"); continue; }
    const r = el.getBoundingClientRect();
    const cs = getComputedStyle(el);
    if (r.width < 1 || r.height < 1 || cs.visibility === "hidden" || cs.display === "none") problems.push(sel + ": not shown");
    else if (r.left < 0 || r.right > W + 0.5) problems.push(sel + ": runs off the side (" + r.left + " to " + r.right + ")");
  }
  for (const f of document.querySelectorAll("input:not([type=hidden]), textarea")) {
    if (!f.labels || f.labels.length === 0) problems.push("#" + f.id + ": no label");
  }
  const rgb = s => (s.match(/[\d.]+/g) || []).map(Number);
  const lum = c => { const [r, g, b] = c.slice(0, 3).map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); }); return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  const background = el => { for (; el; el = el.parentElement) { const c = rgb(getComputedStyle(el).backgroundColor); if (c.length === 3 || c[3] > 0.9) return c; } return [255, 255, 255]; };
  for (const sel of CONTRAST) {
    for (const el of document.querySelectorAll(sel)) {
      const fg = lum(rgb(getComputedStyle(el).color)), bg = lum(background(el));
      const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
      if (ratio < 4.5) problems.push(sel + ": contrast " + ratio.toFixed(2) + ":1 is below 4.5:1");
    }
  }
  return problems.join("\n");
})()`

// contrasted is the text whose contrast is checked.
var contrasted = []string{
	"h1", ".board-name", "#me", ".online", ".counter", ".task-title", ".task-item.done .task-title",
	"button", "#import label", "#typing .typing", ".toast", ".job-done", ".job-progress label", "#task-input",
}

// jsList writes strings as a JavaScript array.
func jsList(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = jsString(s)
	}
	return "[" + strings.Join(q, ",") + "]"
}

// TestTheBoardLooksRightAtEveryWidth shows a lived-in board (two people,
// done and open tasks, someone typing, a toast, a finished import) at
// desktop and phone widths, checks the layout facts and saves a
// screenshot of each.
func TestTheBoardLooksRightAtEveryWidth(t *testing.T) {
	browser := newBrowser(t)
	srv := startServer(t, &board.Memory{}, nil)
	if err := srv.app.Seed(context.Background(), app.DefaultBoard); err != nil {
		t.Fatal(err)
	}
	page := srv.url("/boards/" + app.DefaultBoard)
	other := openTab(t, browser, "other tab", page)
	for _, title := range board.DemoTasks[:2] {
		other.clickTaskButton(title, "toggle")
		other.waitJS(live, "the task is done", taskItem(title)+`?.classList.contains("done")`)
	}

	dir := os.Getenv("TEAMWORK_SCREENSHOTS")
	if dir == "" {
		dir = t.TempDir()
	}
	facts := strings.NewReplacer("VISIBLE", jsList(visible), "CONTRAST", jsList(contrasted)).Replace(layoutFacts)
	for _, vp := range viewports {
		t.Run(vp.name, func(t *testing.T) {
			tb := openTab(t, browser, vp.name, page)
			opts := []chromedp.EmulateViewportOption{}
			if vp.mobile {
				opts = append(opts, chromedp.EmulateMobile, chromedp.EmulateTouch, chromedp.EmulatePortrait)
			}
			tb.do(5*time.Second, chromedp.EmulateViewport(vp.width, vp.height, opts...))
			tb.waitJS(live, "the other tab counts", online(2))
			// A finished import, someone typing and a toast: the states the
			// page has, shown at once.
			tb.do(5*time.Second,
				chromedp.SetValue(chromedp.CSS("#import-lines"), "Write the launch post ("+vp.name+")"),
				chromedp.Click(chromedp.CSS(`#import button[type="submit"]`)),
			)
			tb.waitJS(5*time.Second, "the import finishes", `document.querySelector("#import-status .job-done") !== null`)
			other.do(5*time.Second, chromedp.SendKeys(chromedp.CSS("#task-input"), "Book the"))
			tb.waitJS(live, "the other tab's typing shows", `document.querySelector("#typing .typing:not(.idle)") !== null`)
			tb.waitJS(live, "a toast shows", `document.querySelector("#toasts .toast") !== null`)
			time.Sleep(400 * time.Millisecond) // the toast's fade-in
			if _, err := evalJS[bool](tb, `(window.scrollTo(0, 0), document.activeElement.blur(), true)`); err != nil {
				t.Fatal(err)
			}

			problems, err := evalJS[string](tb, facts)
			if err != nil {
				t.Fatal(err)
			}
			if problems != "" {
				t.Errorf("at %dx%d:\n%s", vp.width, vp.height, problems)
			}
			if vp.mobile {
				// One column: the import panel under the tasks.
				below, err := evalJS[bool](tb, `document.querySelector(".import-panel").getBoundingClientRect().top >= document.querySelector(".tasks-panel").getBoundingClientRect().bottom`)
				if err != nil || !below {
					t.Errorf("on a phone the import panel is not below the tasks (%v)", err)
				}
			} else {
				beside, err := evalJS[bool](tb, `document.querySelector(".import-panel").getBoundingClientRect().left >= document.querySelector(".tasks-panel").getBoundingClientRect().right`)
				if err != nil || !beside {
					t.Errorf("on a desktop the import panel is not beside the tasks (%v)", err)
				}
			}
			png, err := chromedp.Run(tb.ctx, chromedp.CaptureScreenshot())
			if err != nil {
				t.Fatal(err)
			}
			file := filepath.Join(dir, "teamwork-"+vp.name+".png")
			if err := os.WriteFile(file, png, 0o644); err != nil {
				t.Fatal(err)
			}
			t.Logf("screenshot: %s", file)
		})
	}
}

// TestTheBoardWorksFromTheKeyboard adds and ticks off a task without a
// mouse: the skip link leads to the new-task field, Enter adds, Tab
// reaches the task's buttons, and the focus is always visible.
func TestTheBoardWorksFromTheKeyboard(t *testing.T) {
	browser := newBrowser(t)
	srv := startServer(t, &board.Memory{}, nil)
	tb := openTab(t, browser, "keyboard", srv.url("/boards/keys"))
	focused := func(want string) {
		t.Helper()
		tb.waitJS(live, "focus on "+want, `document.activeElement && document.activeElement.matches(`+jsString(want)+`)`)
	}
	tb.do(5*time.Second, chromedp.KeyEvent("\t"))
	focused(".skip-link")
	shown, err := evalJS[bool](tb, `document.querySelector(".skip-link").getBoundingClientRect().top >= 0`)
	if err != nil || !shown {
		t.Fatalf("the focused skip link is off screen (%v)", err)
	}
	tb.do(5*time.Second, chromedp.KeyEvent("\t"))
	focused("#task-input")
	tb.do(5*time.Second, chromedp.KeyEvent("Water the plants"), chromedp.KeyEvent("\r"))
	tb.waitJS(live, "Enter adds the task", taskItem("Water the plants")+` !== undefined`)
	tb.waitJS(live, "htmx wires the new task's buttons", taskItem("Water the plants")+`.querySelector("button.toggle")["htmx-internal-data"] !== undefined`)
	tb.do(5*time.Second, chromedp.KeyEvent("\t"))
	focused(`#add-task button[type="submit"]`)
	tb.do(5*time.Second, chromedp.KeyEvent("\t"))
	focused("#task-list button.toggle")
	ring, err := evalJS[string](tb, `getComputedStyle(document.activeElement).boxShadow`)
	if err != nil || ring == "none" || ring == "" {
		t.Fatalf("the focused button shows no focus ring: %q (%v)", ring, err)
	}
	tb.do(5*time.Second, chromedp.KeyEvent(" "))
	tb.waitJS(live, "Space ticks the task off", taskItem("Water the plants")+`?.classList.contains("done")`)
	pressed, err := evalJS[string](tb, taskItem("Water the plants")+`.querySelector("button.toggle").getAttribute("aria-pressed")`)
	if err != nil || pressed != "true" {
		t.Fatalf("the toggle's aria-pressed is %q after ticking off (%v)", pressed, err)
	}
}
