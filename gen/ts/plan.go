package ts

import (
	"fmt"

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
	for _, r := range allRecords(m) {
		g.planFields(r, &errs)
	}
	g.checkTypes(&errs)
	return g, errs
}

// checkTypes reports types that the schema package never builds (a model
// made by hand may hold them), so that rendering can trust every type.
func (g *generator) checkTypes(errs *schema.ErrorList) {
	var check func(t *schema.Type, pos schema.Pos, what string)
	check = func(t *schema.Type, pos schema.Pos, what string) {
		if t == nil {
			errs.Add(pos, "%s has no type", what)
			return
		}
		switch t.Kind {
		case schema.KindString, schema.KindBool, schema.KindInt, schema.KindUint, schema.KindFloat,
			schema.KindTime, schema.KindBytes, schema.KindRawJSON:
		case schema.KindText, schema.KindJSON:
			switch {
			case t.Named == nil || t.Under == nil:
				errs.Add(pos, "%s has a %s type without its Go name and shape", what, t.Kind)
			case t.Form != nil && t.Form.Kind == schema.KindJSON && t.Form.Form == nil:
				errs.Add(pos, "%s has a JSON form that is itself opaque", what)
			case t.Form != nil:
				check(t.Form, pos, what)
			}
		case schema.KindSlice, schema.KindArray, schema.KindPointer:
			check(t.Elem, pos, what)
		case schema.KindMap:
			check(t.Key, pos, what)
			check(t.Elem, pos, what)
		case schema.KindRecord, schema.KindEnum:
			if g.decls[t.Ref] == nil {
				errs.Add(pos, "%s refers to %s, which the model does not declare", what, t.Ref)
			}
		default:
			errs.Add(pos, "%s has the kind %q, which TypeScript output does not support", what, t.Kind)
		}
	}
	for _, r := range allRecords(g.m) {
		for _, f := range r.Fields {
			check(f.Type, f.Pos, "field "+f.GoName+" of "+r.Name)
		}
	}
	for _, s := range g.m.Streams {
		if s.Channel != nil {
			check(s.Channel.Key, s.Channel.Pos, "the channel key of stream "+s.Name)
		}
	}
}

// allRecords lists shared records, then events stream by stream.
func allRecords(m *schema.Model) []*schema.Record {
	out := append([]*schema.Record(nil), m.Records...)
	for _, s := range m.Streams {
		out = append(out, s.Events...)
	}
	return out
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
