package ts

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// tool finds an executable that scripts/test.sh installs from npm into
// .tools/ of the checkout. Under plain go test it may be absent: then the
// test is skipped with a message that says how to get it.
func tool(t *testing.T, name string) string {
	t.Helper()
	p, err := filepath.Abs(filepath.Join("..", "..", ".tools", "node_modules", ".bin", name))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(p); err != nil {
		t.Skipf("%s not found in .tools/: run ./scripts/test.sh, which installs it from npm, to run this test", name)
	}
	return p
}

// strictConfig is a tsconfig with every check an application might turn
// on, beyond --strict, so that the output fits into strict projects. It
// skips checking declaration files, as most projects do, since the run
// without a tsconfig checks them (connection.d.ts and the libraries).
const strictConfig = `{
  "compilerOptions": {
    "strict": true,
    "noEmit": true,
    "target": "es2020",
    "module": "nodenext",
    "moduleResolution": "nodenext",
    "lib": ["es2020", "dom"],
    "noUnusedLocals": true,
    "noUnusedParameters": true,
    "noImplicitReturns": true,
    "noFallthroughCasesInSwitch": false,
    "noUncheckedIndexedAccess": true,
    "noPropertyAccessFromIndexSignature": true,
    "exactOptionalPropertyTypes": true,
    "verbatimModuleSyntax": true,
    "isolatedModules": true,
    "skipLibCheck": true
  },
  "include": ["*.ts"]
}
`

// TestTypeCheck runs the TypeScript compiler over every golden case: as
// the README's bar does (tsc --strict --noEmit over the files, no
// tsconfig), and under a tsconfig with the strictest options.
func TestTypeCheck(t *testing.T) {
	tsc := tool(t, "tsc")
	for _, name := range goldenCases {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			var paths []string
			for _, f := range generate(t, name) {
				p := filepath.Join(dir, filepath.FromSlash(f.Path))
				if err := os.WriteFile(p, f.Content, 0o644); err != nil {
					t.Fatal(err)
				}
				if strings.HasSuffix(f.Path, ".ts") {
					// The .ts files, declarations included, as the README's
					// bar passes them; connection.js is checked through its
					// declarations and run in the browser test.
					paths = append(paths, p)
				}
			}
			run := func(args ...string) {
				t.Helper()
				ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
				defer cancel()
				cmd := exec.CommandContext(ctx, tsc, args...)
				cmd.Dir = dir
				if out, err := cmd.CombinedOutput(); err != nil {
					t.Errorf("tsc %v: %v\n%s", args[:len(args)-len(paths)], err, out)
				}
			}
			run(append([]string{"--strict", "--noEmit"}, paths...)...)
			if err := os.WriteFile(filepath.Join(dir, "tsconfig.json"), []byte(strictConfig), 0o644); err != nil {
				t.Fatal(err)
			}
			// nodenext treats .ts files as ES modules in a "module" package.
			if err := os.WriteFile(filepath.Join(dir, "package.json"), []byte(`{"type": "module"}`+"\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
			defer cancel()
			cmd := exec.CommandContext(ctx, tsc, "-p", dir)
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Errorf("tsc -p with the strictest options: %v\n%s", err, out)
			}
		})
	}
}
