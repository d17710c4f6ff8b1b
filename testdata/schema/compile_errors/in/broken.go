package sse

import "strings"

// broken has errors only the type checker sees; syntax errors are tested
// in schema/load_test.go, since gofmt checks every Go file of the repo.
func broken() int {
	return missing + 1
}
