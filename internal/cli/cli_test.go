package cli

import (
	"path/filepath"
	"regexp"
	"runtime/debug"
	"strings"
	"testing"
)

func TestVersion(t *testing.T) {
	got := run(t, t.TempDir(), "version")
	if got.code != ExitOK || got.stderr != "" || !regexp.MustCompile(`^ssegen (\(devel\)|v\S+)\n$`).MatchString(got.stdout) {
		t.Errorf("version = %+v, want exit 0 and one line \"ssegen <version>\"", got)
	}

	tests := []struct {
		name string
		bi   *debug.BuildInfo
		want string
	}{
		{"no build info", nil, "(devel)"},
		{"built from a working tree", &debug.BuildInfo{Main: debug.Module{Path: modulePath, Version: "(devel)"}}, "(devel)"},
		{"installed at a version", &debug.BuildInfo{Main: debug.Module{Path: modulePath, Version: "v1.2.3"}}, "v1.2.3"},
		{"another module's tool", &debug.BuildInfo{
			Main: debug.Module{Path: "example.com/app"},
			Deps: []*debug.Module{{Path: "github.com/spf13/cobra", Version: "v1.10.2"}, {Path: modulePath, Version: "v0.4.0"}},
		}, "v0.4.0"},
		{"replaced by a directory", &debug.BuildInfo{
			Main: debug.Module{Path: "example.com/app"},
			Deps: []*debug.Module{{Path: modulePath, Version: "v0.4.0", Replace: &debug.Module{Path: "../ssegen"}}},
		}, "(devel)"},
		{"replaced by another version", &debug.BuildInfo{
			Main: debug.Module{Path: "example.com/app"},
			Deps: []*debug.Module{{Path: modulePath, Version: "v0.4.0", Replace: &debug.Module{Path: "example.com/fork", Version: "v0.4.1"}}},
		}, "v0.4.1"},
	}
	for _, tt := range tests {
		if got := version(tt.bi); got != tt.want {
			t.Errorf("%s: version = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestCompletion(t *testing.T) {
	for _, shell := range []string{"bash", "zsh", "fish", "powershell"} {
		got := run(t, t.TempDir(), "completion", shell)
		if got.code != ExitOK || got.stderr != "" || !strings.Contains(got.stdout, "ssegen") {
			t.Errorf("completion %s: exit %d, stderr %q, %d bytes of script", shell, got.code, got.stderr, len(got.stdout))
		}
	}
	got := run(t, t.TempDir(), "completion", "cmd.exe")
	if got.code != ExitUsage {
		t.Errorf("completion cmd.exe: exit %d, want %d", got.code, ExitUsage)
	}
	// What a shell asks when the user presses tab after --targets.
	got = run(t, t.TempDir(), "__complete", "generate", "--targets", "")
	if want := "go\nelm\njs\nts\nasyncapi\n:4\n"; got.code != ExitOK || !strings.HasPrefix(got.stdout, want) {
		t.Errorf("completing --targets: %+v, want stdout beginning %q", got, want)
	}
}

// Every run builds its own command tree: a flag set in one run must not
// carry over to the next.
func TestRunKeepsNoState(t *testing.T) {
	dir := newModule(t)
	copyTree(t, filepath.Join(repoRoot, "testdata", "seed"), filepath.Join(dir, "elsewhere"))
	if got := run(t, dir, "check", "--models", "elsewhere"); got.code != ExitOK {
		t.Fatalf("check --models elsewhere: %+v", got)
	}
	got := run(t, dir, "check")
	if got.code != ExitFailed || !strings.Contains(got.stderr, "models/sse") {
		t.Errorf("check after a run with --models: %+v, want the default ./models/sse to be missing", got)
	}
}
