package doctest

import (
	"bytes"
	"context"
	"fmt"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"golang.org/x/tools/imports"

	"github.com/ssegen/ssegen/internal/cli"
)

// repoRoot is the ssegen module's directory.
var repoRoot = func() string {
	abs, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		panic(err)
	}
	return abs
}()

// appModule is the module path of the module each document's snippets
// are built in.
const appModule = "example.com/app"

// snippet is one ```go block of a Markdown document.
type snippet struct {
	line int    // of the opening fence, 1-based
	file string // the file the prose before it names, if any
	code string
}

// fileMark names the file of the next block explicitly:
// <!-- file: models/sse/comment_sse.go -->. Without it, the last path
// ending in .go that the prose since the previous block puts in backquotes
// names it (`models/sse/poll_sse.go`).
var (
	fileMark  = regexp.MustCompile(`<!--\s*file:\s*(\S+\.go)\s*-->`)
	proseFile = regexp.MustCompile("`([A-Za-z0-9_./-]+\\.go)`")
)

// snippets returns the ```go blocks of a Markdown text.
func snippets(md string) []snippet {
	var out []snippet
	var prose []string
	var code []string
	in, start := false, 0
	for i, line := range strings.Split(md, "\n") {
		switch {
		case !in && strings.TrimSpace(line) == "```go":
			in, start, code = true, i+1, nil
		case in && strings.TrimSpace(line) == "```":
			s := snippet{line: start, code: strings.Join(code, "\n") + "\n"}
			text := strings.Join(prose, "\n")
			if m := fileMark.FindAllStringSubmatch(text, -1); m != nil {
				s.file = m[len(m)-1][1]
			} else if m := proseFile.FindAllStringSubmatch(text, -1); m != nil {
				s.file = m[len(m)-1][1]
			}
			out = append(out, s)
			in, prose = false, nil
		case in:
			code = append(code, line)
		default:
			prose = append(prose, line)
		}
	}
	return out
}

// onlyComments reports whether code is comments and blank lines only, such
// as a block that shows a directive's syntax: there is nothing to compile.
func onlyComments(code string) bool {
	for _, line := range strings.Split(code, "\n") {
		if l := strings.TrimSpace(line); l != "" && !strings.HasPrefix(l, "//") {
			return false
		}
	}
	return true
}

var packageClause = regexp.MustCompile(`(?m)^package (\w+)`)

// TestSnippetsCompile builds the Go snippets of every document, one module
// per document (example.com/app): blocks with a package clause are files,
// of the models package ssegen generates into (at the path the document
// names, models/<package>/ otherwise) or, for package main, of the
// program; blocks of top-level declarations are files of package main;
// statement blocks continue each other through the document (a later one
// uses what an earlier one declared, or declares it anew) and make one
// function. Imports are
// added as goimports would. Errors point at the Markdown file and line.
func TestSnippetsCompile(t *testing.T) {
	docs, err := filepath.Glob(filepath.Join(repoRoot, "docs", "*.md"))
	if err != nil {
		t.Fatal(err)
	}
	docs = append([]string{filepath.Join(repoRoot, "README.md")}, docs...)
	total := 0
	for _, doc := range docs {
		rel, _ := filepath.Rel(repoRoot, doc)
		b, err := os.ReadFile(doc)
		if err != nil {
			t.Fatal(err)
		}
		var blocks []snippet
		for _, s := range snippets(string(b)) {
			if !onlyComments(s.code) {
				blocks = append(blocks, s)
			}
		}
		if len(blocks) == 0 {
			continue
		}
		total += len(blocks)
		t.Run(filepath.ToSlash(rel), func(t *testing.T) { buildDoc(t, filepath.ToSlash(rel), blocks) })
	}
	if total == 0 {
		t.Fatal("no Go snippets found in README.md and docs/*.md")
	}
}

// lineDirective makes the compiler report positions in the Markdown
// file: the block's code starts on the line after its opening fence.
func lineDirective(doc string, s snippet) string {
	return fmt.Sprintf("/*line %s:%d:1*/", doc, s.line+1)
}

// buildDoc builds one document's blocks.
func buildDoc(t *testing.T, doc string, blocks []snippet) {
	dir := t.TempDir()
	write := func(name, content string) {
		t.Helper()
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("go.mod", "module "+appModule+"\n\ngo 1.26\n\nrequire github.com/ssegen/ssegen v0.0.0\n\nreplace github.com/ssegen/ssegen => "+repoRoot+"\n")
	sum, err := os.ReadFile(filepath.Join(repoRoot, "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	write("go.sum", string(sum))

	modelsDir := ""
	var mainFiles, mainDecls, mainStmts []snippet
	hasMain := false
	isMain := regexp.MustCompile(`(?m)^func main\(\)`)
	for i, s := range blocks {
		if m := packageClause.FindStringSubmatch(s.code); m != nil {
			name := s.file
			if name == "" {
				name = fmt.Sprintf("snippet%d.go", i)
			}
			if m[1] == "main" {
				// A whole program: a file of the main package.
				mainFiles = append(mainFiles, s)
				hasMain = hasMain || isMain.MatchString(s.code)
				continue
			}
			if !strings.Contains(name, "/") {
				name = path.Join("models", m[1], name)
			}
			modelsDir = path.Dir(name)
			// No line directive: the loader names stream files by their path.
			write(name, s.code)
			continue
		}
		if _, err := parser.ParseFile(token.NewFileSet(), "", "package main\n"+s.code, 0); err == nil {
			mainDecls = append(mainDecls, s)
			hasMain = hasMain || isMain.MatchString(s.code)
		} else {
			mainStmts = append(mainStmts, s)
		}
	}
	if modelsDir != "" {
		var stdout, stderr bytes.Buffer
		abs := filepath.Join(dir, filepath.FromSlash(modelsDir))
		if code := cli.Run([]string{"generate", "--models", abs, "--targets", "go"}, strings.NewReader(""), &stdout, &stderr); code != cli.ExitOK {
			t.Fatalf("ssegen generate on the models of %s (%s): exit %d\n%s", doc, modelsDir, code, stderr.String())
		}
	}
	for _, s := range mainFiles {
		write(fmt.Sprintf("snippet_%d.go", s.line), lineDirective(doc, s)+s.code)
	}
	// Declarations are files of their own; statements continue each other
	// through the document (a later block uses what an earlier one
	// declared), so they make one function.
	header := "package main\n\n"
	if modelsDir != "" {
		header += "import \"" + appModule + "/" + modelsDir + "\"\n"
	}
	// goimports drops what a snippet does not use; these settle the
	// names it could resolve more than one way.
	header += `import (
	"html/template"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/ssegen/ssegen/runtime"
	"github.com/ssegen/ssegen/runtime/promsse"
)

`
	var sources []struct{ name, body string }
	for _, s := range mainDecls {
		sources = append(sources, struct{ name, body string }{fmt.Sprintf("snippet_%d.go", s.line), lineDirective(doc, s) + s.code})
	}
	if len(mainStmts) > 0 {
		// Each block opens a scope inside the one before: it sees what
		// earlier blocks declared and may declare the same names anew.
		body := "func snippets() {\n"
		for _, s := range mainStmts {
			body += lineDirective(doc, s) + s.code + "{\n"
		}
		body += strings.Repeat("}\n", len(mainStmts))
		sources = append(sources, struct{ name, body string }{"snippets.go", body + "}\n"})
	}
	for _, src := range sources {
		out, err := imports.Process(filepath.Join(dir, src.name), []byte(header+src.body), &imports.Options{Comments: true, TabIndent: true, TabWidth: 8})
		if err != nil {
			t.Errorf("the Go snippets of %s do not parse: %v\n%s", doc, err, src.body)
			continue
		}
		write(src.name, string(out))
	}
	if len(mainDecls)+len(mainStmts) > 0 && !hasMain {
		write("main.go", "package main\n\nfunc main() { snippets() }\n")
		if len(mainStmts) == 0 {
			write("main.go", "package main\n\nfunc main() {}\n")
		}
	}
	ctx, cancel := context.WithTimeout(t.Context(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "go", "vet", "./...")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("the Go snippets of %s do not compile (%v):\n%s", doc, err, out)
	}
}
