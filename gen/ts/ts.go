// Package ts renders a schema.Model as TypeScript: per stream an ES module
// with the event types, validating decoders, encoders, the typed channel
// builder and subscription, over one shared connection.
//
// The output has no runtime dependencies and type-checks under
// `tsc --strict` without a tsconfig; representation follows gen/elm.
package ts

import (
	"fmt"

	"github.com/ssegen/ssegen/gen/files"
	"github.com/ssegen/ssegen/schema"
)

// Header is the first line of every generated TypeScript file; it marks
// the file as ssegen's.
const Header = files.JSHeader

// The fixed modules, relative to the output directory. Stream modules are
// named after their stream: board.ts.
const (
	// DecodeFile holds DecodeError and the checks every decoder uses.
	DecodeFile = "decode.ts"
	// ConnectionFile holds connect: one EventSource for every channel, in
	// JavaScript shared with gen/js; ConnectionTypesFile declares its types.
	ConnectionFile      = "connection.js"
	ConnectionTypesFile = "connection.d.ts"
	// TypesFile holds the records and enums that events use, when any.
	TypesFile = "types.ts"
)

// Options tune Generate. The zero value is ready to use; there is nothing
// to tune yet, but the generators share one signature.
type Options struct{}

// Generate renders m as TypeScript modules: decode.ts, connection.js with
// connection.d.ts,
// types.ts when events use shared records or enums, and one module per
// stream. It fails with the Check errors when some name cannot be
// rendered.
func Generate(m *schema.Model, _ Options) ([]files.File, error) {
	if m == nil {
		return nil, fmt.Errorf("ts: no model")
	}
	g, errs := plan(m)
	if err := errs.Err(); err != nil {
		return nil, err
	}
	out := []files.File{
		{Path: ConnectionFile, Content: g.renderConnection()},
		{Path: ConnectionTypesFile, Content: g.renderConnectionTypes()},
		{Path: DecodeFile, Content: []byte(Header + "\n" + decodeModule)},
	}
	if g.hasTypes {
		out = append(out, files.File{Path: TypesFile, Content: g.renderTypes()})
	}
	for _, s := range m.Streams {
		out = append(out, files.File{Path: g.streams[s.Name].file, Content: g.renderStream(s)})
	}
	return out, nil
}

// Check reports every name in m that cannot become valid TypeScript:
// types whose names clash once converted, fields that become the same
// property, streams whose module would replace a fixed one. The CLI runs
// it before writing anything.
func Check(m *schema.Model) schema.ErrorList {
	if m == nil {
		return schema.ErrorList{{Msg: "ts: no model"}}
	}
	_, errs := plan(m)
	errs.Sort()
	return errs
}
