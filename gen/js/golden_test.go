package js

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/ssegen/ssegen/gen/files"
	"github.com/ssegen/ssegen/schema"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/*/want/js")

// goldenCases are the models packages whose Elm output is kept under
// <case>/want/elm.
var goldenCases = []string{"seed", "alltypes"}

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
			dir := filepath.Join("..", "..", "testdata", name, "want", "js")
			if *update {
				if err := os.RemoveAll(dir); err != nil {
					t.Fatal(err)
				}
				for _, f := range out {
					path := filepath.Join(dir, filepath.FromSlash(f.Path))
					if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
						t.Fatal(err)
					}
					if err := os.WriteFile(path, f.Content, 0o644); err != nil {
						t.Fatal(err)
					}
				}
			}
			var want []string
			err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
				if err == nil && !d.IsDir() {
					rel, _ := filepath.Rel(dir, path)
					want = append(want, filepath.ToSlash(rel))
				}
				return err
			})
			if err != nil {
				t.Fatalf("read goldens (run go test ./gen/js -update to create them): %v", err)
			}
			var got []string
			for _, f := range out {
				got = append(got, f.Path)
				wantContent, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(f.Path)))
				if err != nil {
					t.Errorf("%s: no golden file (run go test ./gen/js -update): %v", f.Path, err)
					continue
				}
				if !bytes.Equal(f.Content, wantContent) {
					t.Errorf("%s differs from its golden file; run go test ./gen/js -update and review the diff", f.Path)
				}
			}
			sort.Strings(got)
			if !equalStrings(got, want) {
				t.Errorf("generated files %v, golden files %v", got, want)
			}
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

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
