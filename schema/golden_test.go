package schema_test

import (
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pmezard/go-difflib/difflib"

	"github.com/ssegen/ssegen/schema"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata from what Load returns")

// caseRoot holds one folder per schema case: the models package in in/,
// and want/model.json or want/errors.txt.
const caseRoot = "../testdata/schema"

// TestModels checks the model of the shared test schemas: the seed streams
// and the schema that uses every supported type.
func TestModels(t *testing.T) {
	for _, dir := range []string{"../testdata/seed", "../testdata/alltypes", "../testdata/realtypes"} {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			t.Parallel()
			m, err := schema.Options{BaseDir: dir}.Load(dir)
			if err != nil {
				t.Fatalf("Load(%s): %v", dir, err)
			}
			golden(t, filepath.Join(dir, "want", "model.json"), modelJSON(t, m))
		})
	}
}

// TestCases loads every case folder under testdata/schema and compares
// the model or the errors with the case's want/ folder. A new case is a
// new folder; -update writes its want/ file.
func TestCases(t *testing.T) {
	entries, err := os.ReadDir(caseRoot)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) < 30 {
		t.Errorf("found %d cases in %s, want at least 30", len(entries), caseRoot)
	}
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		dir := filepath.Join(caseRoot, e.Name())
		t.Run(e.Name(), func(t *testing.T) {
			t.Parallel()
			runCase(t, dir)
		})
	}
}

func runCase(t *testing.T, dir string) {
	m, err := schema.Options{BaseDir: dir}.Load(filepath.Join(dir, "in"))
	modelFile := filepath.Join(dir, "want", "model.json")
	errorsFile := filepath.Join(dir, "want", "errors.txt")
	if err != nil {
		var list schema.ErrorList
		if !errors.As(err, &list) {
			t.Fatalf("Load returned %T, want schema.ErrorList: %v", err, err)
		}
		if exists(modelFile) && !*update {
			t.Fatalf("Load failed, but the case expects a model:\n%v", err)
		}
		golden(t, errorsFile, scrub(t, list.Error())+"\n")
		return
	}
	if exists(errorsFile) && !*update {
		t.Fatalf("Load succeeded, but the case expects errors in %s", errorsFile)
	}
	golden(t, modelFile, modelJSON(t, m))
}

// scrub replaces absolute paths that the go command puts into some of its
// messages, so that goldens are the same on every machine.
func scrub(t *testing.T, s string) string {
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	return strings.ReplaceAll(s, root, "$ROOT")
}

func modelJSON(t *testing.T, m *schema.Model) string {
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return string(b) + "\n"
}

// golden compares got with the file, or rewrites the file under -update.
func golden(t *testing.T, file, got string) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
			t.Fatal(err)
		}
		// A case's want/ holds one of model.json and errors.txt.
		for _, other := range []string{"model.json", "errors.txt"} {
			if p := filepath.Join(filepath.Dir(file), other); p != file {
				os.Remove(p)
			}
		}
		if err := os.WriteFile(file, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("%v (run go test ./schema -update to write it)", err)
	}
	if string(want) == got {
		return
	}
	diff, _ := difflib.GetUnifiedDiffString(difflib.UnifiedDiff{
		A: difflib.SplitLines(string(want)), B: difflib.SplitLines(got),
		FromFile: file, ToFile: "got", Context: 3,
	})
	t.Errorf("%s differs (go test ./schema -update rewrites it):\n%s", file, diff)
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}
