package ts

import (
	"bytes"
	"flag"
	"path/filepath"
	"testing"

	"github.com/ssegen/ssegen/gen/files"
	"github.com/ssegen/ssegen/internal/golden"
	"github.com/ssegen/ssegen/schema"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/*/want/ts")

// goldenCases are the models packages whose TypeScript output is kept under
// <case>/want/ts.
var goldenCases = []string{"seed", "alltypes", "realtypes"}

// models caches loaded testdata models: loading type-checks a package,
// which is slow on a shared machine.
var models = map[string]*schema.Model{}

// load loads a testdata models package once per test binary.
func load(t *testing.T, name string) *schema.Model {
	t.Helper()
	if m := models[name]; m != nil {
		return m
	}
	m, err := schema.Load(filepath.Join("..", "..", "testdata", name))
	if err != nil {
		t.Fatalf("load %s: %v", name, err)
	}
	models[name] = m
	return m
}

// generate loads a testdata models package and renders it.
func generate(t *testing.T, name string) []files.File {
	t.Helper()
	m := load(t, name)
	if errs := Check(m); len(errs) > 0 {
		t.Fatalf("check %s: %v", name, errs)
	}
	out, err := Generate(m, Options{})
	if err != nil {
		t.Fatalf("generate %s: %v", name, err)
	}
	return out
}

// TestGolden compares the output for every case with the committed files;
// -update rewrites them.
func TestGolden(t *testing.T) {
	for _, name := range goldenCases {
		t.Run(name, func(t *testing.T) {
			out := generate(t, name)
			dir := filepath.Join("..", "..", "testdata", name, "want", "ts")
			golden.Check(t, []files.Output{{Root: dir, Files: out}}, *update, "go test ./gen/ts -update")
		})
	}
}

// TestDeterministic guards the byte-for-byte stability that ssegen diff
// relies on: map iteration must not leak into the output.
func TestDeterministic(t *testing.T) {
	first := generate(t, "alltypes")
	for i := 0; i < 5; i++ {
		again := generate(t, "alltypes")
		for j := range first {
			if first[j].Path != again[j].Path || !bytes.Equal(first[j].Content, again[j].Content) {
				t.Fatalf("run %d: %s differs from the first run", i, first[j].Path)
			}
		}
	}
}
