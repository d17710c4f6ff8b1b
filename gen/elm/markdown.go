package elm

import (
	"strings"
	"unicode"
)

// markdown turns a Go doc comment into the Markdown of an Elm doc comment,
// already in the form elm-format writes, so that the output needs no
// formatting pass: paragraphs as they are (with `*` escaped, since Go doc
// has no emphasis), indented blocks as fenced Go code (elm-format would
// reformat an indented or unlabelled block as Elm code), and Go doc lists
// ("  - item") as elm-format's lists.
func markdown(goDoc string) string {
	var out []string
	blank := func() {
		if len(out) > 0 && out[len(out)-1] != "" {
			out = append(out, "")
		}
	}
	mode := "" // "", "code" or "list": what the previous line was
	endCode := func() {
		if mode == "code" {
			for len(out) > 0 && out[len(out)-1] == "" {
				out = out[:len(out)-1]
			}
			out = append(out, "```")
		}
	}
	for _, line := range strings.Split(strings.TrimSpace(goDoc), "\n") {
		trimmed := strings.TrimSpace(line)
		indented := line != "" && unicode.IsSpace(rune(line[0]))
		switch {
		case trimmed == "":
			if mode != "code" {
				blank()
				mode = ""
			} else {
				out = append(out, "")
			}
		case indented && isListItem(trimmed) && mode != "code":
			if mode != "list" {
				blank()
			}
			mode = "list"
			out = append(out, "  - "+escapeMarkdown(strings.TrimSpace(trimmed[2:])))
		case indented && mode == "list":
			out = append(out, "    "+escapeMarkdown(trimmed))
		case indented:
			if mode != "code" {
				blank()
				out = append(out, "```go")
			}
			mode = "code"
			out = append(out, strings.TrimPrefix(strings.TrimPrefix(line, "\t"), "    "))
		default:
			endCode()
			if mode != "" {
				// A paragraph after a list or code block needs a gap.
				for len(out) > 0 && out[len(out)-1] == "" {
					out = out[:len(out)-1]
				}
				blank()
			}
			mode = ""
			out = append(out, escapeMarkdown(trimmed))
		}
	}
	endCode()
	for len(out) > 0 && out[len(out)-1] == "" {
		out = out[:len(out)-1]
	}
	return strings.Join(out, "\n")
}

// isListItem reports whether a trimmed line begins a Go doc list item.
func isListItem(s string) bool {
	return strings.HasPrefix(s, "- ") || strings.HasPrefix(s, "* ") || strings.HasPrefix(s, "+ ")
}

// escapeMarkdown escapes what Markdown would read as emphasis.
func escapeMarkdown(s string) string {
	return strings.ReplaceAll(s, "*", `\*`)
}
