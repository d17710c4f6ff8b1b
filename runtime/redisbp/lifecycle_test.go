package redisbp

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/ssegen/ssegen/runtime"
	"go.uber.org/goleak"
)

// Close ends every goroutine and connection, also with subscriptions
// still open and with Redis gone, and later calls fail cleanly.
func TestCloseReleasesEverything(t *testing.T) {
	r := startRedis(t, false)
	ctx := context.Background()
	for _, redisDown := range []bool{false, true} {
		if redisDown {
			r.Stop()
			r.Restart()
		}
		// The test's own redis-server has goroutines of its own.
		ignore := goleak.IgnoreCurrent()
		b, err := New(ctx, Config{URL: r.URL()})
		if err != nil {
			t.Fatal(err)
		}
		for _, topic := range []string{"a/1", "a/2", "b/b"} {
			if _, err := b.Subscribe(topic, func(runtime.Event) {}); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := b.Publish(ctx, "a/1", "E", nil); err != nil {
			t.Fatal(err)
		}
		if redisDown {
			r.Stop()
			time.Sleep(100 * time.Millisecond) // let the node notice
		}
		done := make(chan error, 1)
		go func() { done <- b.Close() }()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("Close (Redis down %v): %v", redisDown, err)
			}
		case <-time.After(waitFor):
			t.Fatalf("Close (Redis down %v) did not return", redisDown)
		}
		goleak.VerifyNone(t, ignore)
		if err := b.Close(); err != nil {
			t.Errorf("second Close: %v", err)
		}
		if _, err := b.Publish(ctx, "a/1", "E", nil); !errors.Is(err, errClosed) {
			t.Errorf("Publish after Close: %v, want %v", err, errClosed)
		}
		if _, err := b.Subscribe("a/1", func(runtime.Event) {}); !errors.Is(err, errClosed) {
			t.Errorf("Subscribe after Close: %v, want %v", err, errClosed)
		}
		if _, _, err := b.Since(ctx, "a/1", "1-0"); !errors.Is(err, errClosed) {
			t.Errorf("Since after Close: %v, want %v", err, errClosed)
		}
	}
}

// Bad input is refused with an error that says what is wrong.
func TestBadInputIsRefused(t *testing.T) {
	r := startRedis(t, false)
	b := newNode(t, r.URL(), Config{})
	ctx := context.Background()
	for _, tc := range []struct{ topic, name, want string }{
		{"", "E", "empty topic"},
		{"a/b", "", "empty event name"},
		{"a/b", "E\nvil", "contains CR, LF or NUL"},
		{"a/b", "E\x00", "contains CR, LF or NUL"},
	} {
		if _, err := b.Publish(ctx, tc.topic, tc.name, nil); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Publish(%q, %q) = %v, want an error containing %q", tc.topic, tc.name, err, tc.want)
		}
	}
	if _, err := b.Subscribe("", func(runtime.Event) {}); err == nil {
		t.Error("Subscribe with an empty topic: no error")
	}
	if _, err := b.Subscribe("a/b", nil); err == nil {
		t.Error("Subscribe with a nil deliver: no error")
	}
}

// New checks its Config and reaches Redis before it returns.
func TestNewRefusesBadConfig(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		cfg  Config
		want string
	}{
		{Config{}, "Config.URL is empty"},
		{Config{URL: "http://127.0.0.1:1"}, "Config.URL"},
		{Config{URL: "redis://user:s3cret@[::1"}, "Config.URL"},
		{Config{URL: "redis://user:s3cret@127.0.0.1:1/x"}, "Config.URL"},
		{Config{URL: "redis://127.0.0.1:1", MaxLen: -1}, "MaxLen"},
		{Config{URL: "redis://127.0.0.1:1", MaxAge: time.Microsecond}, "MaxAge"},
		{Config{URL: "redis://127.0.0.1:1", Timeout: -time.Second}, "Timeout"},
	} {
		b, err := New(ctx, tc.cfg)
		if err == nil {
			b.Close()
			t.Errorf("New(%+v): no error, want one containing %q", tc.cfg, tc.want)
			continue
		}
		if !strings.Contains(err.Error(), tc.want) {
			t.Errorf("New(%+v) = %v, want an error containing %q", tc.cfg, err, tc.want)
		}
		if strings.Contains(err.Error(), "s3cret") {
			t.Errorf("New(%+v) error shows the password: %v", tc.cfg, err)
		}
	}

	// Nothing listens on the port of a stopped server.
	r := startRedis(t, false)
	r.Stop()
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	if b, err := New(ctx, Config{URL: r.URL()}); err == nil {
		b.Close()
		t.Error("New with Redis unreachable: no error")
	}
}

// User and password come from the URL.
func TestNewAuthenticatesFromURL(t *testing.T) {
	// app may not run INFO, which New uses to check the server's version.
	r := startRedis(t, false, "--user", "default", "off", "--user", "app", "on", ">s3cret", "~*", "&*", "+@all", "-info")
	ctx := context.Background()
	host := strings.TrimPrefix(r.URL(), "redis://")
	if b, err := New(ctx, Config{URL: "redis://app:wrong@" + host}); err == nil {
		b.Close()
		t.Error("New with a wrong password: no error")
	}
	b := newNode(t, "redis://app:s3cret@"+host+"/0", Config{})
	rec := newRecorder()
	rec.subscribe(t, b, "a/b")
	e := publish(t, b, "a/b", "E", "x")
	if got := rec.wait(t, 1); got[0].ID != e.ID {
		t.Errorf("got %v, want %v", describe(got), e)
	}
}
