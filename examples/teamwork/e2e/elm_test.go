package e2e

import (
	"context"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/ssegen/ssegen/examples/teamwork/board"
	"github.com/ssegen/ssegen/internal/elmtool"
)

// TestElmAndHtmxTabs puts the Elm front end and the htmx page on one board.
// Elm's package server cannot be reached from CI, so elm.js cannot be built
// there: the test runs with the elm.js that TEAMWORK_ELM_JS names, or
// builds one when ELM and ELM_HOME name a compiler and a package home that
// holds the app's packages (see elmtool.Compiler), and is skipped
// otherwise.
func TestElmAndHtmxTabs(t *testing.T) {
	elmJS := os.Getenv("TEAMWORK_ELM_JS")
	if elmJS == "" {
		elmJS = buildElm(t)
	}
	browser := newBrowser(t)
	srv := startServer(t, &board.Memory{}, nil)
	// The Elm page's own files, as main serves them at /elm/.
	dir := t.TempDir()
	for _, f := range []string{"index.html", "index.js", "ssegen.js"} {
		copyFile(t, filepath.Join("..", "elm", f), filepath.Join(dir, f))
	}
	copyFile(t, elmJS, filepath.Join(dir, "elm.js"))
	srv.extra = map[string]http.Handler{"/elm/": http.StripPrefix("/elm/", http.FileServer(http.Dir(dir)))}
	srv.restart(nil)

	h := openTab(t, browser, "htmx tab", srv.url("/boards/mixed"))
	e := openElmTab(t, browser, "Elm tab", srv.url("/elm/?board=mixed"))
	h.waitJS(live, "users online counts the Elm tab", online(2))
	e.waitJS(live, "the Elm tab shows 2 users online", `document.querySelector(".online").dataset.count === "2"`)

	h.addTask("From htmx")
	e.waitJS(live, "the Elm tab shows a task added in htmx", taskItem("From htmx")+` !== undefined`)
	e.waitJS(live, "the Elm tab shows the toast", `Array.from(document.querySelectorAll("#toasts .toast")).some(t => t.textContent.includes("From htmx"))`)

	e.addTask("From <b>Elm</b>")
	h.waitJS(live, "the htmx tab shows a task added in Elm", taskItem("From <b>Elm</b>")+` !== undefined`)
	e.waitJS(live, "the Elm tab shows its own task", taskItem("From <b>Elm</b>")+` !== undefined`)

	e.clickTaskButton("From htmx", "toggle")
	h.waitJS(live, "the htmx tab shows a toggle made in Elm", taskItem("From htmx")+`?.classList.contains("done")`)
	h.clickTaskButton("From <b>Elm</b>", "delete")
	e.waitJS(live, "the Elm tab shows a delete made in htmx", taskItem("From <b>Elm</b>")+` === undefined`)

	// Typing in the Elm tab shows in the htmx tab and clears.
	e.do(5*time.Second, chromedp.SendKeys(chromedp.CSS("#task-input"), "abc"))
	h.waitJS(live, "the htmx tab shows the Elm user typing", `document.querySelector("#typing .typing:not(.idle)") !== null`)
	h.waitJS(4*time.Second, "the typing indicator clears", `document.querySelector("#typing .typing.idle") !== null`)

	// A title the server refuses shows the server's reason in Elm.
	if _, err := evalJS[bool](e, `(() => {
		const input = document.querySelector("#task-input");
		input.value = "x".repeat(201);
		input.dispatchEvent(new Event("input", { bubbles: true }));
		return true })()`); err != nil {
		t.Fatal(err)
	}
	e.do(5*time.Second, chromedp.Click(chromedp.CSS(`#add-task button[type="submit"]`)))
	e.waitJS(live, "the Elm tab shows why the server refused a title", `document.querySelector("#form-error").textContent.includes("longer than 200")`)

	// After a restart the Elm tab resyncs to the board as it is.
	srv.restart(func() {
		srv.store.Add(t.Context(), "mixed", "While down")
	})
	e.waitJS(10*time.Second, "the Elm tab has the board after a restart",
		taskItem("While down")+` !== undefined && `+taskItem("From htmx")+`?.classList.contains("done")`)
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// buildElm compiles the Elm app into a temporary directory and returns the
// path of its elm.js; it skips t when no Elm compiler is set up.
func buildElm(t *testing.T) string {
	t.Helper()
	src := filepath.Join("..", "elm")
	compiler, env := elmtool.Compiler(t, elmtool.Packages(t, filepath.Join(src, "elm.json"))...)
	dir := t.TempDir()
	if err := os.CopyFS(filepath.Join(dir, "src"), os.DirFS(filepath.Join(src, "src"))); err != nil {
		t.Fatal(err)
	}
	copyFile(t, filepath.Join(src, "elm.json"), filepath.Join(dir, "elm.json"))
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, compiler, "make", "src/Main.elm", "--output=elm.js")
	cmd.Dir, cmd.Env = dir, env
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("elm make: %v\n%s", err, out)
	}
	return filepath.Join(dir, "elm.js")
}
