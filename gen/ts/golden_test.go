package ts

import (
	"flag"
	"testing"

	"github.com/ssegen/ssegen/gen/files"
	"github.com/ssegen/ssegen/internal/golden"
	"github.com/ssegen/ssegen/schema"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/*/want/ts")

// goldenCases are the models packages whose TypeScript output is kept under
// <case>/want/ts.
var goldenCases = []string{"seed", "alltypes", "realtypes"}

// suite generates the golden cases and compares them with the committed
// files.
var suite = &golden.Suite{
	Target: "ts",
	Cases:  goldenCases,
	Check:  Check,
	Generate: func(m *schema.Model) ([]files.File, error) {
		return Generate(m, Options{})
	},
}

// generate loads a testdata models package and renders it.
func generate(t *testing.T, name string) []files.File {
	t.Helper()
	return suite.Output(t, name)
}

// TestGolden compares the output for every case with the committed files;
// -update rewrites them.
func TestGolden(t *testing.T) { suite.Golden(t, *update) }

// TestDeterministic guards the byte-for-byte stability that ssegen diff
// relies on: map iteration must not leak into the output.
func TestDeterministic(t *testing.T) { suite.Deterministic(t, "alltypes") }
