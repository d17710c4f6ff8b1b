package golang

import (
	"bytes"
	"go/format"
	"strings"
)

// groupImports puts the standard library's imports first and the others
// after a blank line, as goimports does, so that generated files read like
// hand-written ones; jen writes them as one block.
func groupImports(src []byte) ([]byte, error) {
	start := bytes.Index(src, []byte("\nimport (\n"))
	if start < 0 {
		return src, nil
	}
	start += len("\nimport (\n")
	end := bytes.Index(src[start:], []byte("\n)\n"))
	if end < 0 {
		return src, nil
	}
	end += start
	var std, other []string
	for _, line := range strings.Split(string(src[start:end]), "\n") {
		if line == "" {
			continue
		}
		path := strings.Trim(strings.TrimSpace(line[strings.Index(line, `"`):]), `"`)
		if first, _, _ := strings.Cut(path, "/"); strings.Contains(first, ".") {
			other = append(other, line)
		} else {
			std = append(std, line)
		}
	}
	block := strings.Join(std, "\n")
	if len(std) > 0 && len(other) > 0 {
		block += "\n\n"
	}
	block += strings.Join(other, "\n")
	var out bytes.Buffer
	out.Write(src[:start])
	out.WriteString(block)
	out.Write(src[end:])
	return format.Source(out.Bytes())
}
