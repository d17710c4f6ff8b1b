package client

import (
	"testing"

	"go.uber.org/goleak"
)

// Every test must leave no goroutine behind: no reader, no timer, no
// connection of the client's own.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}
