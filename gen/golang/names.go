package golang

import (
	"go/token"
	"strings"
	"unicode"
)

// exportedName turns a stream name such as "comment" or "user_profile"
// into the Go name the stream's identifiers start with: "Comment",
// "UserProfile". Characters that cannot be in an identifier separate
// words.
func exportedName(s string) string {
	var b strings.Builder
	upper := true
	for _, r := range s {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			upper = true
			continue
		}
		if upper {
			r = unicode.ToUpper(r)
			upper = false
		}
		b.WriteRune(r)
	}
	out := b.String()
	if out == "" || unicode.IsDigit(rune(out[0])) {
		out = "S" + out
	}
	return out
}

// paramName turns a field name into a parameter name in Go's usual style:
// "ItemID" becomes "itemID", "ID" "id", "HTTPServer" "httpServer". A
// result that is a Go keyword becomes "key".
func paramName(field string) string {
	rs := []rune(field)
	n := 0
	for n < len(rs) && unicode.IsUpper(rs[n]) {
		n++
	}
	// In "HTTPServer" the run of capitals ends one early: the S starts
	// the next word.
	if n > 1 && n < len(rs) && unicode.IsLower(rs[n]) {
		n--
	}
	if n == 0 {
		n = 1
	}
	for i := 0; i < n && i < len(rs); i++ {
		rs[i] = unicode.ToLower(rs[i])
	}
	out := string(rs)
	if token.IsKeyword(out) || !token.IsIdentifier(out) {
		return "key"
	}
	return out
}

// htmlEscapeName writes a JSON member name as encoding/json precomputes
// it: tags cannot hold quotes or backslashes, but may hold <, > and &,
// which encoding/json escapes.
func htmlEscapeName(name string) string {
	r := strings.NewReplacer("<", `\u003c`, ">", `\u003e`, "&", `\u0026`, "\u2028", `\u2028`, "\u2029", `\u2029`)
	return r.Replace(name)
}
