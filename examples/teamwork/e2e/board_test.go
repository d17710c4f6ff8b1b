package e2e

import (
	"context"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/ssegen/ssegen/examples/teamwork/board"
)

// live is how soon a change in one tab must show in the other. A change
// arrives within milliseconds (the tests log how long it took); the bound
// leaves room for a loaded machine that runs the browser, the server and
// other tests on two cores, where one second proved too tight.
const live = 3 * time.Second

// TestTwoTabsOneBoard is the board as two people see it: every change in
// one tab shows in the other within moments, the users-online count
// follows the tabs, typing shows and clears, toasts appear, titles are
// text, and after a server restart both tabs show the right board again.
func TestTwoTabsOneBoard(t *testing.T) {
	browser := newBrowser(t)
	store := &board.Memory{}
	srv := startServer(t, store, nil)
	page := srv.url("/boards/e2e")

	a := openTab(t, browser, "tab A", page)
	b := openTab(t, browser, "tab B", page)
	a.waitJS(live, "users online reads 2", online(2))
	b.waitJS(live, "users online reads 2", online(2))

	// Typing shows in the other tab, and clears 2 s after the last key.
	a.do(5*time.Second, chromedp.SendKeys(chromedp.CSS("#task-input"), "Write the"))
	b.waitJS(live, "the typing indicator shows", `document.querySelector("#typing .typing:not(.idle)") !== null`)
	took := b.waitJS(4*time.Second, "the typing indicator clears", `document.querySelector("#typing .typing.idle") !== null`)
	if took < time.Second {
		t.Errorf("typing indicator cleared after %v, want about 2s after the last key", took)
	}
	if _, err := evalJS[bool](a, `(document.querySelector("#task-input").value = "") === ""`); err != nil {
		t.Fatal(err)
	}

	// Add.
	a.addTask("Write the release notes")
	t.Logf("add seen in the other tab after %v", b.waitJS(live, "the added task shows", taskItem("Write the release notes")+` !== undefined`))
	b.waitJS(live, "a toast tells who added it", `Array.from(document.querySelectorAll("#toasts .toast")).some(t => t.textContent.includes("Write the release notes"))`)
	a.waitJS(live, "the form is cleared", `document.querySelector("#task-input").value === ""`)
	b.waitJS(live, "the counter counts it", `document.querySelector("#task-counter").textContent.startsWith("1 to do · 0 done · 1 in all")`)

	// Toggle in B, seen in A.
	b.clickTaskButton("Write the release notes", "toggle")
	t.Logf("toggle seen in the other tab after %v", a.waitJS(live, "the toggled task shows done", taskItem("Write the release notes")+`?.classList.contains("done")`))
	a.waitJS(live, "the counter follows", `document.querySelector("#task-counter").textContent.startsWith("0 to do · 1 done · 1 in all")`)

	// A title with markup is shown as text and never runs.
	evil := `<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">`
	a.addTask(evil)
	for _, tb := range []*tab{a, b} {
		tb.waitJS(live, "the title with markup shows as text", taskItem(evil)+` !== undefined`)
		pwned, err := evalJS[bool](tb, `window.__pwned !== undefined || document.querySelector("#task-list script, #task-list img") !== null`)
		if err != nil || pwned {
			t.Fatalf("%s: markup in a title became live HTML (pwned=%v, err=%v)", tb.name, pwned, err)
		}
	}

	// Delete in A, gone in B.
	a.clickTaskButton("Write the release notes", "delete")
	t.Logf("delete seen in the other tab after %v", b.waitJS(live, "the deleted task is gone", taskItem("Write the release notes")+` === undefined`))

	// Restart the server on the same port. While it is down the board
	// changes behind the tabs' backs: they must catch up on reconnect.
	srv.restart(func() {
		if _, err := store.Add(context.Background(), "e2e", "Added while the server was down"); err != nil {
			t.Fatal(err)
		}
	})
	for _, tb := range []*tab{a, b} {
		took := tb.waitJS(10*time.Second, "the board is right after the restart",
			taskItem("Added while the server was down")+` !== undefined && `+taskItem(evil)+` !== undefined && `+taskItem("Write the release notes")+` === undefined`)
		t.Logf("%s right again %v after the restart", tb.name, took)
		tb.waitJS(5*time.Second, "users online reads 2 after the restart", online(2))
	}
	// And both tabs are live again.
	b.addTask("After the restart")
	a.waitJS(live, "a task added after the restart shows", taskItem("After the restart")+` !== undefined`)

	// Toasts fade: the first one, shown seconds ago, is gone.
	b.waitJS(5*time.Second, "the first toast has gone",
		`!Array.from(document.querySelectorAll("#toasts .toast")).some(t => t.textContent.includes("added “Write the release notes”"))`)

	// Closing a tab leaves one user online.
	b.close()
	a.waitJS(2*time.Second, "users online reads 1 after a tab closed", online(1))
}
