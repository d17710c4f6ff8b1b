package roundtrip

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/ssegen/ssegen/gen/ts"
	"github.com/ssegen/ssegen/schema"
)

// BundleTS generates the TypeScript of the models package in modelDir,
// writes it with driver, a TypeScript program that imports the generated
// modules, into a temporary directory and bundles both with the esbuild
// that scripts/test.sh installs into .tools/; it returns node and the
// bundle to run with it. The test is skipped without esbuild or node. The
// calling test runs three levels below the module root.
func BundleTS(t *testing.T, ctx context.Context, modelDir, driver string) (node, bundle string) {
	t.Helper()
	esbuild, err := filepath.Abs(filepath.Join("..", "..", "..", ".tools", "node_modules", ".bin", "esbuild"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(esbuild); err != nil {
		t.Skip("esbuild not found in .tools/: run ./scripts/test.sh, which installs it from npm, to run the round trip in node")
	}
	node, err = exec.LookPath("node")
	if err != nil {
		t.Skip("node not found: it comes with npm, which scripts/test.sh needs")
	}
	m, err := schema.Load(modelDir)
	if err != nil {
		t.Fatal(err)
	}
	generated, err := ts.Generate(m, ts.Options{})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, f := range generated {
		if err := os.WriteFile(filepath.Join(dir, f.Path), f.Content, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "driver.ts"), []byte(driver), 0o644); err != nil {
		t.Fatal(err)
	}
	bundle = filepath.Join(dir, "driver.mjs")
	cmd := exec.CommandContext(ctx, esbuild, "driver.ts", "--bundle", "--platform=node", "--format=esm", "--outfile="+bundle)
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("esbuild: %v\n%s", err, out)
	}
	return node, bundle
}
