package runtime

import (
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestDenyReasonReachesTheClient: the reason of Deny is the plain-text
// body of the refusal, one bounded line that cannot reach a header; any
// other error's text stays on the server.
func TestDenyReasonReachesTheClient(t *testing.T) {
	long := strings.Repeat("é", MaxDenyReason) // two bytes each
	reasons := map[string]error{
		"login":  Deny(http.StatusUnauthorized, "log in first"),
		"inject": Deny(http.StatusUnauthorized, "bad\r\nSet-Cookie: session=stolen\r\n\r\n<script>"),
		"long":   Deny(http.StatusForbidden, long),
		"binary": Deny(http.StatusForbidden, "a\x00b\xffc\u2028d"),
		"empty":  Deny(http.StatusUnauthorized, " "),
		"plain":  errors.New("database password is hunter2"),
	}
	auth := func(r *http.Request, stream, channel string) error {
		return reasons[r.URL.Query().Get("case")]
	}
	e := newEnv(t, &Server{Authorizer: auth}, HubConfig{})
	for _, tc := range []struct {
		name   string
		status int
		body   string
	}{
		{"login", 401, "log in first"},
		{"inject", 401, "bad  Set-Cookie: session=stolen    <script>"},
		{"long", 403, strings.Repeat("é", (MaxDenyReason-len("…"))/2) + "…"},
		{"binary", 403, "a b\uFFFDc d"},
		{"empty", 401, "Unauthorized"},
		{"plain", 403, "Forbidden"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := e.get(t, "/sse/user/user:7?case="+tc.name)
			defer res.Body.Close()
			b, err := io.ReadAll(res.Body)
			if err != nil {
				t.Fatal(err)
			}
			if res.StatusCode != tc.status {
				t.Errorf("status %d, want %d", res.StatusCode, tc.status)
			}
			if ct := res.Header.Get("Content-Type"); ct != "text/plain; charset=utf-8" {
				t.Errorf("Content-Type %q, want plain text", ct)
			}
			if res.Header.Get("Set-Cookie") != "" {
				t.Errorf("the reason set a header: %v", res.Header)
			}
			body, ok := strings.CutSuffix(string(b), "\n")
			if !ok || body != tc.body {
				t.Errorf("body %q, want %q and a newline", b, tc.body)
			}
			if len(body) > MaxDenyReason || !utf8.ValidString(body) || strings.ContainsAny(body, "\r\n\x00") {
				t.Errorf("body %q is not one bounded line of UTF-8", body)
			}
		})
	}
}
