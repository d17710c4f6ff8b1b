package golang_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/ssegen/ssegen/gen/files"
	"github.com/ssegen/ssegen/gen/golang"
	"github.com/ssegen/ssegen/internal/golden"
	"github.com/ssegen/ssegen/schema"
)

var update = flag.Bool("update", false, "copy testdata/<case> into internal/e2e/<case> and rewrite its generated files")

// goldenCases are the models under testdata whose generated code is kept,
// compiled and run in internal/e2e/<case>: a complete models package with
// its generated files, so that go vet and the e2e tests there see real
// output.
var goldenCases = []string{"seed", "alltypes", "realtypes"}

// ownCases are models packages that live in internal/e2e/<case> itself:
// corners of encoding/json that the shared test schemas leave out.
var ownCases = []string{"edge", "fragments"}

// repoRoot is the module's root, two levels up from this package.
func repoRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	return root
}

// modelFiles lists the hand-written Go files of a models directory.
func modelFiles(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for _, p := range paths {
		if strings.HasSuffix(p, "_test.go") {
			continue
		}
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if files.Owned(filepath.Base(p), b) {
			continue
		}
		out[filepath.Base(p)] = b
	}
	return out
}

func TestGoldenOutputIsCommitted(t *testing.T) {
	root := repoRoot(t)
	for _, name := range append(goldenCases, ownCases...) {
		t.Run(name, func(t *testing.T) {
			src := filepath.Join(root, "testdata", name)
			dst := filepath.Join(root, "internal", "e2e", name)
			if slices.Contains(ownCases, name) {
				src = dst
			}
			want := modelFiles(t, src)
			if *update && src != dst {
				if err := os.MkdirAll(dst, 0o755); err != nil {
					t.Fatal(err)
				}
				for old := range modelFiles(t, dst) {
					if _, ok := want[old]; !ok {
						os.Remove(filepath.Join(dst, old))
					}
				}
				for base, b := range want {
					if err := os.WriteFile(filepath.Join(dst, base), b, 0o644); err != nil {
						t.Fatal(err)
					}
				}
			}
			got := modelFiles(t, dst)
			for base, b := range want {
				if !bytes.Equal(got[base], b) {
					t.Errorf("%s differs from testdata/%s/%s: run go test ./gen/golang -update", filepath.Join("internal/e2e", name, base), name, base)
				}
			}
			for base := range got {
				if _, ok := want[base]; !ok {
					t.Errorf("internal/e2e/%s/%s is not in testdata/%s: run go test ./gen/golang -update", name, base, name)
				}
			}

			m, err := schema.Options{BaseDir: root}.Load(dst)
			if err != nil {
				t.Fatalf("loading the model: %v", err)
			}
			gen, err := golang.Generate(m, golang.Options{})
			if err != nil {
				t.Fatalf("generating: %v", err)
			}
			again, err := golang.Generate(m, golang.Options{})
			if err != nil {
				t.Fatal(err)
			}
			for i := range gen {
				if !bytes.Equal(gen[i].Content, again[i].Content) || gen[i].Path != again[i].Path {
					t.Fatalf("%s: two runs on one model differ", gen[i].Path)
				}
				if !bytes.HasPrefix(gen[i].Content, []byte(files.GoHeader+"\n")) {
					t.Errorf("%s does not start with the generated header", gen[i].Path)
				}
				if strings.HasSuffix(gen[i].Path, "_sse.go") {
					t.Errorf("%s would be read as a stream file", gen[i].Path)
				}
			}
			golden.Check(t, []files.Output{{Root: dst, Files: gen}}, *update, "go test ./gen/golang -update")
		})
	}
}

// TestGoldenOutputElsewhere keeps the seed streams generated into another
// package, internal/e2e/seedext, where the models' types are used from
// outside: that package's tests compile and run that form.
func TestGoldenOutputElsewhere(t *testing.T) {
	root := repoRoot(t)
	models := filepath.Join(root, "internal", "e2e", "seed")
	dst := filepath.Join(root, "internal", "e2e", "seedext")
	m, err := schema.Options{BaseDir: root}.Load(models)
	if err != nil {
		t.Fatalf("loading the model: %v", err)
	}
	gen, err := golang.Generate(m, golang.Options{PkgPath: "github.com/ssegen/ssegen/internal/e2e/seedext"})
	if err != nil {
		t.Fatalf("generating: %v", err)
	}
	for _, f := range gen {
		if bytes.Contains(f.Content, []byte("func (CommentAdded)")) || bytes.Contains(f.Content, []byte("func (v CommentAdded)")) {
			t.Errorf("%s declares methods on a type of another package", f.Path)
		}
	}
	golden.Check(t, []files.Output{{Root: dst, Files: gen}}, *update, "go test ./gen/golang -update")
}
