// Package golang generates the Go side of ssegen streams from a schema
// model: sealed event interfaces, channel helpers, typed publishers,
// reflection-free JSON encoders, decoders and the registration of every
// stream with the runtime.
//
// For a stream file comment_sse.go the output file comment_stream.gen.go
// declares, in the models package:
//
//	type CommentStreamEvent interface{ ... }     // sealed: only the stream's events
//	func (CommentAdded) EventName() string       // and AppendJSON, per event
//	func CommentChannel(itemID string) string    // "item:" + itemID
//	var CommentStream = runtime.Stream{...}
//	type CommentPublisher struct{ ... }          // NewCommentPublisher(hub)
//	func (CommentPublisher) Publish(ctx, CommentStreamEvent) (id string, err error)
//	func (CommentPublisher) PublishCommentAdded(ctx, CommentAdded) (id string, err error)
//	func SendCommentSnapshot(s *runtime.Snapshot, ev CommentStreamEvent) error // in OnConnect
//	func DecodeCommentStreamEvent(name string, data []byte) (CommentStreamEvent, error)
//
// A stream marked //ssegen:html sends fragments to an HTML stream, for
// which <name>_html.gen.go declares its runtime.Stream, channel, URL and
// sse-swap names, and a fragments type that binds the application's
// templates at startup and renders and publishes each event (see html.go).
//
// ssegen.gen.go holds Streams, DecodeEvent (any stream, by name),
// Mount (which refuses to serve a //ssegen:auth stream without an
// Authorizer), the AppendJSON methods of the records events use, and the
// JSON helpers the encoders call. The
// encoders write exactly the bytes encoding/json.Marshal writes; the
// helpers are the tested package internal/jsonenc, copied in so that
// generated code needs only the standard library and the runtime.
package golang

import (
	"bytes"
	"fmt"
	"path"

	"github.com/dave/jennifer/jen"

	"github.com/ssegen/ssegen/gen/files"
	"github.com/ssegen/ssegen/schema"
)

// runtimePath is the import path of the package generated code runs on.
const runtimePath = "github.com/ssegen/ssegen/runtime"

// Options says where the generated Go code goes.
type Options struct {
	// PkgPath is the import path of the output package. Empty (or the
	// models package's own path) puts the code into the models package,
	// so that a //go:generate line there just works and events get their
	// methods: EventName, AppendJSON and the stream interface's marker.
	// In another package the code uses the models package's types from
	// outside: publishers get one method per event, decoders return the
	// event as an any, and no methods are added to the event types.
	PkgPath string
	// PkgName is the output package's name; empty means the last element
	// of PkgPath (or the models package's name).
	PkgName string
}

// SharedFile is the name of the file holding what all streams share.
const SharedFile = "ssegen.gen.go"

// StreamFile is the name of the file generated for a stream.
func StreamFile(stream string) string { return stream + "_stream.gen.go" }

// Generate renders the Go code for every stream of m: one file per stream
// and the shared file, with paths relative to the output package's
// directory. The bytes depend only on m and opts.
func Generate(m *schema.Model, opts Options) ([]files.File, error) {
	if m == nil {
		return nil, fmt.Errorf("golang: no model")
	}
	g := &gen{m: m, pkgPath: opts.PkgPath, pkgName: opts.PkgName}
	if g.pkgPath == "" {
		g.pkgPath = m.Package.Path
	}
	if g.pkgName == "" {
		if g.pkgPath == m.Package.Path {
			g.pkgName = m.Package.Name
		} else {
			g.pkgName = path.Base(g.pkgPath)
		}
	}
	g.samePkg = g.pkgPath == m.Package.Path
	if err := g.check(); err != nil {
		return nil, err
	}
	var out []files.File
	for _, s := range m.Streams {
		f := g.newFile()
		g.streamFile(f, s)
		content, err := render(f)
		if err != nil {
			return nil, fmt.Errorf("golang: stream %s: %w", s.Name, err)
		}
		out = append(out, files.File{Path: StreamFile(s.Name), Content: content})
	}
	htmlFiles, err := g.htmlFiles()
	if err != nil {
		return nil, err
	}
	out = append(out, htmlFiles...)
	f := g.newFile()
	g.sharedFile(f)
	content, err := render(f)
	if err != nil {
		return nil, fmt.Errorf("golang: %s: %w", SharedFile, err)
	}
	generated := [][]byte{content}
	for _, f := range out {
		generated = append(generated, f.Content)
	}
	content, err = appendHelpers(content, generated)
	if err != nil {
		return nil, fmt.Errorf("golang: %s: %w", SharedFile, err)
	}
	out = append(out, files.File{Path: SharedFile, Content: content})
	for i := range out {
		if out[i].Content, err = groupImports(out[i].Content); err != nil {
			return nil, fmt.Errorf("golang: %s: %w", out[i].Path, err)
		}
	}
	return out, nil
}

// gen holds what every part of the output needs.
type gen struct {
	m       *schema.Model
	pkgPath string
	pkgName string
	// samePkg is set when the output goes into the models package.
	samePkg bool
}

func (g *gen) newFile() *jen.File {
	f := jen.NewFilePathName(g.pkgPath, g.pkgName)
	f.HeaderComment(files.GoHeader)
	// Known names keep jen from writing an alias for each import.
	f.ImportName(runtimePath, "runtime")
	if !g.samePkg {
		f.ImportName(g.m.Package.Path, g.m.Package.Name)
	}
	return f
}

// render writes f out; jen formats it with gofmt's rules.
func render(f *jen.File) ([]byte, error) {
	var buf bytes.Buffer
	if err := f.Render(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
