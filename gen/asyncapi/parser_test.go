package asyncapi

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// validate parses the document given on stdin with @asyncapi/parser and
// prints its diagnostics as JSON.
const validate = `
const { Parser } = require("@asyncapi/parser");
let text = "";
process.stdin.on("data", (c) => (text += c));
process.stdin.on("end", async () => {
  const { document, diagnostics } = await new Parser().parse(text);
  const out = diagnostics.map((d) => ({ severity: d.severity, code: String(d.code), message: d.message, path: d.path.join(".") }));
  process.stdout.write(JSON.stringify({ parsed: document !== undefined, diagnostics: out }));
});
`

// diagnostic is one finding of the parser; severity 0 is an error.
type diagnostic struct {
	Severity int    `json:"severity"`
	Code     string `json:"code"`
	Message  string `json:"message"`
	Path     string `json:"path"`
}

// TestParser validates every golden case's document with the AsyncAPI
// parser from npm (installed into .tools/ by scripts/test.sh): it must
// parse with no error-level diagnostics.
func TestParser(t *testing.T) {
	modules, err := filepath.Abs(filepath.Join("..", "..", ".tools", "node_modules"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(modules, "@asyncapi", "parser", "package.json")); err != nil {
		t.Skip("@asyncapi/parser not found in .tools/: run ./scripts/test.sh, which installs it from npm, to validate the documents")
	}
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node not found: it comes with npm, which scripts/test.sh needs")
	}
	for _, name := range goldenCases {
		t.Run(name, func(t *testing.T) {
			out := generate(t, name)
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			cmd := exec.CommandContext(ctx, node, "-e", validate)
			cmd.Env = append(os.Environ(), "NODE_PATH="+modules)
			cmd.Stdin = bytes.NewReader(out[0].Content)
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			res, err := cmd.Output()
			if err != nil {
				t.Fatalf("node: %v\n%s", err, stderr.String())
			}
			var report struct {
				Parsed      bool         `json:"parsed"`
				Diagnostics []diagnostic `json:"diagnostics"`
			}
			if err := json.Unmarshal(res, &report); err != nil {
				t.Fatalf("parser output %q: %v", res, err)
			}
			for _, d := range report.Diagnostics {
				if d.Severity == 0 {
					t.Errorf("error %s at %s: %s", d.Code, d.Path, d.Message)
				} else {
					t.Logf("severity %d %s at %s: %s", d.Severity, d.Code, d.Path, d.Message)
				}
			}
			if !report.Parsed {
				t.Errorf("the parser returned no document")
			}
		})
	}
}
