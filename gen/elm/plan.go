package elm

import (
	"fmt"
	"sort"

	"github.com/ssegen/ssegen/gen/internal/modelwalk"
	"github.com/ssegen/ssegen/schema"
)

// generator holds every Elm name of one model, decided once so that
// Generate and Check agree.
type generator struct {
	m           *schema.Model
	prefix      string
	portsModule string
	typesModule string
	// hasTypes is set when the model has shared records or enums.
	hasTypes bool
	// decls maps the Go name of every record, event and enum to its Elm
	// names.
	decls map[string]*decl
	// streams maps stream names to their Elm names.
	streams map[string]*streamNames
	// fields maps each record field to its Elm name.
	fields map[*schema.Field]string
}

// decl is the Elm face of one record, event or enum.
type decl struct {
	module  string
	typ     string // type name
	decoder string // value name of its decoder
	encoder string // value name of its encoder
	pos     schema.Pos
}

// streamNames are the Elm names of one stream.
type streamNames struct {
	module    string
	eventType string // CommentStreamEvent
	port      string // sseComment
	keyArg    string // the channel function's argument, "" for global streams
}

// helperNames are the module-private helpers a module may define; they
// take part in clash checks whether used or not, so that adding a field
// never turns a valid schema into an invalid one.
var helperNames = []string{
	"andMap", "decodeOptionalField", "decodeNullableList", "decodeNullableDict", "decodeNullableBytes",
	"decodeQuoted", "writeQuoted", "writeNullable", "optionalMember", "nonEmptyMember",
}

// streamValues are the fixed top-level values of every stream module.
var streamValues = []string{"decoder", "encode", "eventName", "channel", "subscribe"}

// namespace finds clashes among the names of one Elm module. Types,
// constructors and values are separate namespaces in Elm.
type namespace struct {
	module string
	seen   map[string]schema.Pos
	errs   *schema.ErrorList
}

func newNamespace(module string, errs *schema.ErrorList) *namespace {
	return &namespace{module: module, seen: map[string]schema.Pos{}, errs: errs}
}

// add records name of the given kind ("type", "constructor", "value")
// declared for what (a description for the message) at pos.
func (n *namespace) add(kind, name, what string, pos schema.Pos) {
	n.addFix(kind, name, what, pos, "")
}

// addFix is add with the advice for a clash given: types of other modules
// cannot be renamed by the user.
func (n *namespace) addFix(kind, name, what string, pos schema.Pos, fix string) {
	key := kind + " " + name
	if kind == "type" || kind == "constructor" {
		if preludeTypes[name] {
			n.errs.Add(pos, "%s becomes the Elm name %s, which Elm's prelude already defines; %s", what, name, orFix(fix, "rename it"))
			return
		}
	}
	if prev, ok := n.seen[key]; ok {
		n.errs.Add(pos, "%s becomes the Elm %s %s in module %s, which %s already uses; %s", what, kind, name, n.module, where(prev), orFix(fix, "rename one of them"))
		return
	}
	n.seen[key] = pos
}

func orFix(fix, otherwise string) string {
	if fix != "" {
		return fix
	}
	return otherwise
}

// foreignFace is where and how to report a clash of a record or enum: at
// the user's field that uses a type of another module (usedAt), with
// advice the user can follow, else at the type itself.
func foreignFace(kind, name, pkgPath string, pos, usedAt schema.Pos) (at schema.Pos, what, fix string) {
	if usedAt.File == "" {
		return pos, kind + " " + name, ""
	}
	return usedAt, fmt.Sprintf("%s %s of %s", kind, name, pkgPath),
		fmt.Sprintf("declare a type of your own with another name for it (type My%s %s.%s) and use that", name, schema.PkgName(pkgPath), name)
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

// plan decides every name and reports what cannot be rendered.
func plan(m *schema.Model, prefix string) (*generator, schema.ErrorList) {
	var errs schema.ErrorList
	g := &generator{
		m:           m,
		prefix:      prefix,
		portsModule: prefix + ".Ports",
		typesModule: prefix + ".Types",
		hasTypes:    len(m.Records) > 0 || len(m.Enums) > 0,
		decls:       map[string]*decl{},
		streams:     map[string]*streamNames{},
		fields:      map[*schema.Field]string{},
	}
	modules := map[string]schema.Pos{g.portsModule: {}, g.typesModule: {}}
	spaces := map[string]*namespace{}
	space := func(module string) *namespace {
		if spaces[module] == nil {
			spaces[module] = newNamespace(module, &errs)
			for _, h := range helperNames {
				spaces[module].add("value", h, "", schema.Pos{})
			}
		}
		return spaces[module]
	}

	types := space(g.typesModule)
	for _, r := range m.Records {
		d := &decl{module: g.typesModule, typ: typeName(r.Name), decoder: lowerCamel(r.Name) + "Decoder", encoder: "encode" + typeName(r.Name), pos: r.Pos}
		g.decls[r.Name] = d
		at, what, fix := foreignFace("record", r.Name, r.PkgPath, r.Pos, r.UsedAt)
		types.addFix("type", d.typ, what, at, fix)
		types.addFix("constructor", d.typ, what, at, fix)
		types.addFix("value", d.decoder, what, at, fix)
		types.addFix("value", d.encoder, what, at, fix)
	}
	for _, e := range m.Enums {
		d := &decl{module: g.typesModule, typ: typeName(e.Name), decoder: lowerCamel(e.Name) + "Decoder", encoder: "encode" + typeName(e.Name), pos: e.Pos}
		g.decls[e.Name] = d
		at, what, fix := foreignFace("enum", e.Name, e.PkgPath, e.Pos, e.UsedAt)
		types.addFix("type", d.typ, what, at, fix)
		types.addFix("value", d.decoder, what, at, fix)
		types.addFix("value", d.encoder, what, at, fix)
		for _, v := range enumValueNames(e) {
			types.addFix("value", v, what, at, fix)
		}
		for _, c := range e.Values {
			cAt, cWhat := c.Pos, "enum constant "+c.GoName
			if e.UsedAt.File != "" {
				cAt, cWhat = e.UsedAt, "constant "+c.GoName+" of enum "+e.Name+" of "+e.PkgPath
			}
			types.addFix("constructor", typeName(c.GoName), cWhat, cAt, fix)
		}
	}

	for _, s := range m.Streams {
		sn := &streamNames{
			module:    prefix + "." + upperCamel(s.Name),
			eventType: upperCamel(s.Name) + "StreamEvent",
			port:      PortName(s.Name),
		}
		g.streams[s.Name] = sn
		if prev, ok := modules[sn.module]; ok {
			other := "a generated module"
			if prev.File != "" {
				other = "the stream at " + where(prev)
			}
			errs.Add(s.Pos, "stream %s becomes the Elm module %s, which %s already is; rename the file", s.Name, sn.module, other)
		}
		modules[sn.module] = s.Pos
		ns := space(sn.module)
		for _, v := range streamValues {
			ns.add("value", v, "", schema.Pos{})
		}
		ns.add("value", sn.port, "", schema.Pos{})
		ns.add("type", sn.eventType, "stream "+s.Name, s.Pos)
		if len(s.Events) == 0 {
			errs.Add(s.Pos, "stream %s has no events; an Elm custom type needs at least one variant", s.Name)
		}
		for _, e := range s.Events {
			d := &decl{module: sn.module, typ: typeName(e.Name) + "Data", decoder: lowerCamel(e.Name) + "Decoder", encoder: "encode" + typeName(e.Name), pos: e.Pos}
			g.decls[e.Name] = d
			what := "event " + e.Name
			ns.add("type", d.typ, what, e.Pos)
			ns.add("constructor", d.typ, what, e.Pos)
			ns.add("constructor", typeName(e.Name), what, e.Pos)
			ns.add("value", d.decoder, what, e.Pos)
			ns.add("value", d.encoder, what, e.Pos)
		}
		if s.Channel != nil {
			// The channel function's argument must not shadow a top-level
			// value: Elm forbids shadowing.
			sn.keyArg = lowerCamel(s.Channel.Field)
			if _, taken := ns.seen["value "+sn.keyArg]; taken {
				sn.keyArg = "key"
			}
		}
	}

	for _, r := range modelwalk.Records(m) {
		g.planFields(r, &errs)
	}
	if g.checkTypes(&errs) {
		g.checkCycles(&errs)
	}
	return g, errs
}

// checkTypes reports types that the schema package never builds (a model
// made by hand may hold them), so that rendering can trust every type.
// It reports whether all types are sound.
func (g *generator) checkTypes(errs *schema.ErrorList) bool {
	before := len(*errs)
	modelwalk.CheckTypes(g.m, errs, modelwalk.TypeCheck{
		Output:      "Elm output",
		Declared:    func(t *schema.Type) bool { return g.decls[t.Ref] != nil },
		ChannelKeys: true,
	})
	return len(*errs) == before
}

// enumValueNames are the top-level values an enum defines besides its
// decoder and encoder.
func enumValueNames(e *schema.Enum) []string {
	base := lowerCamel(e.Name)
	if e.Kind == schema.KindString {
		return []string{base + "List", base + "ToString", base + "FromString"}
	}
	return []string{base + "List", base + "ToInt", base + "FromInt"}
}

// planFields names the fields of r and reports fields whose Elm names
// clash.
func (g *generator) planFields(r *schema.Record, errs *schema.ErrorList) {
	seen := map[string]*schema.Field{}
	what, fix := r.Name, ""
	if r.UsedAt.File != "" {
		_, what, fix = foreignFace("record", r.Name, r.PkgPath, r.Pos, r.UsedAt)
	}
	for _, f := range r.Fields {
		at := f.Pos
		if r.UsedAt.File != "" {
			at = r.UsedAt
		}
		name := lowerCamel(f.GoName)
		if name == "" {
			errs.Add(at, "field %s of %s has no usable Elm name; %s", f.GoName, what, orFix(fix, "rename it"))
			continue
		}
		g.fields[f] = name
		if prev, ok := seen[name]; ok {
			errs.Add(at, "field %s of %s becomes the Elm field %s, like field %s (%s); %s", f.GoName, what, name, prev.GoName, where(prev.Pos), orFix(fix, "rename one of them"))
			continue
		}
		seen[name] = f
	}
}

// moduleOf is the module that declares the record, event or enum goName.
func (g *generator) moduleOf(goName string) string {
	if d := g.decls[goName]; d != nil {
		return d.module
	}
	return ""
}

// deps lists the generated modules a record's fields refer to.
func (g *generator) deps(r *schema.Record) []string {
	set := map[string]bool{}
	for _, f := range r.Fields {
		walkRefs(f.Type, func(ref string) { set[g.moduleOf(ref)] = true })
	}
	var out []string
	for mod := range set {
		if mod != "" {
			out = append(out, mod)
		}
	}
	sort.Strings(out)
	return out
}

// walkRefs calls fn with the Ref of every record or enum inside t.
func walkRefs(t *schema.Type, fn func(string)) {
	if t == nil {
		return
	}
	if t.Kind == schema.KindRecord || t.Kind == schema.KindEnum {
		fn(t.Ref)
	}
	walkRefs(t.Elem, fn)
	walkRefs(t.Key, fn)
	walkRefs(t.Form, fn)
}

// checkCycles reports records whose module would import, directly or not,
// the module that imports it: Elm forbids import cycles.
func (g *generator) checkCycles(errs *schema.ErrorList) {
	edges := map[string]map[string]schema.Pos{}
	for _, r := range modelwalk.Records(g.m) {
		from := g.moduleOf(r.Name)
		for _, to := range g.deps(r) {
			if to == from {
				continue
			}
			if edges[from] == nil {
				edges[from] = map[string]schema.Pos{}
			}
			if _, ok := edges[from][to]; !ok {
				edges[from][to] = r.Pos
			}
		}
	}
	var reach func(from, target string, seen map[string]bool) bool
	reach = func(from, target string, seen map[string]bool) bool {
		if from == target {
			return true
		}
		if seen[from] {
			return false
		}
		seen[from] = true
		for to := range edges[from] {
			if reach(to, target, seen) {
				return true
			}
		}
		return false
	}
	for from, tos := range edges {
		for to, pos := range tos {
			if reach(to, from, map[string]bool{}) {
				errs.Add(pos, "Elm module %s would import %s, which imports it back; Elm forbids import cycles: move the shared type out of the stream file", from, to)
			}
		}
	}
}

// The port names that the generated Elm declares and the JavaScript glue
// of gen/js uses; both sides take them from here.
const (
	// CommandPort carries {follow: [topic, ...]} from Elm to the glue.
	CommandPort = "sseCommand"
	// StatusPort carries the connection's status from the glue to Elm.
	StatusPort = "sseStatus"
)

// PortName is the name of the port on which the glue hands a stream's
// events to its Elm module: "sseComment" for the stream comment.
func PortName(stream string) string {
	return "sse" + upperCamel(stream)
}
