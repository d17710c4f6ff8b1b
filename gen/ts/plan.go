package ts

import (
	"fmt"

	"github.com/ssegen/ssegen/gen/internal/modelwalk"
	"github.com/ssegen/ssegen/schema"
)

// generator holds every TypeScript name of one model, decided once so
// that Generate and Check agree.
type generator struct {
	m *schema.Model
	// hasTypes is set when the model has shared records or enums.
	hasTypes bool
	// decls maps the Go name of every record, event and enum to its names.
	decls map[string]*decl
	// streams maps stream names to their names.
	streams map[string]*streamNames
	// fields maps each record field to its property name.
	fields map[*schema.Field]string
}

// decl is the TypeScript face of one record, event or enum.
type decl struct {
	// module is the import path of the declaring module, "./types.js".
	module  string
	typ     string // type name
	decoder string // function name of its decoder
	encoder string // function name of its encoder
	values  string // enums only: the constant array of every value
}

// streamNames are the names of one stream's module.
type streamNames struct {
	file      string // board.ts
	module    string // ./board.js
	eventType string // BoardStreamEvent
}

// moduleOf is the import path of the TypeScript module file path.
func moduleOf(file string) string {
	return "./" + file[:len(file)-len(".ts")] + ".js"
}

// where describes a position for a message.
func where(p schema.Pos) string {
	switch {
	case p.File == "":
		return "generated code"
	case p.Line == 0:
		return p.File
	}
	return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col)
}

// plan decides every name and reports what cannot be rendered. Type names
// share one namespace across the modules, since any module may import any
// other's types; values are prefixed (decodeX, encodeX, xValues) or fixed
// per stream module, and generated code names its own locals with a `$`,
// which no Go identifier has.
func plan(m *schema.Model) (*generator, schema.ErrorList) {
	var errs schema.ErrorList
	g := &generator{
		m:        m,
		hasTypes: len(m.Records) > 0 || len(m.Enums) > 0,
		decls:    map[string]*decl{},
		streams:  map[string]*streamNames{},
		fields:   map[*schema.Field]string{},
	}
	types := map[string]string{} // TypeScript type name -> what declares it
	typePos := map[string]schema.Pos{}
	addType := func(name, what string, pos schema.Pos) {
		if prev, ok := types[name]; ok {
			errs.Add(pos, "%s becomes the TypeScript type %s, which %s (%s) already is; rename one of them", what, name, prev, where(typePos[name]))
			return
		}
		types[name] = what
		typePos[name] = pos
	}
	typesModule := moduleOf(TypesFile)
	for _, r := range m.Records {
		t := typeName(r.Name)
		g.decls[r.Name] = &decl{module: typesModule, typ: t, decoder: "decode" + t, encoder: "encode" + t}
		addType(t, "record "+r.Name, r.Pos)
	}
	for _, e := range m.Enums {
		t := typeName(e.Name)
		g.decls[e.Name] = &decl{module: typesModule, typ: t, decoder: "decode" + t, encoder: "encode" + t, values: lowerCamel(e.Name) + "Values"}
		addType(t, "enum "+e.Name, e.Pos)
	}
	files := map[string]schema.Pos{DecodeFile: {}, "connection.ts": {}, TypesFile: {}}
	for _, s := range m.Streams {
		sn := &streamNames{file: s.Name + ".ts", eventType: upperCamel(s.Name) + "StreamEvent"}
		sn.module = moduleOf(sn.file)
		g.streams[s.Name] = sn
		if prev, ok := files[sn.file]; ok {
			other := "a module ssegen writes for every model"
			if prev.File != "" {
				other = "the module of the stream at " + where(prev)
			}
			errs.Add(s.Pos, "stream %s becomes the TypeScript module %s, which is %s; rename the file", s.Name, sn.file, other)
		}
		files[sn.file] = s.Pos
		for _, e := range s.Events {
			t := typeName(e.Name)
			g.decls[e.Name] = &decl{module: sn.module, typ: t, decoder: "decode" + t, encoder: "encode" + t}
			addType(t, "event "+e.Name, e.Pos)
		}
	}
	// The union types come last, so that a clash is reported at the Go
	// type, which is what the user can rename.
	for _, s := range m.Streams {
		t := g.streams[s.Name].eventType
		if prev, ok := types[t]; ok {
			errs.Add(typePos[t], "%s becomes the TypeScript type %s, which is also the event union of stream %s; rename it", prev, t, s.Name)
			continue
		}
		types[t] = "the event union of stream " + s.Name
		typePos[t] = s.Pos
	}
	for _, r := range modelwalk.Records(m) {
		g.planFields(r, &errs)
	}
	g.checkTypes(&errs)
	return g, errs
}

// checkTypes reports types that the schema package never builds (a model
// made by hand may hold them), so that rendering can trust every type.
func (g *generator) checkTypes(errs *schema.ErrorList) {
	modelwalk.CheckTypes(g.m, errs, modelwalk.TypeCheck{
		Output:      "TypeScript output",
		Declared:    func(t *schema.Type) bool { return g.decls[t.Ref] != nil },
		ChannelKeys: true,
	})
}

// planFields names the fields of r and reports fields whose property
// names clash.
func (g *generator) planFields(r *schema.Record, errs *schema.ErrorList) {
	seen := map[string]*schema.Field{}
	for _, f := range r.Fields {
		name := lowerCamel(f.GoName)
		if name == "" {
			errs.Add(f.Pos, "field %s of %s has no usable TypeScript name; rename it", f.GoName, r.Name)
			continue
		}
		g.fields[f] = name
		if prev, ok := seen[name]; ok {
			errs.Add(f.Pos, "field %s of %s becomes the TypeScript property %s, like field %s (%s); rename one of them", f.GoName, r.Name, name, prev.GoName, where(prev.Pos))
			continue
		}
		seen[name] = f
	}
}
