package e2e

import (
	"context"
	"testing"
	"time"

	"github.com/ssegen/ssegen/examples/teamwork/board"
	"github.com/ssegen/ssegen/examples/teamwork/internal/redistest"
	"github.com/ssegen/ssegen/runtime"
	"github.com/ssegen/ssegen/runtime/redisbp"
)

// TestTwoServersOneBoard runs two server processes' worth of servers on one
// real redis-server, one tab on each: they see one board, one users-online
// count, and a restarted server's tab resumes from the shared history.
func TestTwoServersOneBoard(t *testing.T) {
	browser := newBrowser(t)
	url := redistest.Start(t)
	newServer := func() *server {
		store, err := board.NewRedis(context.Background(), url)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { store.Close() })
		return startServer(t, store, func() runtime.Backplane {
			bp, err := redisbp.New(context.Background(), redisbp.Config{URL: url})
			if err != nil {
				t.Fatalf("redis backplane: %v", err)
			}
			return bp
		})
	}
	one, two := newServer(), newServer()
	a := openTab(t, browser, "tab A on server 1", one.url("/boards/shared"))
	b := openTab(t, browser, "tab B on server 2", two.url("/boards/shared"))
	a.waitJS(2*live, "users online counts both servers' tabs", online(2))
	b.waitJS(2*live, "users online counts both servers' tabs", online(2))

	a.addTask("Shared through Redis")
	b.waitJS(live, "a task added on the other server shows", taskItem("Shared through Redis")+` !== undefined`)
	b.clickTaskButton("Shared through Redis", "toggle")
	a.waitJS(live, "a toggle on the other server shows", taskItem("Shared through Redis")+`?.classList.contains("done")`)

	// Server 2 restarts; meanwhile server 1 changes the board. Tab B comes
	// back to the board as it is now.
	two.restart(func() {
		a.addTask("While server 2 was down")
		a.waitJS(live, "the task shows on server 1", taskItem("While server 2 was down")+` !== undefined`)
	})
	b.waitJS(10*time.Second, "tab B has the board as it is after its server restarted",
		taskItem("While server 2 was down")+` !== undefined && `+taskItem("Shared through Redis")+`?.classList.contains("done")`)
	// The stopped server's tab is not counted twice: 2, not 3.
	a.waitJS(5*time.Second, "users online reads 2 after server 2 restarted", online(2))
	b.waitJS(5*time.Second, "users online reads 2 after server 2 restarted", online(2))

	a.clickTaskButton("Shared through Redis", "delete")
	b.waitJS(live, "a delete on the other server shows", taskItem("Shared through Redis")+` === undefined`)

	b.close()
	a.waitJS(3*time.Second, "users online drops to 1 when the other server's tab closes", online(1))
}
