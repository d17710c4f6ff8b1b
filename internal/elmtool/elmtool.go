// Package elmtool finds the Elm tools that tests run: elm-format, which
// ./scripts/test.sh installs, and the Elm 0.19.1 compiler with a prepared
// package home, which CI cannot have (Elm's package server is out of reach).
package elmtool

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
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
// home that already holds registry.dat and every package the test's
// elm.json lists, because the compiler cannot reach Elm's package server
// here. Without them t is skipped with a message that says so.
func Compiler(t testing.TB) (bin string, env []string) {
	t.Helper()
	const need = "this test needs the Elm 0.19.1 compiler: set ELM (or put elm on PATH) and ELM_HOME " +
		"to a package home holding 0.19.1/packages/registry.dat, elm/core 1.0.5 and elm/json 1.1.3 " +
		"(CI cannot reach Elm's package server, so it skips this test)"
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
	for _, p := range []string{
		filepath.Join(home, "0.19.1", "packages", "registry.dat"),
		filepath.Join(home, "0.19.1", "packages", "elm", "core", "1.0.5", "elm.json"),
		filepath.Join(home, "0.19.1", "packages", "elm", "json", "1.1.3", "elm.json"),
	} {
		if _, err := os.Stat(p); err != nil {
			t.Skip(need + ": " + err.Error())
		}
	}
	return bin, append(os.Environ(), "ELM_HOME="+home)
}
