package schema

import (
	"fmt"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"golang.org/x/tools/go/packages"
)

// Options tune Load. The zero value is ready to use.
type Options struct {
	// BaseDir is the directory that positions in the model and in errors
	// are made relative to: a file below BaseDir is named by its path
	// relative to it (with forward slashes), any other file by its absolute
	// path. Empty means the current working directory, so that positions
	// printed by the CLI are the paths a user typed and an editor opens,
	// and the model is the same on every machine.
	BaseDir string
}

// Load reads the models package in dir and returns its checked model, or an
// ErrorList with every problem found. Positions are relative to the current
// working directory (see Options.BaseDir).
func Load(dir string) (*Model, error) {
	return Options{}.Load(dir)
}

// loadMode is what the loader needs and nothing more: syntax and full type
// information for the models package only. Its imports come from the go
// command's export data, which is much faster than type-checking every
// dependency from source. Docs of types declared in other packages are
// therefore not available.
const loadMode = packages.NeedName | packages.NeedFiles | packages.NeedSyntax |
	packages.NeedTypes | packages.NeedTypesInfo

// Load reads the models package in dir with o's options; see Load.
func (o Options) Load(dir string) (*Model, error) {
	base, err := o.baseDir()
	if err != nil {
		return nil, err
	}
	pos := positioner{base: base}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, listError(pos.file(dir), "cannot resolve the models directory: %v", err)
	}
	if err := checkDir(abs, pos); err != nil {
		return nil, err
	}
	generated, err := findGenerated(abs)
	if err != nil {
		return nil, listError(pos.file(abs), "%v", err)
	}
	cfg := &packages.Config{Dir: abs, Mode: loadMode}
	if len(generated) > 0 {
		flag, cleanup, err := hideFiles(generated)
		if err != nil {
			return nil, listError(pos.file(abs), "%v", err)
		}
		defer cleanup()
		cfg.BuildFlags = []string{flag}
	}
	pkgs, err := packages.Load(cfg, ".")
	if err != nil {
		return nil, listError(pos.file(abs), "cannot load the models package: %v", err)
	}
	if len(pkgs) == 0 && !inModule(abs) {
		// The go command fails without a package; go/packages drops its message.
		return nil, listError(pos.file(abs), "the models directory is not inside a Go module: run go mod init in the project's root")
	}
	if len(pkgs) != 1 {
		return nil, listError(pos.file(abs), "expected one package in the models directory, found %d", len(pkgs))
	}
	pkg := pkgs[0]
	if errs := compileErrors(pkg, pos); len(errs) > 0 {
		return nil, errs.Err()
	}
	l := newLoader(pkg, pos)
	m := l.model()
	if err := l.errs.Err(); err != nil {
		return nil, err
	}
	return m, nil
}

func (o Options) baseDir() (string, error) {
	if o.BaseDir != "" {
		return filepath.Abs(o.BaseDir)
	}
	wd, err := os.Getwd()
	if err != nil {
		return "", fmt.Errorf("schema: cannot find the working directory for relative positions: %w", err)
	}
	return wd, nil
}

// checkDir reports a missing models directory, or one without Go files,
// before the go command is asked: its own messages for these are vague.
func checkDir(dir string, pos positioner) error {
	info, err := os.Stat(dir)
	if os.IsNotExist(err) {
		return listError(pos.file(dir), "models directory does not exist: create it (ssegen init scaffolds one) or pass the right directory")
	}
	if err != nil {
		return listError(pos.file(dir), "cannot read the models directory: %v", err)
	}
	if !info.IsDir() {
		return listError(pos.file(dir), "not a directory: pass the directory that holds the <name>_sse.go files")
	}
	goFiles, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		return listError(pos.file(dir), "cannot list the models directory: %v", err)
	}
	for _, f := range goFiles {
		if !strings.HasSuffix(f, "_test.go") {
			return nil
		}
	}
	return listError(pos.file(dir), "no Go files in the models directory: add a <name>_sse.go file per stream")
}

// inModule reports whether dir or one of its parents holds a go.mod or
// go.work file.
func inModule(dir string) bool {
	for {
		for _, name := range []string{"go.mod", "go.work"} {
			if _, err := os.Stat(filepath.Join(dir, name)); err == nil {
				return true
			}
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return false
		}
		dir = parent
	}
}

// listError is an ErrorList of one error about a whole file or directory.
func listError(file, format string, args ...any) error {
	var l ErrorList
	l.Add(Pos{File: file}, format, args...)
	return l
}

// compileErrors passes the go command's and the compiler's errors through,
// each at its position. Once the package does not compile its types are
// not trustworthy, so nothing else is checked.
func compileErrors(pkg *packages.Package, pos positioner) ErrorList {
	checked := false
	for _, e := range pkg.Errors {
		if e.Kind == packages.ParseError || e.Kind == packages.TypeError {
			checked = true
		}
	}
	var errs ErrorList
	for _, e := range pkg.Errors {
		if e.Kind == packages.ListError && strings.HasPrefix(e.Msg, "# ") {
			// The go command compiled the package for its export data and
			// printed the compiler's output. The parser and type checker
			// report the same problems with full positions; use the
			// compiler's lines only when they found nothing.
			if !checked {
				errs = append(errs, compilerOutput(e.Msg, pkg.Dir, pos)...)
			}
			continue
		}
		errs = append(errs, &Error{Pos: parseErrorPos(e.Pos, pos), Msg: e.Msg})
	}
	return errs
}

// compilerLine is one "file:line:col: message" line of compiler output.
var compilerLine = regexp.MustCompile(`^(.+?):(\d+):(\d+): (.*)$`)

// compilerOutput turns the go command's build output ("# pkg" and then one
// line per error, files relative to dir) into errors.
func compilerOutput(out, dir string, pos positioner) ErrorList {
	var errs ErrorList
	for _, line := range strings.Split(out, "\n")[1:] {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		m := compilerLine.FindStringSubmatch(line)
		if m == nil {
			errs = append(errs, &Error{Pos: Pos{File: pos.file(dir)}, Msg: line})
			continue
		}
		file := m[1]
		if !filepath.IsAbs(file) {
			file = filepath.Join(dir, file)
		}
		lineNo, _ := strconv.Atoi(m[2])
		col, _ := strconv.Atoi(m[3])
		errs = append(errs, &Error{Pos: Pos{File: pos.file(file), Line: lineNo, Col: col}, Msg: m[4]})
	}
	return errs
}

// parseErrorPos turns go/packages' "file:line:col" (or "file:line", "" or
// "-") into a Pos relative to the base directory.
func parseErrorPos(s string, pos positioner) Pos {
	if s == "" || s == "-" {
		return Pos{}
	}
	parts := strings.Split(s, ":")
	var nums []int
	for len(parts) > 1 && len(nums) < 2 {
		n, err := strconv.Atoi(parts[len(parts)-1])
		if err != nil {
			break
		}
		nums = append([]int{n}, nums...)
		parts = parts[:len(parts)-1]
	}
	p := Pos{File: pos.file(strings.Join(parts, ":"))}
	if len(nums) > 0 {
		p.Line = nums[0]
	}
	if len(nums) > 1 {
		p.Col = nums[1]
	}
	return p
}

// positioner turns token positions and file names into stable Pos values.
type positioner struct {
	base string
	fset *token.FileSet
}

// file names path relative to the base directory when it lies below it,
// else by its absolute path.
func (p positioner) file(path string) string {
	abs, err := filepath.Abs(path)
	if err != nil {
		return filepath.ToSlash(path)
	}
	rel, err := filepath.Rel(p.base, abs)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return filepath.ToSlash(abs)
	}
	return filepath.ToSlash(rel)
}

// pos converts a token position; an unknown position gives the zero Pos.
func (p positioner) pos(tp token.Pos) Pos {
	if !tp.IsValid() || p.fset == nil {
		return Pos{}
	}
	position := p.fset.Position(tp)
	if position.Filename == "" {
		return Pos{}
	}
	return Pos{File: p.file(position.Filename), Line: position.Line, Col: position.Column}
}
