package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// TestElmSourcesFormatted checks the hand-written Elm app (Main.elm,
// Api.elm) the way the generated modules are checked: elm-format
// --validate parses every file and accepts its layout. Elm's packages are
// out of reach in CI, so this is the check of the app's syntax there.
func TestElmSourcesFormatted(t *testing.T) {
	if os.Getenv("SSEGEN_SKIP_ELM_FORMAT") == "1" {
		t.Skip("SSEGEN_SKIP_ELM_FORMAT=1: not checking the Elm app with elm-format")
	}
	bin := os.Getenv("ELM_FORMAT")
	if bin == "" {
		bin, _ = exec.LookPath("elm-format")
	}
	// Where scripts/test.sh and this machine's setup install it.
	for _, p := range []string{
		filepath.Join("..", "..", ".tools", "node_modules", "@avh4", "elm-format-linux-x64", "elm-format"),
		"/opt/elmtools/node_modules/@avh4/elm-format-linux-x64/elm-format",
	} {
		if _, err := os.Stat(p); bin == "" && err == nil {
			bin = p
		}
	}
	if bin == "" {
		t.Fatal("elm-format not found: run scripts/test.sh (it installs it into .tools), put it on PATH or in $ELM_FORMAT, or set SSEGEN_SKIP_ELM_FORMAT=1")
	}
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
