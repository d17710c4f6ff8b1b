// Package elmtool finds the Elm tools that tests run: elm-format, which
// ./scripts/test.sh installs, and the Elm 0.19.1 compiler with a prepared
// package home, which CI cannot have (Elm's package server is out of reach).
package elmtool

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
)

// repoRoot is the ssegen module's directory, found from this file's path
// so that it is right from any test's working directory.
func repoRoot() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..")
}

// Format returns the elm-format binary: $ELM_FORMAT, then PATH, then
// .tools/ where ./scripts/test.sh installs it. When ELM_FORMAT is set (the
// script sets it) the binary must exist, else t fails; when nothing is set
// or found, t is skipped with a message that names the script, so a plain
// `go test ./...` passes and the script's run checks for real.
func Format(t testing.TB) string {
	t.Helper()
	if p := os.Getenv("ELM_FORMAT"); p != "" {
		if _, err := exec.LookPath(p); err != nil {
			t.Fatalf("ELM_FORMAT=%s: %v", p, err)
		}
		return p
	}
	if p, err := exec.LookPath("elm-format"); err == nil {
		return p
	}
	for _, p := range []string{
		filepath.Join(repoRoot(), ".tools", "node_modules", "@avh4", "elm-format-linux-x64", "elm-format"),
		"/opt/elmtools/node_modules/@avh4/elm-format-linux-x64/elm-format",
	} {
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	t.Skip("elm-format not found: ./scripts/test.sh installs it into .tools/ and runs this check " +
		"(or put it on PATH, or name it in $ELM_FORMAT)")
	return ""
}

// Compiler returns the Elm 0.19.1 compiler and the environment to run it
// with. It needs $ELM (or `elm` on PATH) and $ELM_HOME naming a package
// home that already holds registry.dat and the packages, given as
// "author/project@version", that the Elm project to compile lists, because
// the compiler cannot reach Elm's package server here. Without them t is
// skipped with a message that says so.
func Compiler(t testing.TB, packages ...string) (bin string, env []string) {
	t.Helper()
	need := "this test needs the Elm 0.19.1 compiler: set ELM (or put elm on PATH) and ELM_HOME " +
		"to a package home holding 0.19.1/packages/registry.dat and " + strings.Join(packages, ", ") +
		" (CI cannot reach Elm's package server, so it skips this test)"
	bin = os.Getenv("ELM")
	if bin == "" {
		p, err := exec.LookPath("elm")
		if err != nil {
			t.Skip(need)
		}
		bin = p
	}
	home := os.Getenv("ELM_HOME")
	if home == "" {
		t.Skip(need + ": ELM_HOME is not set")
	}
	paths := []string{filepath.Join(home, "0.19.1", "packages", "registry.dat")}
	for _, p := range packages {
		name, version, _ := strings.Cut(p, "@")
		paths = append(paths, filepath.Join(home, "0.19.1", "packages", filepath.FromSlash(name), version, "elm.json"))
	}
	for _, p := range paths {
		if _, err := os.Stat(p); err != nil {
			t.Skip(need + ": " + err.Error())
		}
	}
	return bin, append(os.Environ(), "ELM_HOME="+home)
}

// Packages lists the dependencies, direct and indirect, of the Elm
// project whose elm.json is at path, as Compiler takes them.
func Packages(t testing.TB, path string) []string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var project struct {
		Dependencies struct {
			Direct, Indirect map[string]string
		}
	}
	if err := json.Unmarshal(b, &project); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	var out []string
	for _, deps := range []map[string]string{project.Dependencies.Direct, project.Dependencies.Indirect} {
		for name, version := range deps {
			out = append(out, name+"@"+version)
		}
	}
	slices.Sort(out)
	return out
}
