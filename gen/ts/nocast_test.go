package ts

import (
	"regexp"
	"strings"
	"testing"
)

var (
	// stringsAndComments are what a cast cannot hide in: string and regexp
	// literals (without escaped quotes, which generated code has none of
	// around an "as") and comments.
	stringsAndComments = regexp.MustCompile(`(?s)/\*.*?\*/|//[^\n]*|"(?:[^"\\\n]|\\.)*"|/\^[^\n]*?\$/`)
	// cast is a type assertion `x as T`; the other form, `<T>x`, the
	// generator never writes.
	cast = regexp.MustCompile(`\bas\s+[A-Za-z_{(\[]`)
)

// TestNoTypeAssertions checks the promise that decoders narrow every value
// by a check: no generated TypeScript asserts a type with `as` (namespace
// imports, `import * as`, aside).
func TestNoTypeAssertions(t *testing.T) {
	for _, name := range goldenCases {
		for _, f := range generate(t, name) {
			if !strings.HasSuffix(f.Path, ".ts") {
				continue
			}
			// Blank out literals and comments, keeping their line breaks so
			// that line numbers stay right.
			code := stringsAndComments.ReplaceAllStringFunc(string(f.Content), func(s string) string {
				return `""` + strings.Repeat("\n", strings.Count(s, "\n"))
			})
			for i, line := range strings.Split(code, "\n") {
				if strings.HasPrefix(strings.TrimSpace(line), "import * as ") {
					continue
				}
				if cast.MatchString(line) {
					t.Errorf("%s/%s:%d has a type assertion: %s", name, f.Path, i+1, strings.TrimSpace(line))
				}
			}
		}
	}
}
