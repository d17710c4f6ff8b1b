package cli

import (
	"bytes"
	"flag"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files of testdata/cli")

// repoRoot is the ssegen module's directory.
var repoRoot = func() string {
	abs, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		panic(err)
	}
	return abs
}()

// result is what one in-process run of the CLI did.
type result struct {
	code           int
	stdout, stderr string
}

// run executes the CLI in dir, which becomes the working directory for the
// rest of the test.
func run(t *testing.T, dir string, args ...string) result {
	t.Helper()
	t.Chdir(dir)
	var stdout, stderr bytes.Buffer
	code := Run(args, strings.NewReader(""), &stdout, &stderr)
	return result{code, stdout.String(), stderr.String()}
}

// newModule makes an empty module in a temporary directory whose ssegen
// dependency is this working tree, so that generated code that imports
// ssegen's runtime builds against it without the network.
func newModule(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	gomod := "module example.com/app\n\ngo 1.26\n\nrequire github.com/ssegen/ssegen v0.0.0\n\nreplace github.com/ssegen/ssegen => " + repoRoot + "\n"
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte(gomod), 0o644); err != nil {
		t.Fatal(err)
	}
	// ssegen's own checksums cover every module it needs.
	sum, err := os.ReadFile(filepath.Join(repoRoot, "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "go.sum"), sum, 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// copyTree copies the files below src into dst.
func copyTree(t *testing.T, src, dst string) {
	t.Helper()
	copyFiles(t, src, dst, false)
}

// copyPackage copies the files of the directory src, not those below it,
// into dst: a models package without the goldens its tests keep beside it.
func copyPackage(t *testing.T, src, dst string) {
	t.Helper()
	copyFiles(t, src, dst, true)
}

func copyFiles(t *testing.T, src, dst string, flat bool) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if flat && p != src {
				return filepath.SkipDir
			}
			return nil
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		target := filepath.Join(dst, rel)
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			return err
		}
		return os.WriteFile(target, b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// tree returns the slash paths of the files below dir, sorted.
func tree(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		out = append(out, filepath.ToSlash(rel))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(out)
	return out
}

// snapshot returns every file below dir with its content.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, p := range tree(t, dir) {
		b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(p)))
		if err != nil {
			t.Fatal(err)
		}
		out[p] = string(b)
	}
	return out
}

// loadModuleGraph brings the go.mod file of every module in ssegen's module
// graph into the module cache, through the proxy the environment names,
// as any go command in ssegen's directory would. Building ssegen's tests
// fetched only the modules they import, but a test module that requires
// ssegen needs the whole graph: cobra's go.mod predates graph pruning, so
// its requirements (go-md2man, ...) must be known too.
var loadModuleGraph = sync.OnceValues(func() ([]byte, error) {
	cmd := exec.Command("go", "list", "-m", "all")
	cmd.Dir = repoRoot
	cmd.Env = append(os.Environ(), "GOWORK=off")
	return cmd.CombinedOutput()
})

// goCmd runs the go command in dir, offline, so that a test module
// resolves ssegen and its dependencies from the module cache and this
// working tree only (online, `go get -tool` would look the unpublished
// command's path up on the proxy).
func goCmd(t *testing.T, dir string, args ...string) string {
	t.Helper()
	if out, err := loadModuleGraph(); err != nil {
		t.Fatalf("go list -m all in %s, to fill the module cache: %v\n%s", repoRoot, err, out)
	}
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOPROXY=off", "GOFLAGS=-mod=mod", "GOWORK=off")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go %s in %s: %v\n%s", strings.Join(args, " "), dir, err, out)
	}
	return string(out)
}
