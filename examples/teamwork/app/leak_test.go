package app_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/ssegen/ssegen/examples/teamwork/app"
	"github.com/ssegen/ssegen/examples/teamwork/board"
)

// TestCloseLeavesNoGoroutines checks that Shutdown and Close end the
// app's streams and its presence worker, with a typing timer pending.
func TestCloseLeavesNoGoroutines(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	a, err := app.New(app.Config{Store: &board.Memory{}, TypingTimeout: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(a)
	s := openStream(t, srv.URL+"/sse/board/board:t")
	s.nextNamed("UserTyping")
	// A typing timer that would fire only in an hour: Close must stop it.
	if code, _ := post(t, "POST", srv.URL+"/boards/t/typing?user=al", nil); code != http.StatusNoContent {
		t.Fatalf("typing: %d", code)
	}
	s.nextNamed("UserTyping")
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := a.Shutdown(ctx); err != nil {
		t.Fatal(err)
	}
	srv.Close()
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}
	http.DefaultClient.CloseIdleConnections()
}
