package schema

import (
	"go/ast"
	"go/token"
	"go/types"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
)

// streamSuffix ends the name of every stream file.
const streamSuffix = "_sse.go"

// streamName is what a stream may be called: it becomes a URL path
// segment, a Go identifier part and an Elm module name.
var streamName = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

// streamFile is a stream file whose events are declared but not built.
type streamFile struct {
	name   string
	file   *ast.File
	dirs   directives
	events []*types.Named
}

// streamFiles returns the stream files of the package, sorted by name.
func (l *loader) streamFiles() []*ast.File {
	var files []*ast.File
	for _, f := range l.pkg.Syntax { // generated files are not among them
		name := l.fileName(f)
		if strings.HasSuffix(filepath.Base(name), streamSuffix) {
			files = append(files, f)
		}
	}
	sort.Slice(files, func(i, j int) bool { return l.fileName(files[i]) < l.fileName(files[j]) })
	l.checkIgnoredStreams()
	return files
}

// checkIgnoredStreams reports stream files that build constraints keep out
// of the package: their streams would silently disappear.
func (l *loader) checkIgnoredStreams() {
	for _, f := range l.pkg.IgnoredFiles {
		if strings.HasSuffix(filepath.Base(f), streamSuffix) && !strings.HasSuffix(f, "_test.go") {
			l.errs.Add(Pos{File: l.pos.file(f)}, "stream file is excluded by build constraints or its name's GOOS/GOARCH suffix: remove the constraint so the stream builds everywhere")
		}
	}
}

// declareStream reads a stream file's name, directives and event structs.
func (l *loader) declareStream(f *ast.File) *streamFile {
	base := filepath.Base(l.fileName(f))
	s := &streamFile{name: strings.TrimSuffix(base, streamSuffix), file: f}
	if !streamName.MatchString(s.name) {
		l.errs.Add(l.tokenPos(f.Package), "stream name %q (from the file name %s) must be a lower-case identifier matching [a-z][a-z0-9_]*: rename the file", s.name, base)
	}
	s.dirs = l.readDirectives(f)
	for _, decl := range f.Decls {
		gd, ok := decl.(*ast.GenDecl)
		if !ok || gd.Tok != token.TYPE {
			continue
		}
		for _, spec := range gd.Specs {
			ts := spec.(*ast.TypeSpec)
			if !ts.Name.IsExported() {
				continue
			}
			if named := l.declareEvent(ts); named != nil {
				s.events = append(s.events, named)
			}
		}
	}
	if len(s.events) == 0 {
		l.errs.Add(l.tokenPos(f.Package), "stream %q declares no events: add an exported struct type to %s, or rename the file if it is not a stream", s.name, base)
	}
	return s
}

// declareEvent decides whether an exported type of a stream file is an
// event. Every exported struct type is; exported types of other kinds
// (enums, named strings, ...) are helpers, allowed there as long as events
// use them.
func (l *loader) declareEvent(ts *ast.TypeSpec) *types.Named {
	tn, ok := l.pkg.TypesInfo.Defs[ts.Name].(*types.TypeName)
	if !ok {
		return nil
	}
	if tn.IsAlias() {
		if _, isStruct := tn.Type().Underlying().(*types.Struct); isStruct {
			l.errs.Add(l.objPos(tn), "%s is an alias of a struct type; an event must be a struct type declared in its stream file: write type %s struct { ... }", tn.Name(), tn.Name())
		}
		return nil
	}
	named, ok := tn.Type().(*types.Named)
	if !ok {
		return nil
	}
	if _, isStruct := named.Underlying().(*types.Struct); !isStruct {
		l.helpers = append(l.helpers, named)
		return nil
	}
	if named.TypeParams().Len() > 0 {
		l.errs.Add(l.objPos(tn), "event %s is generic: events must be plain struct types without type parameters", tn.Name())
		return nil
	}
	l.events[named] = nil // known as an event; built by buildStream
	return named
}

// buildStream builds the events of a stream and checks its channel.
func (l *loader) buildStream(s *streamFile) *Stream {
	st := &Stream{
		Name:   s.name,
		Doc:    docText(s.file.Doc),
		Auth:   s.dirs.auth,
		Events: []*Record{},
		Pos:    l.tokenPos(s.file.Package),
	}
	for _, named := range s.events {
		st.Events = append(st.Events, l.event(named))
	}
	if s.dirs.channel != "" {
		st.Channel = l.channel(s)
	}
	st.HTML = l.html(s, st)
	return st
}

// event builds an event struct once.
func (l *loader) event(named *types.Named) *Record {
	if r := l.events[named]; r != nil {
		return r
	}
	r := l.record(named)
	l.checkMethods(named, named.Obj(), "event "+named.Obj().Name())
	l.events[named] = r
	return r
}

// channel checks a stream's channel template against its events: every
// event must have the key field, as a JSON field of one and the same
// string or integer type.
func (l *loader) channel(s *streamFile) *Channel {
	pos := l.tokenPos(s.dirs.channelPos)
	prefix, field, ok := parseChannel(s.dirs.channel)
	if !ok {
		l.errs.Add(pos, "malformed channel template %q: write <prefix>:{<Field>} with a prefix of letters, digits, '_', '.' or '-', e.g. item:{ItemID}", s.dirs.channel)
		return nil
	}
	ch := &Channel{Template: s.dirs.channel, Prefix: prefix, Field: field, Pos: pos}
	var keyType types.Type
	var keyEvent string
	found := 0
	var lacking []*types.Named
	for _, named := range s.events {
		v := l.keyField(named, field)
		if v == nil {
			lacking = append(lacking, named)
			continue
		}
		found++
		if !l.jsonFields[named][v] {
			if l.skipped[named][v] {
				l.errs.Add(l.objPos(v), "channel key field %s is tagged `json:\"-\"`, so %s would not carry its channel: remove the tag", field, named.Obj().Name())
			} else {
				l.errs.Add(l.objPos(v), "channel key field %s of %s is not written to JSON (unexported or hidden by another field): make it an exported field that reaches the JSON", field, named.Obj().Name())
			}
			continue
		}
		if !isKeyType(v.Type()) {
			hint := ""
			if receiverOf(v.Type(), marshalText) != noMethod {
				hint = "; keep its text in a string field of every event and name that field in the template"
			}
			l.errs.Add(l.objPos(v), "channel key field %s has type %s: a channel key must be of a string or integer type%s", field, types.TypeString(v.Type(), l.qualifier), hint)
			continue
		}
		if keyType == nil {
			keyType, keyEvent = v.Type(), named.Obj().Name()
			ch.Key = l.plainKeyType(v.Type(), v, "channel key "+field)
			continue
		}
		if !types.Identical(keyType, v.Type()) {
			l.errs.Add(l.objPos(v), "channel key field %s has type %s here but %s in %s: give every event of the stream the same key type", field, types.TypeString(v.Type(), l.qualifier), types.TypeString(keyType, l.qualifier), keyEvent)
		}
	}
	if found == 0 && len(s.events) > 0 {
		suggestion := ""
		for _, named := range s.events {
			if suggestion = closestField(named, field); suggestion != "" {
				break
			}
		}
		l.errs.Add(pos, "channel template %q names the field %s, which no event of stream %q has%s: add it to every event or fix the template", s.dirs.channel, field, s.name, didYouMean(suggestion))
		return ch
	}
	for _, named := range lacking {
		name := named.Obj().Name()
		// A helper struct declared in a stream file is an event too, and
		// this is the first error that shows it.
		l.errs.Add(l.objPos(named.Obj()), "event %s has no field %s%s, which the channel template %q needs: add it; every exported struct in a _sse.go file is an event, so if %s is a helper type, move it to another file of the package", name, field, didYouMean(closestField(named, field)), s.dirs.channel, name)
	}
	return ch
}

// checkUnusedHelpers reports exported non-struct types of stream files
// that no event uses: most likely meant as events, which must be structs.
func (l *loader) checkUnusedHelpers() {
	for _, named := range l.helpers {
		if !l.used[named] {
			l.errs.Add(l.objPos(named.Obj()), "%s is declared in a stream file but is not a struct, so it is not an event, and no event uses it: make it a struct to send it, use it in an event, or move it to another file", named.Obj().Name())
		}
	}
}

// keyField finds the struct field that ev.<name> selects, as Go resolves
// it (through embedded structs too), or nil.
func (l *loader) keyField(named *types.Named, name string) *types.Var {
	obj, _, _ := types.LookupFieldOrMethod(named, false, l.pkg.Types, name)
	v, ok := obj.(*types.Var)
	if !ok || !v.IsField() {
		return nil
	}
	return v
}

// isKeyType reports whether t is a string or integer type (named or not),
// as a channel key must be.
func isKeyType(t types.Type) bool {
	b, ok := types.Unalias(t).Underlying().(*types.Basic)
	if !ok {
		return false
	}
	return b.Info()&(types.IsString|types.IsInteger) != 0 && b.Kind() != types.Uintptr
}

// qualifier writes types of the models package unqualified and others by
// their package name.
func (l *loader) qualifier(p *types.Package) string {
	if p == l.pkg.Types {
		return ""
	}
	return p.Name()
}
