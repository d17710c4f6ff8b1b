package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestGoPackagePath(t *testing.T) {
	root := t.TempDir()
	write := func(p, content string) {
		full := filepath.Join(root, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("app/go.mod", "// The app.\nmodule \"example.com/app\" // quoted, with comments\n\ngo 1.26\n")
	write("app/tools/go.mod", "module example.com/app/tools\n")
	write("bad/go.mod", "go 1.26\n")
	t.Chdir(root)

	tests := []struct {
		models, out string
		want        string // "" with wantErr "" means the models package
		wantErr     string
	}{
		{"app/models/sse", "app/models/sse", "", ""},
		{"app/models/sse", "./app/models/sse/", "", ""},
		{"app/models/sse", "app/internal/streams", "example.com/app/internal/streams", ""},
		{"app/models/sse", "app", "example.com/app", ""},
		{"app/models/sse", "app/tools/gen", "example.com/app/tools/gen", ""}, // the nearest go.mod wins
		{"app/models/sse", "elsewhere/gen", "", "is in no Go module"},
		{"app/models/sse", "bad/gen", "", "no module line"},
	}
	for _, tt := range tests {
		got, err := goPackagePath(tt.models, tt.out)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("goPackagePath(%q, %q) = %q, %v; want an error containing %q", tt.models, tt.out, got, err, tt.wantErr)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("goPackagePath(%q, %q) = %q, %v; want %q", tt.models, tt.out, got, err, tt.want)
		}
	}
}
