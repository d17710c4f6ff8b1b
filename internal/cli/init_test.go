package cli

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/ssegen/ssegen/gen/files"
	"github.com/ssegen/ssegen/gen/golang"
	"github.com/ssegen/ssegen/gen/js"
)

// The path a new user takes: init in an empty module, install ssegen as a
// tool, go generate, and the module builds and is up to date. This runs the
// real go command and builds ssegen, so it is the one slow test here.
func TestInitThenGoGenerate(t *testing.T) {
	work := newModule(t)
	if got := run(t, work, "init"); got.code != ExitOK || got.stderr != "" {
		t.Fatalf("init: %+v", got)
	}
	doc := readFile(t, filepath.Join(work, "models", "sse", "doc.go"))
	// go generate runs in the models directory: the outputs that default
	// to places relative to the module root must be rewritten for it.
	if !strings.Contains(doc, "\n//go:generate go tool ssegen generate --models . --elm-out ../../frontend/src --js-out ../../frontend/js\n") {
		t.Fatalf("doc.go lacks the expected go:generate directive:\n%s", doc)
	}
	goCmd(t, work, "get", "-tool", "github.com/ssegen/ssegen/cmd/ssegen")
	goCmd(t, work, "generate", "./...")
	shared := filepath.Join(work, "models", "sse", golang.SharedFile)
	if got := readFile(t, shared); !strings.HasPrefix(got, files.GoHeader+"\n") {
		t.Fatalf("go generate wrote no %s with ssegen's header; got %q", shared, got)
	}
	elmModule := filepath.Join(work, "frontend", "src", "Sse", "Comment.elm")
	if got := readFile(t, elmModule); !strings.HasPrefix(got, files.ElmHeader+"\n") {
		t.Fatalf("go generate wrote no %s with ssegen's header; got %q", elmModule, got)
	}
	glue := filepath.Join(work, "frontend", "js", js.ModuleFile)
	if got := readFile(t, glue); !strings.HasPrefix(got, files.JSHeader+"\n") {
		t.Fatalf("go generate wrote no %s with ssegen's header; got %q", glue, got)
	}
	goCmd(t, work, "vet", "./...")
	if got := run(t, work, "diff"); got.code != ExitOK || got.stdout != "" || got.stderr != "" {
		t.Errorf("diff after go generate: %+v, want exit 0 and no output", got)
	}
	// init never writes over what is there.
	if got := run(t, work, "init"); got.code != ExitFailed || !strings.Contains(got.stderr, "already exists") {
		t.Errorf("second init: %+v, want exit 1 and a refusal", got)
	}
}
