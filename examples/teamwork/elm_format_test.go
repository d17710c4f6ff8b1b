package main

import (
	"context"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/ssegen/ssegen/internal/elmtool"
)

// TestElmSourcesFormatted checks the hand-written Elm app (Main.elm,
// Api.elm) the way the generated modules are checked: elm-format
// --validate parses every file and accepts its layout. Elm's packages are
// out of reach in CI, so this is the check of the app's syntax there.
func TestElmSourcesFormatted(t *testing.T) {
	bin := elmtool.Format(t)
	files, err := filepath.Glob(filepath.Join("elm", "src", "*.elm"))
	if err != nil || len(files) < 2 {
		t.Fatalf("the Elm app's sources are missing: %v %v", files, err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, bin, append([]string{"--validate", "--elm-version=0.19"}, files...)...).CombinedOutput()
	if err != nil {
		t.Fatalf("elm-format --validate %v: %v\n%s", files, err, out)
	}
}
