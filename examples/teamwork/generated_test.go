package main

import (
	"bytes"
	"testing"

	"github.com/ssegen/ssegen/internal/cli"
)

// TestGeneratedCodeIsCurrent fails when the committed generated Go, Elm or
// JS differs from what the models generate now: run `go generate` in
// models/sse and commit the result.
func TestGeneratedCodeIsCurrent(t *testing.T) {
	var stdout, stderr bytes.Buffer
	code := cli.Run([]string{"diff", "--models", "./models/sse", "--elm-out", "./elm/src", "--js-out", "./elm"}, nil, &stdout, &stderr)
	if code != cli.ExitOK {
		t.Fatalf("ssegen diff exited %d: the generated code is stale; run go generate in examples/teamwork/models/sse\n%s%s", code, stdout.String(), stderr.String())
	}
}
