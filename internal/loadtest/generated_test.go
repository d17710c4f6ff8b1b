package loadtest

import (
	"bytes"
	"testing"

	"github.com/ssegen/ssegen/internal/cli"
)

// TestGeneratedTickStreamIsCurrent fails when the committed tick stream
// differs from what the generator makes of it now, so that the load test
// measures the publisher applications get: run go generate in
// internal/loadtest/models/sse and commit the result.
func TestGeneratedTickStreamIsCurrent(t *testing.T) {
	var stdout, stderr bytes.Buffer
	code := cli.Run([]string{"diff", "--models", "./models/sse", "--targets", "go"}, nil, &stdout, &stderr)
	if code != cli.ExitOK {
		t.Fatalf("ssegen diff exited %d: the tick stream is stale; run go generate in internal/loadtest/models/sse\n%s%s", code, stdout.String(), stderr.String())
	}
}
