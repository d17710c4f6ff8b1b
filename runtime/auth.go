package runtime

import (
	"errors"
	"net/http"
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"
)

// StatusError is an Authorizer's refusal carrying the HTTP status to
// answer (401 or 403 usually).
type StatusError struct {
	Status int
	Reason string
}

// Error says what was refused and why.
func (e *StatusError) Error() string {
	return "ssegen: " + http.StatusText(e.Status) + ": " + e.Reason
}

// Deny returns an error that makes the handler answer status, with reason
// as the plain-text body; an Authorizer returns
// Deny(http.StatusUnauthorized, "log in first") when a login would help
// and Deny(http.StatusForbidden, ...) when it would not. The reason reaches
// the client as one line of at most MaxDenyReason bytes: control
// characters become spaces, so that it cannot end the line or reach a
// header. A browser's EventSource does not show it; fetch and Go clients
// (runtime/client's StatusError) do.
func Deny(status int, reason string) error {
	return &StatusError{Status: status, Reason: reason}
}

// MaxDenyReason bounds the reason of Deny sent to a client, in bytes.
const MaxDenyReason = 200

// denyReason is the body answered for an Authorizer's error: the reason
// of a StatusError, made one bounded line, else the status text (any
// other error may say what the client must not see).
func denyReason(err error, status int) string {
	var se *StatusError
	if !errors.As(err, &se) || strings.TrimSpace(se.Reason) == "" {
		return http.StatusText(status)
	}
	reason := strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' {
			return ' '
		}
		return r
	}, strings.ToValidUTF8(se.Reason, "\uFFFD"))
	reason = strings.TrimSpace(reason)
	if len(reason) > MaxDenyReason {
		cut := MaxDenyReason - len("…")
		for cut > 0 && !utf8.RuneStart(reason[cut]) {
			cut--
		}
		reason = reason[:cut] + "…"
	}
	return reason
}

// denyStatus is the status answered for an Authorizer's error: the
// status of a StatusError in its chain, else 403.
func denyStatus(err error) int {
	var se *StatusError
	if errors.As(err, &se) && se.Status >= 400 && se.Status < 600 {
		return se.Status
	}
	return http.StatusForbidden
}

// TokenQueryParam is the query parameter Token reads. EventSource cannot
// set headers, so a token travels in a cookie or in the query; the
// handler never logs its value.
const TokenQueryParam = "access_token"

// Token returns the request's credential: a bearer Authorization header,
// else the named cookie (when cookie is not empty), else the
// access_token query parameter. It returns "" when there is none.
func Token(r *http.Request, cookie string) string {
	if h := r.Header.Get("Authorization"); len(h) > 7 && strings.EqualFold(h[:7], "bearer ") {
		return strings.TrimSpace(h[7:])
	}
	if cookie != "" {
		if c, err := r.Cookie(cookie); err == nil && c.Value != "" {
			return c.Value
		}
	}
	return r.URL.Query().Get(TokenQueryParam)
}

// RedactURL returns u as a string with the values of query parameters
// that carry credentials (access_token, and any name containing "token",
// "auth", "key", "secret" or "password") replaced, for logs.
func RedactURL(u *url.URL) string {
	if u.RawQuery == "" {
		return u.String()
	}
	c := *u
	parts := strings.Split(c.RawQuery, "&")
	for i, p := range parts {
		name, _, hasValue := strings.Cut(p, "=")
		key, err := url.QueryUnescape(name)
		if err != nil {
			key = name
		}
		if hasValue && secretParam(key) {
			parts[i] = name + "=REDACTED"
		}
	}
	c.RawQuery = strings.Join(parts, "&")
	return c.String()
}

// secretParam reports whether a query parameter's name suggests a
// credential.
func secretParam(name string) bool {
	n := strings.ToLower(name)
	for _, s := range []string{"token", "auth", "key", "secret", "password", "session"} {
		if strings.Contains(n, s) {
			return true
		}
	}
	return false
}
