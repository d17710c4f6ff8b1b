// Package golden compares generated files with the committed ones in tests,
// through the same diff that `ssegen diff` prints, and rewrites them when a
// test runs with -update.
package golden

import (
	"testing"

	"github.com/ssegen/ssegen/gen/files"
)

// Check fails t with a unified diff when outs differ from what is on disk
// (files changed, missing, or stale), after rewriting them first when
// update is set. rerun says how to update, e.g. "go test ./gen/elm -update".
func Check(t testing.TB, outs []files.Output, update bool, rerun string) {
	t.Helper()
	if update {
		if _, err := files.Write(outs); err != nil {
			t.Fatal(err)
		}
	}
	diff, err := files.Diff(outs)
	if err != nil {
		t.Fatal(err)
	}
	if len(diff) > 0 {
		t.Errorf("generated files differ from the committed ones (run %s and review the change):\n%s", rerun, diff)
	}
}
