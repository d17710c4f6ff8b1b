package cli

import (
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// inspect prints the very model that the schema package's goldens hold for
// the shared test schemas, so one -update there keeps both in step.
func TestInspectMatchesSchemaGoldens(t *testing.T) {
	for _, name := range []string{"seed", "alltypes"} {
		t.Run(name, func(t *testing.T) {
			dir := filepath.Join(repoRoot, "testdata", name)
			want := readFile(t, filepath.Join(dir, "want", "model.json"))
			if want == "" {
				t.Fatalf("no golden model in %s/want/model.json", dir)
			}
			got := run(t, dir, "inspect", "--models", ".")
			if got.code != ExitOK || got.stderr != "" {
				t.Fatalf("inspect: exit %d, stderr %q", got.code, got.stderr)
			}
			if diff := cmp.Diff(want, got.stdout); diff != "" {
				t.Errorf("inspect output (-schema golden +got):\n%s", diff)
			}
		})
	}
}
