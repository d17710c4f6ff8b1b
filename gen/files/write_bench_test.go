package files

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// BenchmarkWrite measures Write on output that is already on disk (the
// common case: regenerating after an unrelated edit) and on output whose
// every file changed, each as a ratio to the baseline of the same run:
// plain os.WriteFile of every file, which neither checks nor is atomic.
func BenchmarkWrite(b *testing.B) {
	root := b.TempDir()
	body := strings.Repeat("// line of generated code, about sixty bytes long......\n", 400)
	var fs, changed []File
	for i := range 20 {
		p := fmt.Sprintf("stream%02d.gen.go", i)
		fs = append(fs, File{Path: p, Content: []byte(GoHeader + "\n\npackage sse\n" + body)})
		changed = append(changed, File{Path: p, Content: []byte(GoHeader + "\n\npackage sse\n// v2\n" + body)})
	}
	if _, err := Write([]Output{{Root: root, Files: fs}}); err != nil {
		b.Fatal(err)
	}
	var base, same, diff time.Duration
	for b.Loop() {
		start := time.Now()
		for _, f := range fs {
			if err := os.WriteFile(filepath.Join(root, f.Path), f.Content, 0o644); err != nil {
				b.Fatal(err)
			}
		}
		base += time.Since(start)

		start = time.Now()
		if _, err := Write([]Output{{Root: root, Files: fs}}); err != nil {
			b.Fatal(err)
		}
		same += time.Since(start)

		start = time.Now()
		if _, err := Write([]Output{{Root: root, Files: changed}}); err != nil {
			b.Fatal(err)
		}
		diff += time.Since(start)
		// Put the first content back for the next round, untimed.
		if _, err := Write([]Output{{Root: root, Files: fs}}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(same)/float64(base), "unchanged/baseline")
	b.ReportMetric(float64(diff)/float64(base), "changed/baseline")
}
