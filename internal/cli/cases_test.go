package cli

import (
	"bufio"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestCases runs every case folder of testdata/cli. A case is:
//
//	cmd.txt     the command line after "ssegen", split on spaces; $ROOT is
//	            the ssegen module's directory. Several lines run one after
//	            the other: all but the last must succeed, and the expected
//	            output is the last one's
//	copy.txt    optional: lines "<dir below $ROOT> <dir in the work dir>"
//	            naming packages to copy in first (such as testdata/seed);
//	            only the directory's own files are copied
//	require.txt optional: lines "<module> <version>" that the work dir's
//	            go.mod requires besides ssegen (modules ssegen's go.sum covers)
//	in/         optional: a tree to copy into the work dir first
//	stdout.txt  expected stdout (missing: empty)
//	stderr.txt  expected stderr (missing: empty)
//	exit.txt    expected exit code (missing: 0)
//	files.txt   every file in the work dir afterwards but go.mod and go.sum,
//	            one a line (missing: none)
//	want/       optional: files the work dir must hold afterwards, byte for
//	            byte, at the same paths (-update rewrites those present)
//
// The command runs in a fresh module (see newModule) as its working
// directory. In outputs, the work dir reads $WORK and the module $ROOT.
// go test -update rewrites the expected files from what the CLI did.
func TestCases(t *testing.T) {
	cases, err := filepath.Glob(filepath.Join(repoRoot, "testdata", "cli", "*", "cmd.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) == 0 {
		t.Fatal("no cases in testdata/cli")
	}
	for _, cmdFile := range cases {
		dir := filepath.Dir(cmdFile)
		t.Run(filepath.Base(dir), func(t *testing.T) { runCase(t, dir) })
	}
}

func runCase(t *testing.T, dir string) {
	cmdlines := strings.Split(strings.TrimSuffix(readFile(t, filepath.Join(dir, "cmd.txt")), "\n"), "\n")
	work := newModule(t)
	if lines := readFile(t, filepath.Join(dir, "require.txt")); lines != "" {
		f, err := os.OpenFile(filepath.Join(work, "go.mod"), os.O_APPEND|os.O_WRONLY, 0)
		if err != nil {
			t.Fatal(err)
		}
		_, err = f.WriteString("\nrequire (\n" + lines + ")\n")
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	if lines := readFile(t, filepath.Join(dir, "copy.txt")); lines != "" {
		sc := bufio.NewScanner(strings.NewReader(lines))
		for sc.Scan() {
			f := strings.Fields(sc.Text())
			if len(f) != 2 {
				t.Fatalf("copy.txt: want \"<from> <to>\", got %q", sc.Text())
			}
			copyPackage(t, filepath.Join(repoRoot, filepath.FromSlash(f[0])), filepath.Join(work, filepath.FromSlash(f[1])))
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "in")); err == nil {
		copyTree(t, filepath.Join(dir, "in"), work)
	}
	var got result
	for i, line := range cmdlines {
		got = run(t, work, strings.Fields(strings.ReplaceAll(line, "$ROOT", repoRoot))...)
		if i < len(cmdlines)-1 && got.code != ExitOK {
			t.Fatalf("ssegen %s: exit %d\n%s", line, got.code, got.stderr)
		}
	}
	scrub := strings.NewReplacer(work, "$WORK", repoRoot, "$ROOT")
	files := ""
	for _, p := range tree(t, work) {
		if p != "go.mod" && p != "go.sum" {
			files += p + "\n"
		}
	}
	outputs := []struct{ name, got string }{
		{"stdout.txt", scrub.Replace(got.stdout)},
		{"stderr.txt", scrub.Replace(got.stderr)},
		{"exit.txt", strconv.Itoa(got.code) + "\n"},
		{"files.txt", files},
	}
	wantDir := filepath.Join(dir, "want")
	if _, err := os.Stat(wantDir); err == nil {
		for _, p := range tree(t, wantDir) {
			gotFile := readFile(t, filepath.Join(work, filepath.FromSlash(p)))
			wantPath := filepath.Join(wantDir, filepath.FromSlash(p))
			if *update {
				if err := os.WriteFile(wantPath, []byte(gotFile), 0o644); err != nil {
					t.Fatal(err)
				}
				continue
			}
			if diff := cmp.Diff(readFile(t, wantPath), gotFile); diff != "" {
				t.Errorf("want/%s (-want +got):\n%s", p, diff)
			}
		}
	}
	for _, o := range outputs {
		path := filepath.Join(dir, o.name)
		if *update {
			writeGolden(t, path, o.got, o.name == "exit.txt" && o.got == "0\n")
			continue
		}
		want := readFile(t, path)
		if o.name == "exit.txt" && want == "" {
			want = "0\n"
		}
		if diff := cmp.Diff(want, o.got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", o.name, diff)
		}
	}
}

// readFile returns the file's content, or "" when it does not exist.
func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		return ""
	}
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// writeGolden writes content to path, or removes path when content is
// empty or the default (an empty stdout needs no file).
func writeGolden(t *testing.T, path, content string, isDefault bool) {
	t.Helper()
	if content == "" || isDefault {
		if err := os.Remove(path); err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		return
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}
