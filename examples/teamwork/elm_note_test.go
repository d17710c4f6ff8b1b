package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestElmNote checks that the startup message says how to build elm.js
// while it is missing, and just where the app is once it exists.
func TestElmNote(t *testing.T) {
	dir := t.TempDir()
	missing := elmNote(dir, "127.0.0.1:8080")
	for _, want := range []string{"http://127.0.0.1:8080/elm/", "cd " + dir + " && elm make src/Main.elm --output=elm.js", "not built yet"} {
		if !strings.Contains(missing, want) {
			t.Errorf("without elm.js the note %q lacks %q", missing, want)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "elm.js"), []byte("// app"), 0o644); err != nil {
		t.Fatal(err)
	}
	built := elmNote(dir, "127.0.0.1:8080")
	if built != "The Elm version is at http://127.0.0.1:8080/elm/" {
		t.Errorf("with elm.js the note is %q", built)
	}
}
