package scaffold

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// The example streams are those of testdata/seed, byte for byte, so that
// what users start from is what the tests exercise.
func TestStreamsAreTheSeed(t *testing.T) {
	files, err := Files(Params{Package: "sse", GenerateArgs: []string{"--models", "."}})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range files {
		names = append(names, f.Name)
		if f.Name == "doc.go" {
			continue
		}
		want, err := os.ReadFile(filepath.Join("..", "..", "testdata", "seed", f.Name))
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(string(want), string(f.Content)); diff != "" {
			t.Errorf("%s differs from testdata/seed (-seed +scaffold):\n%s", f.Name, diff)
		}
	}
	want := []string{"comment_sse.go", "doc.go", "notification_sse.go", "system_sse.go"}
	if diff := cmp.Diff(want, names); diff != "" {
		t.Errorf("files (-want +got):\n%s", diff)
	}
}

func TestDocCarriesTheDirective(t *testing.T) {
	files, err := Files(Params{Package: "events", GenerateArgs: []string{"--models", ".", "--elm-out", "../../frontend/src"}})
	if err != nil {
		t.Fatal(err)
	}
	var doc string
	for _, f := range files {
		if !strings.Contains(string(f.Content), "package events\n") {
			t.Errorf("%s does not declare package events", f.Name)
		}
		if f.Name == "doc.go" {
			doc = string(f.Content)
		}
	}
	for _, want := range []string{
		"\n//go:generate go tool ssegen generate --models . --elm-out ../../frontend/src\n",
		"\n//\tgo run github.com/ssegen/ssegen/cmd/ssegen generate --models . --elm-out ../../frontend/src\n",
		"go get -tool github.com/ssegen/ssegen/cmd/ssegen",
	} {
		if !strings.Contains(doc, want) {
			t.Errorf("doc.go lacks %q:\n%s", want, doc)
		}
	}
}

func TestBadParams(t *testing.T) {
	for _, p := range []Params{
		{Package: "my-models"},
		{Package: ""},
		{Package: "sse", GenerateArgs: []string{"--elm-out", "my dir"}},
		{Package: "sse", GenerateArgs: []string{"x\n//go:generate rm -rf /"}},
	} {
		if _, err := Files(p); err == nil {
			t.Errorf("Files(%+v) succeeded, want an error", p)
		}
	}
}
