package sse

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	goruntime "runtime"
	"strings"
	"testing"
)

// TestPublishingAnotherStreamsEventDoesNotCompile builds this package with
// one more file that hands an event to the comment stream's publisher:
// the sealed CommentStreamEvent interface must refuse a SystemAlert, and
// the same call with a comment event must build. The extra file exists
// only in a go command overlay, so the shared source tree never holds it.
func TestPublishingAnotherStreamsEventDoesNotCompile(t *testing.T) {
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	build := func(event string) (string, error) {
		t.Helper()
		tmp := t.TempDir()
		src := filepath.Join(tmp, "check.go")
		code := "package sse\n\nimport \"context\"\n\nfunc publishElsewhere(p CommentPublisher) {\n\tp.Publish(context.Background(), " + event + "{})\n}\n"
		if err := os.WriteFile(src, []byte(code), 0o644); err != nil {
			t.Fatal(err)
		}
		overlay, err := json.Marshal(map[string]map[string]string{"Replace": {filepath.Join(dir, "zz_sealed_check.go"): src}})
		if err != nil {
			t.Fatal(err)
		}
		overlayFile := filepath.Join(tmp, "overlay.json")
		if err := os.WriteFile(overlayFile, overlay, 0o644); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command(goTool(), "build", "-overlay="+overlayFile, "-o", os.DevNull, ".")
		cmd.Dir = dir
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	if out, err := build("CommentAdded"); err != nil {
		t.Fatalf("publishing a comment event should build: %v\n%s", err, out)
	}
	out, err := build("SystemAlert")
	if err == nil {
		t.Fatal("publishing a SystemAlert on the comment stream built")
	}
	if !strings.Contains(out, "SystemAlert does not implement CommentStreamEvent") {
		t.Errorf("unexpected build failure:\n%s", out)
	}
}

// goTool is the go command of the toolchain running the test, so that the
// build uses the same Go version even when PATH has none or another.
func goTool() string {
	if p := filepath.Join(goruntime.GOROOT(), "bin", "go"); fileExists(p) {
		return p
	}
	return "go"
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}
