package sse

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the package when a test leaves goroutines behind: every
// server, hub and client the e2e tests start must end with them.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}
