package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// The bad schemas of testdata/schema (each an in/ package and its expected
// errors in want/errors.txt, shared with the schema package's tests) make
// generate, and in turn one of diff, check and inspect, print exactly those
// errors, exit 1 (2 for diff), print nothing on stdout and write nothing.
// The commands run in the case folder, as the goldens name files relative
// to it.
func TestBadSchemas(t *testing.T) {
	wants, err := filepath.Glob(filepath.Join(repoRoot, "testdata", "schema", "*", "want", "errors.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if len(wants) < 25 {
		t.Fatalf("found %d bad schemas in testdata/schema, want at least 25", len(wants))
	}
	others := []struct {
		cmd  string
		code int
	}{{"diff", ExitUsage}, {"check", ExitFailed}, {"inspect", ExitFailed}}
	for i, wantFile := range wants {
		other := others[i%len(others)]
		caseDir := filepath.Dir(filepath.Dir(wantFile))
		t.Run(filepath.Base(caseDir), func(t *testing.T) {
			golden, err := os.ReadFile(wantFile)
			if err != nil {
				t.Fatal(err)
			}
			want := strings.ReplaceAll(string(golden), "$ROOT", repoRoot)
			before := snapshot(t, caseDir)
			for _, c := range []struct {
				args []string
				code int
			}{
				{[]string{"generate", "--models", "in"}, ExitFailed},
				{[]string{other.cmd, "--models", "in"}, other.code},
			} {
				got := run(t, caseDir, c.args...)
				if got.code != c.code || got.stdout != "" {
					t.Errorf("%s: exit %d, stdout %q; want exit %d and no stdout", c.args[0], got.code, got.stdout, c.code)
				}
				if diff := cmp.Diff(want, got.stderr); diff != "" {
					t.Errorf("%s: stderr (-want +got):\n%s", c.args[0], diff)
				}
			}
			if diff := cmp.Diff(before, snapshot(t, caseDir)); diff != "" {
				t.Errorf("files changed although the schema is bad (-before +after):\n%s", diff)
			}
		})
	}
}
