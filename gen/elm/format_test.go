package elm

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/ssegen/ssegen/internal/elmtool"
)

// elmFormat finds elm-format, or skips t when it is not installed (see
// elmtool.Format).
func elmFormat(t *testing.T) string {
	t.Helper()
	return elmtool.Format(t)
}

// TestElmFormat checks that every generated module is valid Elm in exactly
// elm-format's layout: --validate accepts it and formatting changes
// nothing.
func TestElmFormat(t *testing.T) {
	bin := elmFormat(t)
	for _, name := range goldenCases {
		for _, f := range generate(t, name) {
			t.Run(name+"/"+f.Path, func(t *testing.T) {
				ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
				defer cancel()
				cmd := exec.CommandContext(ctx, bin, "--stdin", "--elm-version=0.19")
				cmd.Stdin = bytes.NewReader(f.Content)
				var stdout, stderr bytes.Buffer
				cmd.Stdout, cmd.Stderr = &stdout, &stderr
				if err := cmd.Run(); err != nil {
					t.Fatalf("elm-format rejects %s: %v\n%s", f.Path, err, stderr.String())
				}
				if !bytes.Equal(stdout.Bytes(), f.Content) {
					t.Errorf("elm-format would change %s:\n%s", f.Path, lineDiff(f.Content, stdout.Bytes()))
				}

				dir := t.TempDir()
				path := filepath.Join(dir, "Module.elm")
				if err := os.WriteFile(path, f.Content, 0o644); err != nil {
					t.Fatal(err)
				}
				validate := exec.CommandContext(ctx, bin, "--validate", "--elm-version=0.19", path)
				if out, err := validate.CombinedOutput(); err != nil {
					t.Errorf("elm-format --validate fails on %s: %v\n%s", f.Path, err, out)
				}
			})
		}
	}
}

// lineDiff shows the first lines where two texts differ.
func lineDiff(a, b []byte) string {
	al, bl := bytes.Split(a, []byte("\n")), bytes.Split(b, []byte("\n"))
	for i := 0; i < len(al) && i < len(bl); i++ {
		if !bytes.Equal(al[i], bl[i]) {
			return "line " + strconv.Itoa(i+1) + ":\n- " + string(al[i]) + "\n+ " + string(bl[i])
		}
	}
	return "lengths differ: " + strconv.Itoa(len(al)) + " and " + strconv.Itoa(len(bl)) + " lines"
}
