package golang

import (
	"fmt"

	"github.com/dave/jennifer/jen"

	"github.com/ssegen/ssegen/schema"
)

// encoderName is the unexported function that appends a record's JSON.
// Records of every package get one; only the models package's records
// also get an AppendJSON method, since Go allows methods only there.
func encoderName(record string) string { return "ssegenAppend" + record }

// recordEncoder renders the encoder function of r, plus its AppendJSON
// method when r belongs to the output package.
func (g *gen) recordEncoder(r *schema.Record) []jen.Code {
	fails := g.recordCanFail(r, map[string]bool{})
	e := &encoder{g: g, fails: fails}
	body := e.fields(r)
	if fails {
		body = append(body, jen.Return(jen.Id("b"), jen.Nil()))
	} else {
		body = append(body, jen.Return(jen.Id("b")))
	}
	results := []jen.Code{jen.Index().Byte()}
	if fails {
		results = append(results, jen.Error())
		if e.usesErr {
			body = append([]jen.Code{jen.Var().Id("err").Error()}, body...)
		}
	}
	typ := jen.Qual(r.PkgPath, r.Name)
	name := encoderName(r.Name)
	out := []jen.Code{
		jen.Commentf("%s appends the JSON of v to b: the bytes encoding/json.Marshal writes.", name),
		jen.Func().Id(name).Params(jen.Id("b").Index().Byte(), jen.Id("v").Op("*").Add(typ)).Params(results...).Block(body...),
		jen.Line(),
	}
	if r.PkgPath != g.pkgPath && !g.isEvent(r) {
		return out
	}
	out = append(out, g.bufferedEncoder(r, fails)...)
	if r.PkgPath != g.pkgPath {
		return out
	}
	out = append(out,
		jen.Comment("AppendJSON appends the JSON of v to b, byte for byte what encoding/json.Marshal"),
		jen.Comment("writes for it, without reflection. On error b is returned unchanged."),
		jen.Func().Params(jen.Id("v").Id(r.Name)).Id("AppendJSON").Params(jen.Id("b").Index().Byte()).Params(jen.Index().Byte(), jen.Error()).Block(
			jen.Return(jen.Id(bufferedName(r.Name)).Call(jen.Id("b"), jen.Op("&").Id("v"))),
		),
		jen.Line(),
	)
	return out
}

// bufferedName is the function that encodes a record for AppendJSON and
// the publishers.
func bufferedName(record string) string { return "ssegenEncode" + record }

// bufferedEncoder renders the function that encodes into the caller's
// buffer when it has room for the usual size, and otherwise into a pooled
// scratch buffer that is then copied once: a nil buffer costs exactly one
// allocation of the exact size, instead of one per doubling.
func (g *gen) bufferedEncoder(r *schema.Record, fails bool) []jen.Code {
	name, enc := bufferedName(r.Name), jen.Id(encoderName(r.Name))
	var direct, scratch []jen.Code
	if fails {
		direct = []jen.Code{
			jen.List(jen.Id("out"), jen.Err()).Op(":=").Add(enc).Call(jen.Id("b"), jen.Id("v")),
			jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Id("b"), jen.Err())),
			jen.Return(jen.Id("out"), jen.Nil()),
		}
		scratch = []jen.Code{
			jen.Id("p").Op(":=").Id("ssegenGetScratch").Call(),
			jen.List(jen.Id("out"), jen.Err()).Op(":=").Add(enc).Call(jen.Op("*").Id("p"), jen.Id("v")),
			jen.If(jen.Err().Op("==").Nil()).Block(jen.Id("b").Op("=").Append(jen.Id("b"), jen.Id("out").Op("..."))),
			jen.Id("ssegenPutScratch").Call(jen.Id("p"), jen.Id("out")),
			jen.Return(jen.Id("b"), jen.Err()),
		}
	} else {
		direct = []jen.Code{jen.Return(jen.Add(enc).Call(jen.Id("b"), jen.Id("v")), jen.Nil())}
		scratch = []jen.Code{
			jen.Id("p").Op(":=").Id("ssegenGetScratch").Call(),
			jen.Id("out").Op(":=").Add(enc).Call(jen.Op("*").Id("p"), jen.Id("v")),
			jen.Id("b").Op("=").Append(jen.Id("b"), jen.Id("out").Op("...")),
			jen.Id("ssegenPutScratch").Call(jen.Id("p"), jen.Id("out")),
			jen.Return(jen.Id("b"), jen.Nil()),
		}
	}
	body := append([]jen.Code{
		jen.If(jen.Cap(jen.Id("b")).Op("-").Len(jen.Id("b")).Op(">=").Lit(g.sizeHint(r))).Block(direct...),
	}, scratch...)
	return []jen.Code{
		jen.Commentf("%s appends the JSON of v to b, through a pooled buffer when b", name),
		jen.Comment("lacks room for its usual size. On error b is returned unchanged."),
		jen.Func().Id(name).Params(jen.Id("b").Index().Byte(), jen.Id("v").Op("*").Qual(r.PkgPath, r.Name)).Params(jen.Index().Byte(), jen.Error()).Block(body...),
		jen.Line(),
	}
}

// isEvent reports whether r is an event of some stream.
func (g *gen) isEvent(r *schema.Record) bool {
	for _, s := range g.m.Streams {
		for _, e := range s.Events {
			if e == r {
				return true
			}
		}
	}
	return false
}

// encoder renders the statements of one encoder function. They append to
// b; failures return b and err at once, as encoding/json stops at the
// first error.
type encoder struct {
	g *gen
	// fails says whether the function returns an error.
	fails bool
	// usesErr is set once a statement assigns err.
	usesErr bool
}

// lit appends a constant string, a single byte as a byte.
func lit(s string) jen.Code {
	if len(s) == 1 {
		return litByte(s[0])
	}
	return jen.Id("b").Op("=").Append(jen.Id("b"), jen.Lit(s).Op("..."))
}

// litByte appends one constant byte.
func litByte(c byte) jen.Code {
	return jen.Id("b").Op("=").Append(jen.Id("b"), jen.LitRune(rune(c)))
}

// call appends with a helper that cannot fail: b = f(b, args...).
func call(f jen.Code, args ...jen.Code) jen.Code {
	return jen.Id("b").Op("=").Add(f).Call(append([]jen.Code{jen.Id("b")}, args...)...)
}

// try appends with a helper that can fail, returning at the first error.
func (e *encoder) try(f jen.Code, args ...jen.Code) jen.Code {
	e.usesErr = true
	return jen.If(
		jen.List(jen.Id("b"), jen.Err()).Op("=").Add(f).Call(append([]jen.Code{jen.Id("b")}, args...)...),
		jen.Err().Op("!=").Nil(),
	).Block(jen.Return(jen.Id("b"), jen.Err()))
}

// fields renders a record's object: the members in model order, a comma
// before every member but the first written. While every earlier member
// is always written, the comma is known when generating; after the first
// optional member, the object is non-empty exactly when b has grown past
// its opening brace.
func (e *encoder) fields(r *schema.Record) []jen.Code {
	var out []jen.Code
	usesOpen := false
	comma := func() jen.Code {
		usesOpen = true
		return jen.If(jen.Len(jen.Id("b")).Op(">").Id("open").Op("+").Lit(1)).Block(litByte(','))
	}
	// state: 0 nothing written yet, 1 something written, 2 unknown.
	state := 0
	pending := "{"
	flush := func() {
		if pending != "" {
			out = append(out, lit(pending))
			pending = ""
		}
	}
	for _, f := range r.Fields {
		x := fieldExpr(f)
		key := `"` + htmlEscapeName(f.JSONName) + `":`
		cond := e.writeCond(f)
		if cond == jen.Code(skipAlways) {
			continue
		}
		value := e.value(f.Type, x, f.String, 0)
		if cond == nil {
			switch state {
			case 0:
				pending += key
			case 1:
				pending += "," + key
			case 2:
				flush()
				out = append(out, comma())
				pending = key
			}
			flush()
			out = append(out, value...)
			if state == 0 {
				state = 1
			}
			continue
		}
		flush()
		var inner []jen.Code
		switch state {
		case 0:
			inner = append(inner, lit(key))
		case 1:
			inner = append(inner, lit(","+key))
		case 2:
			inner = append(inner, comma(), lit(key))
		}
		inner = append(inner, value...)
		out = append(out, jen.If(cond).Block(inner...))
		if state == 0 {
			// Whether anything precedes the next member is known only
			// when encoding; after state 1 it stays known.
			state = 2
		}
	}
	pending += "}"
	flush()
	if usesOpen {
		out = append([]jen.Code{jen.Id("open").Op(":=").Len(jen.Id("b"))}, out...)
	}
	return out
}

// skipAlways marks a field that is always left out ([0]T with omitempty).
var skipAlways = jen.False()

// writeCond is the condition under which f is written, nil if always.
func (e *encoder) writeCond(f *schema.Field) jen.Code {
	x := fieldExpr(f)
	var conds []jen.Code
	if f.OmitEmpty {
		if f.Type.Kind == schema.KindArray && f.Type.Len == 0 {
			return skipAlways
		}
		if u := f.Type.Under; u != nil && u.Kind == schema.KindArray && u.Len == 0 {
			return skipAlways
		}
		if c := e.g.notEmpty(f.Type, x); c != nil {
			conds = append(conds, c)
		}
	}
	if f.OmitZero {
		z := e.g.notZero(f.Type, x)
		// For strings the two tests are the same; vet rightly refuses
		// "a && a".
		if len(conds) == 0 || fmt.Sprintf("%#v", conds[0]) != fmt.Sprintf("%#v", z) {
			conds = append(conds, z)
		}
	}
	switch len(conds) {
	case 0:
		return nil
	case 1:
		return conds[0]
	}
	return jen.Add(conds[0]).Op("&&").Add(conds[1])
}

// fieldExpr is v.A.B for a field reached through embedded structs.
func fieldExpr(f *schema.Field) *jen.Statement {
	s := jen.Id("v")
	for _, p := range f.Path {
		s = s.Dot(p)
	}
	return s
}

// value renders the statements that append the JSON of x, of type t.
// quoted is the `string` tag option; depth numbers loop variables so that
// nested containers do not shadow each other.
func (e *encoder) value(t *schema.Type, x jen.Code, quoted bool, depth int) []jen.Code {
	return e.stmts(t, x, nil, quoted, depth)
}

// stmts appends the JSON of x. addr, when not nil, is a pointer to x, so
// that record encoders need not copy.
func (e *encoder) stmts(t *schema.Type, x, addr jen.Code, quoted bool, depth int) []jen.Code {
	g := e.g
	switch t.Kind {
	case schema.KindTime:
		return []jen.Code{e.try(jen.Id("ssegenAppendTime"), x)}
	case schema.KindBytes:
		if t.Named != nil {
			x = jen.Index().Byte().Parens(x)
		}
		return []jen.Code{call(jen.Id("ssegenAppendBytes"), x)}
	case schema.KindRawJSON:
		return []jen.Code{e.try(jen.Id("ssegenAppendRawJSON"), x)}
	case schema.KindText, schema.KindJSON:
		// Through the pointer where there is one: the schema accepts
		// methods with pointer receivers only there, as encoding/json
		// calls them only there.
		if addr != nil {
			x = addr
		}
		helper := "ssegenAppendText"
		if t.Kind == schema.KindJSON {
			helper = "ssegenAppendMarshalJSON"
		}
		return []jen.Code{e.try(jen.Id(helper), x, jen.Lit(e.g.typeString(t)))}
	case schema.KindRecord:
		if addr == nil {
			addr = jen.Op("&").Add(x)
		}
		r := g.m.Record(t.Ref)
		if g.recordCanFail(r, map[string]bool{}) {
			return []jen.Code{e.try(jen.Id(encoderName(r.Name)), addr)}
		}
		return []jen.Code{call(jen.Id(encoderName(r.Name)), addr)}
	case schema.KindPointer:
		elemQuoted := quoted && g.basicKind(t.Elem) != "" && t.Named == nil
		return []jen.Code{jen.If(jen.Add(x).Op("==").Nil()).Block(lit("null")).Else().Block(
			e.stmts(t.Elem, jen.Op("*").Add(x), x, elemQuoted, depth)...)}
	case schema.KindSlice, schema.KindArray:
		i, el := jen.Id(fmt.Sprintf("i%d", depth)), jen.Id(fmt.Sprintf("e%d", depth))
		loop := []jen.Code{
			jen.If(jen.Add(i).Op(">").Lit(0)).Block(litByte(',')),
		}
		loop = append(loop, e.stmts(t.Elem, el, nil, false, depth+1)...)
		body := []jen.Code{
			litByte('['),
			jen.For(jen.List(i, el).Op(":=").Range().Add(x)).Block(loop...),
			litByte(']'),
		}
		if t.Kind == schema.KindArray {
			return body
		}
		return []jen.Code{jen.If(jen.Add(x).Op("==").Nil()).Block(lit("null")).Else().Block(body...)}
	case schema.KindMap:
		return e.mapStmts(t, x, depth)
	}
	return e.basic(t, x, quoted)
}

// basic appends strings, bools and numbers, enums and named types
// included, with the `string` option's extra quotes when quoted.
func (e *encoder) basic(t *schema.Type, x jen.Code, quoted bool) []jen.Code {
	kind := e.g.basicKind(t)
	named := t.Named != nil || t.Kind == schema.KindEnum
	conv := func(basic string) jen.Code {
		if named || t.Basic != basic {
			return jen.Id(basic).Call(x)
		}
		return x
	}
	var out []jen.Code
	switch kind {
	case schema.KindString:
		if quoted {
			return []jen.Code{call(jen.Id("ssegenAppendQuotedString"), conv("string"))}
		}
		return []jen.Code{call(jen.Id("ssegenAppendString"), conv("string"))}
	case schema.KindBool:
		out = []jen.Code{call(jen.Qual("strconv", "AppendBool"), conv("bool"))}
	case schema.KindInt:
		out = []jen.Code{call(jen.Qual("strconv", "AppendInt"), conv("int64"), jen.Lit(10))}
	case schema.KindUint:
		out = []jen.Code{call(jen.Qual("strconv", "AppendUint"), conv("uint64"), jen.Lit(10))}
	case schema.KindFloat:
		bits := 64
		if t.Basic == "float32" {
			bits = 32
		}
		out = []jen.Code{e.try(jen.Id("ssegenAppendFloat"), conv("float64"), jen.Lit(bits))}
	default:
		panic(fmt.Sprintf("unchecked kind %q", t.Kind)) // Generate checks every type first
	}
	if quoted {
		out = append([]jen.Code{litByte('"')}, append(out, litByte('"'))...)
	}
	return out
}

// mapStmts appends a map as encoding/json does: null when nil, members
// sorted by the key's string form. Keys are gathered in a small array on
// the stack, so that small maps cost no allocation.
func (e *encoder) mapStmts(t *schema.Type, x jen.Code, depth int) []jen.Code {
	g := e.g
	d := func(s string) *jen.Statement { return jen.Id(fmt.Sprintf("%s%d", s, depth)) }
	m, keys, i, k, el := d("m"), d("keys"), d("i"), d("k"), d("e")
	if t.Key.Kind == schema.KindText {
		return e.textKeyMapStmts(t, x, depth)
	}
	keyType := g.goType(t.Key)
	keyKind := g.basicKind(t.Key)
	var sortCall jen.Code
	var keyStmts []jen.Code
	switch keyKind {
	case schema.KindString:
		sortCall = jen.Qual("slices", "Sort").Call(keys)
		conv := jen.Code(k)
		if t.Key.Named != nil || t.Key.Kind == schema.KindEnum || t.Key.Basic != "string" {
			conv = jen.String().Call(k)
		}
		keyStmts = []jen.Code{call(jen.Id("ssegenAppendString"), conv)}
	case schema.KindInt, schema.KindUint:
		helper, basic, appendFn := "ssegenCompareIntKeys", "int64", "AppendInt"
		if keyKind == schema.KindUint {
			helper, basic, appendFn = "ssegenCompareUintKeys", "uint64", "AppendUint"
		}
		sortCall = jen.Qual("slices", "SortFunc").Call(keys, jen.Func().Params(jen.List(jen.Id("x"), jen.Id("y")).Add(keyType)).Int().Block(
			jen.Return(jen.Id(helper).Call(jen.Id(basic).Call(jen.Id("x")), jen.Id(basic).Call(jen.Id("y")))),
		))
		keyStmts = []jen.Code{
			litByte('"'),
			call(jen.Qual("strconv", appendFn), jen.Id(basic).Call(k), jen.Lit(10)),
			litByte('"'),
		}
	default:
		panic(fmt.Sprintf("unchecked map key kind %q", t.Key.Kind)) // Generate checks every type first
	}
	loop := []jen.Code{jen.If(jen.Add(i).Op(">").Lit(0)).Block(litByte(','))}
	loop = append(loop, keyStmts...)
	loop = append(loop, litByte(':'), jen.Add(el).Op(":=").Add(m).Index(k))
	loop = append(loop, e.stmts(t.Elem, el, nil, false, depth+1)...)
	return []jen.Code{jen.If(jen.Add(m).Op(":=").Add(x), jen.Add(m).Op("==").Nil()).Block(lit("null")).Else().Block(
		jen.Var().Id(fmt.Sprintf("keyArray%d", depth)).Index(jen.Lit(16)).Add(keyType),
		jen.Add(keys).Op(":=").Id(fmt.Sprintf("keyArray%d", depth)).Index(jen.Empty(), jen.Lit(0)),
		jen.For(jen.Add(k).Op(":=").Range().Add(m)).Block(jen.Add(keys).Op("=").Append(keys, k)),
		sortCall,
		litByte('{'),
		jen.For(jen.List(i, k).Op(":=").Range().Add(keys)).Block(loop...),
		litByte('}'),
	)}
}

// textKeyMapStmts appends a map whose key type has MarshalText, as
// encoding/json does: null when nil, each key's text as the member name,
// members sorted by those texts.
func (e *encoder) textKeyMapStmts(t *schema.Type, x jen.Code, depth int) []jen.Code {
	d := func(s string) *jen.Statement { return jen.Id(fmt.Sprintf("%s%d", s, depth)) }
	m, keys, i, k, el := d("m"), d("keys"), d("i"), d("k"), d("e")
	mapType := e.g.typeString(t)
	e.usesErr = true
	loop := []jen.Code{
		jen.If(jen.Add(i).Op(">").Lit(0)).Block(litByte(',')),
		call(jen.Id("ssegenAppendString"), jen.Add(k).Dot("text")),
		litByte(':'),
		jen.Add(el).Op(":=").Add(m).Index(jen.Add(k).Dot("key")),
	}
	loop = append(loop, e.stmts(t.Elem, el, nil, false, depth+1)...)
	return []jen.Code{jen.If(jen.Add(m).Op(":=").Add(x), jen.Add(m).Op("==").Nil()).Block(lit("null")).Else().Block(
		jen.Var().Add(keys).Index().Id("ssegenTextKey").Types(e.g.goType(t.Key)),
		jen.If(
			jen.List(keys, jen.Err()).Op("=").Id("ssegenTextKeys").Call(m, jen.Lit(mapType)),
			jen.Err().Op("!=").Nil(),
		).Block(jen.Return(jen.Id("b"), jen.Err())),
		litByte('{'),
		jen.For(jen.List(i, k).Op(":=").Range().Add(keys)).Block(loop...),
		litByte('}'),
	)}
}

// typeString writes a model type as reflect does, for the errors
// generated code returns: "map[uuid.UUID]int".
func (g *gen) typeString(t *schema.Type) string {
	if t.Named != nil {
		if t.Named.PkgPath == g.m.Package.Path {
			return g.m.Package.Name + "." + t.Named.Name
		}
		return t.Named.String()
	}
	switch t.Kind {
	case schema.KindTime:
		return "time.Time"
	case schema.KindBytes:
		return "[]uint8"
	case schema.KindRawJSON:
		return "json.RawMessage"
	case schema.KindSlice:
		return "[]" + g.typeString(t.Elem)
	case schema.KindArray:
		return fmt.Sprintf("[%d]%s", t.Len, g.typeString(t.Elem))
	case schema.KindMap:
		return "map[" + g.typeString(t.Key) + "]" + g.typeString(t.Elem)
	case schema.KindPointer:
		return "*" + g.typeString(t.Elem)
	case schema.KindRecord, schema.KindEnum:
		path := g.m.Package.Path
		if r := g.m.Record(t.Ref); r != nil {
			path = r.PkgPath
		} else if e := g.m.Enum(t.Ref); e != nil {
			path = e.PkgPath
		}
		return g.typeString(&schema.Type{Named: &schema.TypeName{PkgPath: path, Name: t.Ref}})
	}
	return t.Basic
}
