package elm

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// reserved are Elm's keywords. A value or field named after one gets a
// trailing underscore; the wire name is unchanged.
var reserved = map[string]bool{
	"if": true, "then": true, "else": true, "case": true, "of": true,
	"let": true, "in": true, "type": true, "module": true, "where": true,
	"import": true, "exposing": true, "as": true, "port": true,
	"alias": true, "infix": true, "effect": true, "command": true,
	"subscription": true,
}

// preludeTypes are the type and constructor names every Elm module imports
// implicitly. A generated type or constructor with one of these names would
// make every use of it ambiguous, so Check refuses them.
var preludeTypes = map[string]bool{
	"Int": true, "Float": true, "Bool": true, "String": true, "Char": true,
	"List": true, "Maybe": true, "Result": true, "Order": true, "Never": true,
	"Cmd": true, "Sub": true, "Program": true, "True": true, "False": true,
	"Just": true, "Nothing": true, "Ok": true, "Err": true, "LT": true,
	"EQ": true, "GT": true,
}

// words splits a Go identifier into its words, keeping initialisms whole:
// "ItemID" is [Item ID], "HTTPStatus" is [HTTP Status], "URLs" is [URLs]
// (a lone trailing "s" after an initialism is its plural), "comment_id"
// is [comment id].
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
			// fooBar, v2Name: a new word begins at the capital.
			split = true
		case unicode.IsUpper(prev) && unicode.IsUpper(cur) && i+1 < len(rs) && unicode.IsLower(rs[i+1]):
			// HTTPStatus: the last capital of a run begins the next word,
			// unless what follows is the plural "s" of the run (URLs, IDs).
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

// lowerCamel turns a Go identifier into an Elm value or field name:
// "ItemID" becomes "itemId", "HTTPStatus" "httpStatus", "URLs" "urls".
// Reserved words get a trailing underscore.
func lowerCamel(name string) string {
	ws := words(name)
	var b strings.Builder
	for i, w := range ws {
		if i == 0 {
			b.WriteString(strings.ToLower(w))
			continue
		}
		b.WriteString(capitalize(strings.ToLower(w)))
	}
	s := b.String()
	if s == "" {
		return s
	}
	if r, _ := utf8.DecodeRuneInString(s); !unicode.IsLetter(r) {
		// Elm names begin with a letter; Go's may begin with "_".
		s = "x" + capitalize(s)
	}
	if reserved[s] {
		s += "_"
	}
	return s
}

// upperCamel turns a stream name such as "user_event" into the Elm module
// name "UserEvent".
func upperCamel(name string) string {
	var b strings.Builder
	for _, w := range words(name) {
		b.WriteString(capitalize(w))
	}
	return b.String()
}

// typeName turns a Go type or constant name into an Elm type or
// constructor name: the Go name with its first letter in upper case, so
// that names users know from Go stay recognisable.
func typeName(goName string) string {
	return capitalize(goName)
}

// capitalize upper-cases the first letter of s.
func capitalize(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}

// isModuleName reports whether s is a valid Elm module name: dot-separated
// parts that each begin with an upper-case ASCII letter.
func isModuleName(s string) bool {
	if s == "" {
		return false
	}
	for _, part := range strings.Split(s, ".") {
		if part == "" || part[0] < 'A' || part[0] > 'Z' {
			return false
		}
		for _, r := range part {
			if !(r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
				return false
			}
		}
	}
	return true
}
