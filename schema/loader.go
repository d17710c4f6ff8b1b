package schema

import (
	"go/ast"
	"go/types"
	"path/filepath"
	"sort"
	"strings"

	"golang.org/x/tools/go/packages"
)

// loader builds the model of one type-checked models package, collecting
// every problem on the way instead of stopping at the first.
type loader struct {
	pkg  *packages.Package
	pos  positioner
	errs ErrorList

	// docs maps declared objects of the models package (types, fields,
	// constants) to their doc comments.
	docs map[types.Object]string

	// events are the event structs of every stream.
	events map[*types.Named]*Record
	// records are the structs built so far, events and the records they
	// use, each built once.
	records map[*types.Named]*Record
	// building holds the named types whose parts are being walked, to find
	// recursive types.
	building map[*types.Named]bool
	// enums are the enum types reached from events, built once each.
	enums map[*types.Named]*Enum
	// jsonFields are, per event or record, the struct fields that reach the
	// JSON object, and skipped the fields tagged `json:"-"`; channel keys
	// are checked against them.
	jsonFields map[*types.Named]map[*types.Var]bool
	skipped    map[*types.Named]map[*types.Var]bool
	// used holds every named type that events use, directly or not.
	used map[*types.Named]bool
	// helpers are the exported types of stream files that are not events;
	// events must use them.
	helpers []*types.Named
	// uses are the fields whose types are being built, outermost first,
	// so that a problem inside a type of another module is reported at
	// the user's field that leads to it (see fail).
	uses []use
	// redirected holds the user's fields at which a problem inside a
	// foreign type has been reported.
	redirected map[Pos]bool
	// entry is the outermost record of another module being built, and
	// foreignProblems the first problem found inside each such record.
	entry           *types.Named
	foreignProblems map[*types.Named]string
	// firstUse is, for each type of another module, the user's field that
	// first used it.
	firstUse map[*types.TypeName]use
	// forms are the JSON forms declared with //ssegen:json.
	forms map[*types.TypeName]*formDecl
}

func newLoader(pkg *packages.Package, pos positioner) *loader {
	pos.fset = pkg.Fset
	l := &loader{
		pkg:        pkg,
		pos:        pos,
		events:     map[*types.Named]*Record{},
		records:    map[*types.Named]*Record{},
		building:   map[*types.Named]bool{},
		enums:      map[*types.Named]*Enum{},
		jsonFields: map[*types.Named]map[*types.Var]bool{},
		skipped:    map[*types.Named]map[*types.Var]bool{},
		used:       map[*types.Named]bool{},
		redirected: map[Pos]bool{},

		foreignProblems: map[*types.Named]string{},
		firstUse:        map[*types.TypeName]use{},
	}
	l.docs = collectDocs(pkg.Syntax, pkg.TypesInfo)
	return l
}

// model builds the whole model: streams first (they decide which structs
// are events), then everything the events use.
func (l *loader) model() *Model {
	m := &Model{
		Package: Package{
			Path: l.pkg.PkgPath,
			Name: l.pkg.Name,
			Dir:  l.pos.file(l.pkg.Dir),
		},
		Streams: []*Stream{},
		Records: []*Record{},
		Enums:   []*Enum{},
	}
	files := l.streamFiles()
	l.checkMisplacedDirectives(files)
	l.readForms()
	if len(files) == 0 {
		l.errs.Add(Pos{File: m.Package.Dir}, "no stream files: add a <name>_sse.go file per stream (see ssegen init)")
		return m
	}
	// Declare every event before building any, so that an event used as a
	// field of another event is known as an event, not taken for a record.
	var streams []*streamFile
	for _, f := range files {
		if s := l.declareStream(f); s != nil {
			streams = append(streams, s)
		}
	}
	for _, s := range streams {
		m.Streams = append(m.Streams, l.buildStream(s))
	}
	sort.Slice(m.Streams, func(i, j int) bool { return m.Streams[i].Name < m.Streams[j].Name })
	for named, r := range l.records {
		if _, isEvent := l.events[named]; !isEvent {
			m.Records = append(m.Records, r)
		}
	}
	sort.Slice(m.Records, func(i, j int) bool { return m.Records[i].Name < m.Records[j].Name })
	for named, r := range l.records {
		if u, ok := l.firstUse[named.Obj()]; ok {
			r.UsedAt = u.pos
		}
	}
	for named, e := range l.enums {
		if u, ok := l.firstUse[named.Obj()]; ok {
			e.UsedAt = u.pos
		}
	}
	for _, e := range l.enums {
		m.Enums = append(m.Enums, e)
	}
	sort.Slice(m.Enums, func(i, j int) bool { return m.Enums[i].Name < m.Enums[j].Name })
	l.checkNameClashes()
	l.checkHTMLStreams(m.Streams)
	l.checkUnusedHelpers()
	return m
}

// owned reports whether obj is declared in the models package's own
// module, whose code the user can change; the standard library and other
// modules are not.
func (l *loader) owned(obj types.Object) bool {
	if obj.Pkg() == nil {
		return false
	}
	if obj.Pkg() == l.pkg.Types {
		return true
	}
	if l.pkg.Module == nil || l.pkg.Module.Path == "" {
		return false
	}
	p, mod := obj.Pkg().Path(), l.pkg.Module.Path
	return p == mod || strings.HasPrefix(p, mod+"/")
}

// fileName returns the absolute path of f.
func (l *loader) fileName(f *ast.File) string {
	return filepath.Clean(l.pkg.Fset.Position(f.Package).Filename)
}
