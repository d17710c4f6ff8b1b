package ts

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// The naming rules are those of the Elm output, so that an app that moves
// between the two frontends meets the same names: Go type names keep their
// spelling with the first letter in upper case, fields become lowerCamelCase
// with initialisms folded.

// words splits a Go identifier into its words, keeping initialisms whole:
// "ItemID" is [Item ID], "HTTPStatus" is [HTTP Status], "URLs" is [URLs],
// "comment_id" is [comment id].
func words(name string) []string {
	var out []string
	for _, part := range strings.FieldsFunc(name, func(r rune) bool { return r == '_' }) {
		out = append(out, camelWords(part)...)
	}
	return out
}

// camelWords splits one underscore-free identifier at case changes.
func camelWords(s string) []string {
	rs := []rune(s)
	var out []string
	start := 0
	for i := 1; i < len(rs); i++ {
		prev, cur := rs[i-1], rs[i]
		split := false
		switch {
		case unicode.IsUpper(cur) && (unicode.IsLower(prev) || unicode.IsDigit(prev)):
			split = true
		case unicode.IsUpper(prev) && unicode.IsUpper(cur) && i+1 < len(rs) && unicode.IsLower(rs[i+1]):
			// HTTPStatus splits before "Status", URLs stays whole.
			plural := rs[i+1] == 's' && (i+2 == len(rs) || !unicode.IsLower(rs[i+2]))
			split = !plural
		}
		if split {
			out = append(out, string(rs[start:i]))
			start = i
		}
	}
	return append(out, string(rs[start:]))
}

// lowerCamel turns a Go field name into a property name: "ItemID" becomes
// "itemId", "HTTPStatus" "httpStatus". Reserved words are fine as
// TypeScript property names and stay as they are.
func lowerCamel(name string) string {
	var b strings.Builder
	for i, w := range words(name) {
		if i == 0 {
			b.WriteString(strings.ToLower(w))
			continue
		}
		b.WriteString(capitalize(strings.ToLower(w)))
	}
	s := b.String()
	if r, _ := utf8.DecodeRuneInString(s); s != "" && !unicode.IsLetter(r) {
		s = "x" + capitalize(s)
	}
	return s
}

// upperCamel turns a stream name such as "user_event" into "UserEvent".
func upperCamel(name string) string {
	var b strings.Builder
	for _, w := range words(name) {
		b.WriteString(capitalize(w))
	}
	return b.String()
}

// typeName is the TypeScript type of a Go type or event: its Go name with
// the first letter in upper case, so that it never meets TypeScript's
// lower-case primitive type names.
func typeName(goName string) string { return capitalize(goName) }

// capitalize upper-cases the first letter of s.
func capitalize(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}
