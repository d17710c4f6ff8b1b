package runtime

import (
	"bufio"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

func TestStreamHeadersAndConformance(t *testing.T) {
	e := newEnv(t, nil, HubConfig{})
	c := e.open(t, "/sse/comment/item:42")
	for name, want := range map[string]string{"Content-Type": "text/event-stream", "Cache-Control": "no-cache", "X-Accel-Buffering": "no"} {
		if got := c.res.Header.Get(name); got != want {
			t.Errorf("%s = %q, want %q", name, got, want)
		}
	}
	datas := []string{`{"text":"plain"}`, "line1\nline2", "cr\rlf\r\ncrlf", "", "ünï\x00cødé"}
	var ids []string
	for _, d := range datas {
		ids = append(ids, e.publish(t, "comment", "item:42", "CommentAdded", d))
	}
	e.publish(t, "comment", "item:43", "CommentAdded", "other channel")
	for i, d := range datas {
		ev := c.next(t, 5*time.Second)
		if ev.Type != "CommentAdded" || ev.Data != normalizeNewlines(d) || ev.LastEventID != ids[i] {
			t.Errorf("event %d = %+v, want id %s data %q", i, ev, ids[i], normalizeNewlines(d))
		}
	}
	for i := 1; i < len(ids); i++ {
		if e.hub.bp.Compare(ids[i-1], ids[i]) >= 0 {
			t.Errorf("ids not increasing: %s then %s", ids[i-1], ids[i])
		}
	}
}

func TestHeadersFlushedAndRetryBeforeFirstEvent(t *testing.T) {
	e := newEnv(t, &Server{Retry: 1500 * time.Millisecond}, HubConfig{})
	res := e.get(t, "/sse/system/system")
	defer res.Body.Close()
	// The response arrived with no event published: headers were flushed.
	line, err := bufio.NewReader(res.Body).ReadString('\n')
	if err != nil || line != "retry: 1500\n" {
		t.Fatalf("first line %q, %v; want retry: 1500", line, err)
	}
}

func TestStatuses(t *testing.T) {
	auth := func(r *http.Request, stream, channel string) error {
		switch Token(r, "session") {
		case "":
			return Deny(http.StatusUnauthorized, "no token")
		case "user-7":
			if channel == "user:7" {
				return nil
			}
		}
		return fmt.Errorf("not yours")
	}
	e := newEnv(t, &Server{Authorizer: auth}, HubConfig{})
	if err := e.hub.CloseChannel(t.Context(), "comment", "item:closed", "Closed", []byte("{}")); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		method, path string
		hdr          []string
		want         int
	}{
		{"POST", "/sse/comment/item:1", nil, 405},
		{"PUT", "/sse?c=system/system", nil, 405},
		{"GET", "/sse/nope/x", nil, 404},
		{"GET", "/sse/comment/post:1", nil, 404},
		{"GET", "/sse/comment/item:1/extra", nil, 404},
		{"GET", "/sse/system/other", nil, 404},
		{"GET", "/sse/user/user:abc", []string{"Authorization", "Bearer user-7"}, 404},
		{"GET", "/sse/user/user:007", []string{"Authorization", "Bearer user-7"}, 404},
		{"GET", "/sse/comment/item:" + strings.Repeat("k", 129), nil, 400},
		{"GET", "/sse/comment/item:%01", nil, 400},
		{"GET", "/sse/comment/item:a%2Fb", nil, 400},
		{"GET", "/sse/comment/item:%ff", nil, 400},
		{"GET", "/sse", nil, 400},
		{"GET", "/sse?c=%zz", nil, 400},
		{"GET", "/sse?c=nope/x", nil, 404},
		{"GET", "/sse?c=system", nil, 400},
		{"GET", "/sse?c=", nil, 400},
		{"GET", "/sse/user/user:7", nil, 401},
		{"GET", "/sse/user/user:8", []string{"Authorization", "Bearer user-7"}, 403},
		{"GET", "/sse/user/user:7?access_token=user-8", nil, 403},
		{"GET", "/sse/user/user:7?access_token=user-7", nil, 200},
		{"GET", "/sse/user/user:7", []string{"Cookie", "session=user-7"}, 200},
		{"GET", "/sse?c=system/system&c=user/user:8", []string{"Authorization", "Bearer user-7"}, 403},
		{"GET", "/sse/comment/item:closed", nil, 204},
		{"GET", "/sse?c=comment/item:closed", nil, 204},
		{"GET", "/sse/comment/item:" + strings.Repeat("k", 128), nil, 200},
	}
	for _, c := range cases {
		req, _ := http.NewRequestWithContext(t.Context(), c.method, e.ts.URL+c.path, nil)
		for i := 0; i < len(c.hdr); i += 2 {
			req.Header.Set(c.hdr[i], c.hdr[i+1])
		}
		res, err := e.ts.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != c.want {
			t.Errorf("%s %s = %d, want %d", c.method, c.path, res.StatusCode, c.want)
		}
		if c.want == 405 && res.Header.Get("Allow") != "GET" {
			t.Errorf("%s %s: Allow = %q, want GET", c.method, c.path, res.Header.Get("Allow"))
		}
	}
}

func TestLimitsAnswer503WithRetryAfter(t *testing.T) {
	e := newEnv(t, &Server{MaxSubscribers: 3, MaxSubscribersPerChannel: 2, RetryAfter: 7 * time.Second}, HubConfig{})
	e.open(t, "/sse/comment/item:1")
	e.open(t, "/sse/comment/item:1")
	res := e.get(t, "/sse/comment/item:1")
	res.Body.Close()
	if res.StatusCode != 503 || res.Header.Get("Retry-After") != "7" {
		t.Fatalf("third subscriber of a channel: %d Retry-After %q, want 503 and 7", res.StatusCode, res.Header.Get("Retry-After"))
	}
	e.open(t, "/sse/comment/item:2")
	res = e.get(t, "/sse?c=system/system")
	res.Body.Close()
	if res.StatusCode != 503 || res.Header.Get("Retry-After") == "" {
		t.Fatalf("fourth subscriber: %d, want 503 with Retry-After", res.StatusCode)
	}
	if got := e.hub.Metrics().Refused; got != 2 {
		t.Errorf("Refused = %d, want 2", got)
	}
}

func TestCORS(t *testing.T) {
	get := func(e *env, method, origin string) *http.Response {
		req, _ := http.NewRequestWithContext(t.Context(), method, e.ts.URL+"/sse/system/system", nil)
		req.Header.Set("Origin", origin)
		if method == http.MethodOptions {
			req.Header.Set("Access-Control-Request-Method", "GET")
		}
		res, err := e.ts.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res
	}
	off := newEnv(t, nil, HubConfig{})
	if res := get(off, "GET", "https://app.example"); res.Header.Get("Access-Control-Allow-Origin") != "" {
		t.Errorf("CORS off by default, got Allow-Origin %q", res.Header.Get("Access-Control-Allow-Origin"))
	}
	if res := get(off, "OPTIONS", "https://app.example"); res.StatusCode != 405 {
		t.Errorf("preflight with CORS off = %d, want 405", res.StatusCode)
	}

	on := newEnv(t, &Server{AllowedOrigins: []string{"https://app.example"}, AllowCredentials: true}, HubConfig{})
	res := get(on, "GET", "https://app.example")
	if res.Header.Get("Access-Control-Allow-Origin") != "https://app.example" || res.Header.Get("Access-Control-Allow-Credentials") != "true" || res.Header.Get("Vary") != "Origin" {
		t.Errorf("allowed origin headers: %v", res.Header)
	}
	if res := get(on, "GET", "https://evil.example"); res.Header.Get("Access-Control-Allow-Origin") != "" {
		t.Errorf("other origin got Allow-Origin %q", res.Header.Get("Access-Control-Allow-Origin"))
	}
	if res := get(on, "OPTIONS", "https://app.example"); res.StatusCode != 204 || !strings.Contains(res.Header.Get("Access-Control-Allow-Headers"), "Last-Event-ID") {
		t.Errorf("preflight = %d %v", res.StatusCode, res.Header)
	}

	anyOrigin := newEnv(t, &Server{AllowedOrigins: []string{"*"}}, HubConfig{})
	if res := get(anyOrigin, "GET", "https://x.example"); res.Header.Get("Access-Control-Allow-Origin") != "*" {
		t.Errorf("any origin: Allow-Origin %q, want *", res.Header.Get("Access-Control-Allow-Origin"))
	}
}

func TestTokensNeverLogged(t *testing.T) {
	var logs strings.Builder
	lw := &lockedWriter{w: &logs}
	e := newEnv(t, &Server{Logger: newTestLogger(lw), Authorizer: func(*http.Request, string, string) error { return nil }}, HubConfig{})
	c := e.open(t, "/sse/user/user:7?access_token=s3cr3t&my_session_key=hunter2&lastEventId=")
	c.close()
	waitFor(t, 2*time.Second, "the stream end to be logged", func() bool { return strings.Contains(lw.String(), "stream ended") })
	out := lw.String()
	if strings.Contains(out, "s3cr3t") || strings.Contains(out, "hunter2") {
		t.Fatalf("token in logs:\n%s", out)
	}
	if !strings.Contains(out, "access_token=REDACTED") {
		t.Fatalf("logs do not show the redacted URL:\n%s", out)
	}
	u, _ := url.Parse("/sse?c=a%2Fb&token=x&Access_Token=y")
	if got := RedactURL(u); got != "/sse?c=a%2Fb&token=REDACTED&Access_Token=REDACTED" {
		t.Errorf("RedactURL = %q", got)
	}
}

var _ io.Writer = (*lockedWriter)(nil)

func TestPrefixAndMissingHub(t *testing.T) {
	e := newEnv(t, &Server{Prefix: "/events/"}, HubConfig{})
	ts := newLoopbackServer(e.srv) // no router: the handler checks the prefix itself
	defer ts.Close()
	res, err := ts.Client().Get(ts.URL + "/events/system/system")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 {
		t.Fatalf("custom prefix: %d, want 200", res.StatusCode)
	}
	res, err = ts.Client().Get(ts.URL + "/eventsystem/system")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 404 {
		t.Fatalf("path outside the prefix: %d, want 404", res.StatusCode)
	}

	bare := newLoopbackServer(&Server{})
	defer bare.Close()
	res, err = bare.Client().Get(bare.URL + "/sse/system/system")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusInternalServerError {
		t.Fatalf("Server without a Hub: %d, want 500", res.StatusCode)
	}
}
