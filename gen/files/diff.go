package files

import (
	"bytes"
	"path/filepath"

	"github.com/pmezard/go-difflib/difflib"
)

// Diff compares outs with the disk, writing nothing, and returns a unified
// diff of every file that would change, appear or disappear; it is empty
// when the disk is up to date. Paths in the diff are slash-separated, with
// the usual a/ and b/ prefixes and /dev/null for a missing side.
func Diff(outs []Output) ([]byte, error) {
	changes, err := Plan(outs)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	for _, c := range changes {
		if c.Action == Keep {
			continue
		}
		name := filepath.ToSlash(c.Path)
		from, to := name, name
		if !filepath.IsAbs(c.Path) {
			from, to = "a/"+name, "b/"+name
		}
		switch c.Action {
		case Create:
			from = "/dev/null"
		case Remove:
			to = "/dev/null"
		}
		err := difflib.WriteUnifiedDiff(&buf, difflib.UnifiedDiff{
			A:        lines(c.Old),
			B:        lines(c.New),
			FromFile: from,
			ToFile:   to,
			Context:  3,
		})
		if err != nil {
			return nil, err
		}
	}
	return buf.Bytes(), nil
}

// lines splits content into lines that keep their "\n", as difflib wants.
// Unlike difflib.SplitLines it adds no line to content that is empty or
// ends with a newline.
func lines(content []byte) []string {
	var out []string
	for len(content) > 0 {
		i := bytes.IndexByte(content, '\n')
		if i < 0 {
			// Mark the missing final newline the way diff(1) does.
			out = append(out, string(content)+"\n\\ No newline at end of file\n")
			break
		}
		out = append(out, string(content[:i+1]))
		content = content[i+1:]
	}
	return out
}
