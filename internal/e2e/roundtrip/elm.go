package roundtrip

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/ssegen/ssegen/gen/elm"
	"github.com/ssegen/ssegen/schema"
)

// CompileElm writes the generated Elm of the models package in the
// current directory and the worker of testdata/elmroundtrip (Main.elm,
// elm.json, run.js) into a temporary Elm project and compiles it; it
// returns the project's directory, which holds elm.js.
func CompileElm(t *testing.T, ctx context.Context, compiler string, env []string) string {
	t.Helper()
	m, err := schema.Load(".")
	if err != nil {
		t.Fatal(err)
	}
	generated, err := elm.Generate(m, elm.Options{})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	write := func(path string, content []byte) {
		t.Helper()
		path = filepath.Join(dir, filepath.FromSlash(path))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, content, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, f := range generated {
		write("src/"+f.Path, f.Content)
	}
	for from, to := range map[string]string{"Main.elm": "src/Main.elm", "elm.json": "elm.json", "run.js": "run.js"} {
		b, err := os.ReadFile(filepath.Join("testdata", "elmroundtrip", from))
		if err != nil {
			t.Fatal(err)
		}
		write(to, b)
	}
	cmd := exec.CommandContext(ctx, compiler, "make", "src/Main.elm", "--output=elm.js")
	cmd.Dir, cmd.Env = dir, env
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("elm make: %v\n%s", err, out)
	}
	return dir
}

// RunElm runs the worker compiled in dir on inputs and returns its
// results, one per input.
func RunElm(t *testing.T, ctx context.Context, node, dir string, inputs []Input) []Output {
	t.Helper()
	in, err := json.Marshal(inputs)
	if err != nil {
		t.Fatal(err)
	}
	inPath, outPath := filepath.Join(dir, "in.json"), filepath.Join(dir, "out.json")
	if err := os.WriteFile(inPath, in, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.CommandContext(ctx, node, "run.js", "./elm.js", inPath, outPath)
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("node run.js: %v\n%s", err, out)
	}
	b, err := os.ReadFile(outPath)
	if err != nil {
		t.Fatal(err)
	}
	var outputs []Output
	if err := json.Unmarshal(b, &outputs); err != nil {
		t.Fatalf("the worker's output: %v\n%.500s", err, b)
	}
	if len(outputs) != len(inputs) {
		t.Fatalf("the worker answered %d of %d inputs", len(outputs), len(inputs))
	}
	return outputs
}
