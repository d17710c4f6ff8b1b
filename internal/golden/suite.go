package golden

import (
	"bytes"
	"path/filepath"
	"testing"

	"github.com/ssegen/ssegen/gen/files"
	"github.com/ssegen/ssegen/schema"
)

// Suite is the golden test of one generator: each case, a models package
// under testdata/, is checked, generated and compared with
// testdata/<case>/want/<Target>. Its tests run in gen/<Target>, two levels
// below the module root.
type Suite struct {
	// Target names the generator: its package under gen/ and its folder
	// under want/.
	Target string
	// Cases are the models packages under testdata/ whose output is kept.
	Cases []string
	// Check reports the names that clash in the target language; nil when
	// the generator has no check of its own.
	Check func(*schema.Model) schema.ErrorList
	// Generate renders a model with the generator's default options.
	Generate func(*schema.Model) ([]files.File, error)

	// models caches loaded testdata models: loading type-checks a
	// package, which is slow on a shared machine.
	models map[string]*schema.Model
}

// load loads a testdata models package once per test binary.
func (s *Suite) load(t *testing.T, name string) *schema.Model {
	t.Helper()
	if m := s.models[name]; m != nil {
		return m
	}
	m, err := schema.Load(filepath.Join("..", "..", "testdata", name))
	if err != nil {
		t.Fatalf("load %s: %v", name, err)
	}
	if s.models == nil {
		s.models = map[string]*schema.Model{}
	}
	s.models[name] = m
	return m
}

// Output loads a testdata models package, checks it and renders it.
func (s *Suite) Output(t *testing.T, name string) []files.File {
	t.Helper()
	m := s.load(t, name)
	if s.Check != nil {
		if errs := s.Check(m); len(errs) > 0 {
			t.Fatalf("check %s: %v", name, errs)
		}
	}
	out, err := s.Generate(m)
	if err != nil {
		t.Fatalf("generate %s: %v", name, err)
	}
	return out
}

// Golden compares the output for every case with the committed files;
// update rewrites them first.
func (s *Suite) Golden(t *testing.T, update bool) {
	for _, name := range s.Cases {
		t.Run(name, func(t *testing.T) {
			out := s.Output(t, name)
			dir := filepath.Join("..", "..", "testdata", name, "want", s.Target)
			Check(t, []files.Output{{Root: dir, Files: out}}, update, "go test ./gen/"+s.Target+" -update")
		})
	}
}

// Deterministic guards the byte-for-byte stability that ssegen diff
// relies on: map iteration must not leak into the output. It renders one
// case several times and fails on any difference from the first run.
func (s *Suite) Deterministic(t *testing.T, name string) {
	first := s.Output(t, name)
	for i := 0; i < 5; i++ {
		again := s.Output(t, name)
		for j := range first {
			if first[j].Path != again[j].Path || !bytes.Equal(first[j].Content, again[j].Content) {
				t.Fatalf("run %d: %s differs from the first run", i, first[j].Path)
			}
		}
	}
}
