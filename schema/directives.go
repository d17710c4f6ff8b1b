package schema

import (
	"go/ast"
	"go/token"
	"regexp"
	"strings"
)

// directivePrefix starts every ssegen directive comment.
const directivePrefix = "//ssegen:"

// directives are the //ssegen: lines of one stream file.
type directives struct {
	channel    string // the template, "" when absent
	channelPos token.Pos
	auth       bool
	html       *htmlDirective // see html.go
}

// readDirectives reads the //ssegen: lines before the package clause of a
// stream file, reporting unknown, malformed and repeated ones.
func (l *loader) readDirectives(f *ast.File) directives {
	var d directives
	seen := map[string]bool{}
	for _, g := range f.Comments {
		if g.Pos() >= f.Package {
			break
		}
		for _, c := range g.List {
			name, args, ok := l.directive(c)
			if !ok || name == jsonDirective {
				continue // //ssegen:json may stand anywhere; see readForms
			}
			if seen[name] {
				l.errs.Add(l.tokenPos(c.Pos()), "//ssegen:%s is given twice: keep one", name)
				continue
			}
			seen[name] = true
			switch name {
			case "channel":
				if len(args) != 1 {
					l.errs.Add(l.tokenPos(c.Pos()), "//ssegen:channel needs one template: write //ssegen:channel <prefix>:{<Field>}, e.g. //ssegen:channel item:{ItemID}")
					continue
				}
				d.channel, d.channelPos = args[0], c.Pos()
			case "auth":
				if len(args) != 0 {
					l.errs.Add(l.tokenPos(c.Pos()), "//ssegen:auth takes no arguments: write just //ssegen:auth")
					continue
				}
				d.auth = true
			case "html":
				d.html = l.readHTML(c, args)
			default:
				l.errs.Add(l.tokenPos(c.Pos()), "unknown directive //ssegen:%s: the directives are //ssegen:channel <prefix>:{<Field>}, //ssegen:auth and //ssegen:html <stream> [<Event> ...], and //ssegen:json <type> <form> in any file", name)
			}
		}
	}
	return d
}

// directive splits an //ssegen: comment into its name and arguments. A
// comment that looks like a directive but is not written as one is
// reported, since it would otherwise be silently ignored.
func (l *loader) directive(c *ast.Comment) (name string, args []string, ok bool) {
	text := c.Text
	if !strings.HasPrefix(text, directivePrefix) {
		if rest, found := strings.CutPrefix(text, "//"); found && strings.HasPrefix(strings.TrimSpace(rest), "ssegen:") && rest != strings.TrimSpace(rest) {
			l.errs.Add(l.tokenPos(c.Pos()), "malformed directive %q: write it with no space after //, as in //ssegen:auth", text)
		}
		return "", nil, false
	}
	fields := strings.Fields(strings.TrimPrefix(text, directivePrefix))
	if len(fields) == 0 {
		l.errs.Add(l.tokenPos(c.Pos()), "empty //ssegen: directive: write //ssegen:channel <prefix>:{<Field>} or //ssegen:auth")
		return "", nil, false
	}
	return fields[0], fields[1:], true
}

// checkMisplacedDirectives reports //ssegen: lines that would have no
// effect: after a stream file's package clause, or in any other file.
func (l *loader) checkMisplacedDirectives(streams []*ast.File) {
	isStream := map[*ast.File]bool{}
	for _, f := range streams {
		isStream[f] = true
	}
	for _, f := range l.pkg.Syntax {
		for _, g := range f.Comments {
			for _, c := range g.List {
				if !strings.HasPrefix(c.Text, directivePrefix) || isJSONDirective(c.Text) {
					continue
				}
				switch {
				case !isStream[f]:
					l.errs.Add(l.tokenPos(c.Pos()), "//ssegen: directives only work in <name>_sse.go stream files: move it to the stream's file")
				case c.Pos() > f.Package:
					l.errs.Add(l.tokenPos(c.Pos()), "//ssegen: directives belong before the package clause: move it above the package line")
				}
			}
		}
	}
}

// isJSONDirective reports whether a comment is a //ssegen:json directive,
// which may stand in any file (see readForms).
func isJSONDirective(text string) bool {
	rest, ok := strings.CutPrefix(text, directivePrefix+jsonDirective)
	return ok && (rest == "" || rest[0] == ' ' || rest[0] == '\t')
}

// channelTemplate matches "<prefix>:{<Field>}"; the prefix is what a
// channel name starts with, so it stays within safe URL path characters.
var channelTemplate = regexp.MustCompile(`^([A-Za-z0-9_.-]+:)\{([A-Za-z_][A-Za-z0-9_]*)\}$`)

// parseChannel splits a template into its prefix and field name.
func parseChannel(template string) (prefix, field string, ok bool) {
	m := channelTemplate.FindStringSubmatch(template)
	if m == nil {
		return "", "", false
	}
	return m[1], m[2], true
}
