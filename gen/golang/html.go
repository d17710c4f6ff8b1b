package golang

import (
	"fmt"
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/ssegen/ssegen/gen/files"
	"github.com/ssegen/ssegen/schema"
)

// This file renders the HTML streams that //ssegen:html declares: for an
// HTML stream page, page_html.gen.go holds
//
//	var PageHTMLStream = runtime.Stream{...}          // served by Mount
//	func PageHTMLChannel(boardID string) string       // its channel
//	func PageHTMLURL(boardID string) string           // what sse-connect opens
//	var PageSwap = PageSwapNames{...}                 // what sse-swap listens for
//	type PageFragments struct{ ... }                  // NewPageFragments(hub, templates)
//	func (*PageFragments) RenderX(ev X) ([]byte, error)
//	func (*PageFragments) PublishX(ctx, ev X) error   // JSON and HTML, one call
//	func (*PageFragments) PublishXFragment(ctx, ev X) (id string, err error)
//	func (*PageFragments) SendXFragment(s *runtime.Snapshot, ev X) error
//	func (*PageFragments) XMessage(ev X) runtime.Message   // for runtime.ServeSeq
//
// per event X marked for HTML. Templates are the application's, bound
// and checked once when it starts.

// HTMLFile is the name of the file generated for an HTML stream.
func HTMLFile(stream string) string { return stream + "_html.gen.go" }

// htmlNames are the identifiers generated for one HTML stream.
type htmlNames struct {
	stream, channel, url, swap, swapType, fragments, newFragments string
}

func htmlNamesOf(h *schema.HTMLStream) htmlNames {
	n := exportedName(h.Name)
	return htmlNames{
		stream:       n + "HTMLStream",
		channel:      n + "HTMLChannel",
		url:          n + "HTMLURL",
		swap:         n + "Swap",
		swapType:     n + "SwapNames",
		fragments:    n + "Fragments",
		newFragments: "New" + n + "Fragments",
	}
}

func (n htmlNames) idents() []string {
	return []string{n.stream, n.channel, n.url, n.swap, n.swapType, n.fragments, n.newFragments}
}

// checkHTML reports generated HTML identifiers that clash with the
// package's types or with each other.
func (g *gen) checkHTML(errs *schema.ErrorList, taken map[string]bool) {
	if !g.samePkg {
		return
	}
	seen := map[string]string{}
	for _, s := range g.m.Streams {
		for _, id := range streamIdents(s) {
			seen[id] = "stream " + s.Name
		}
	}
	for _, h := range g.m.HTMLStreams() {
		pos := h.Sources[0].HTML.Pos
		for _, id := range htmlNamesOf(h).idents() {
			if taken[id] {
				errs.Add(pos, "HTML stream %s: generated identifier %s clashes with a type of the same name", h.Name, id)
			}
			if other, ok := seen[id]; ok {
				errs.Add(pos, "HTML stream %s: generated identifier %s clashes with one of %s: rename the HTML stream", h.Name, id, other)
			}
			seen[id] = "HTML stream " + h.Name
		}
	}
}

// htmlFiles renders one file per HTML stream.
func (g *gen) htmlFiles() ([]files.File, error) {
	var out []files.File
	for _, h := range g.m.HTMLStreams() {
		f := g.newFile()
		g.htmlFile(f, h)
		content, err := render(f)
		if err != nil {
			return nil, fmt.Errorf("golang: HTML stream %s: %w", h.Name, err)
		}
		out = append(out, files.File{Path: HTMLFile(h.Name), Content: content})
	}
	return out, nil
}

// sourceOf returns the typed stream an event of an HTML stream comes from.
func sourceOf(h *schema.HTMLStream, ev *schema.Record) *schema.Stream {
	for _, s := range h.Sources {
		for _, e := range s.Events {
			if e == ev {
				return s
			}
		}
	}
	return nil
}

// fieldName is the unexported field of the fragments type that holds an
// event's template.
func fieldName(event string) string { return "t" + event }

func (g *gen) htmlFile(f *jen.File, h *schema.HTMLStream) {
	n := htmlNamesOf(h)
	events := h.Events()
	var sources []string
	for _, s := range h.Sources {
		sources = append(sources, s.Name)
	}
	from := "stream " + sources[0]
	if len(sources) > 1 {
		from = "streams " + strings.Join(sources[:len(sources)-1], ", ") + " and " + sources[len(sources)-1]
	}
	label := h.Name + " HTML stream"

	// The runtime's description.
	names := make([]jen.Code, len(events))
	for i, e := range events {
		names[i] = jen.Lit(e.Name)
	}
	d := jen.Dict{jen.Id("Name"): jen.Lit(h.Name), jen.Id("Events"): jen.Index().String().Values(names...)}
	if h.Channel != nil {
		d[jen.Id("ChannelPrefix")] = jen.Lit(h.Channel.Prefix)
		if k := g.keyKind(h.Channel.Key); k == schema.KindInt || k == schema.KindUint {
			d[jen.Id("KeyIsInteger")] = jen.True()
		}
	}
	if h.Auth {
		d[jen.Id("Auth")] = jen.True()
	}
	f.Commentf("%s describes the %s to the runtime's HTTP handler: the", n.stream, label)
	f.Commentf("events of %s marked //ssegen:html, as HTML fragments for htmx's", from)
	f.Comment("SSE extension. Mount serves it beside the typed streams.")
	if h.Auth {
		f.Comment("")
		f.Comment("Subscribing needs the consent of the application's Authorizer.")
	}
	f.Var().Id(n.stream).Op("=").Qual(runtimePath, "Stream").Values(d)
	f.Line()

	// Channel and URL. The sources share a channel template, so the first
	// one's channel function names the HTML stream's channels too.
	first := namesOf(h.Sources[0])
	if h.Channel == nil {
		f.Commentf("%s returns %q, the one channel of the global %s.", n.channel, h.Name, label)
		f.Func().Id(n.channel).Params().String().Block(jen.Return(jen.Lit(h.Name)))
		f.Line()
		f.Commentf("%s returns the path that htmx's sse-connect opens to read the %s,", n.url, label)
		f.Comment("under Mount's default prefix /sse.")
		f.Func().Id(n.url).Params().String().Block(jen.Return(jen.Lit("/sse/" + h.Name + "/" + h.Name)))
		f.Line()
	} else {
		p := paramName(h.Channel.Field)
		f.Commentf("%s returns the channel of the %s for one %s: %q followed by it.", n.channel, label, h.Channel.Field, h.Channel.Prefix)
		f.Func().Id(n.channel).Params(jen.Id(p).Add(g.goType(h.Channel.Key))).String().Block(
			jen.Return(jen.Id(first.channel).Call(jen.Id(p))))
		f.Line()
		f.Commentf("%s returns the path that htmx's sse-connect opens to read the %s", n.url, label)
		f.Commentf("of one %s, under Mount's default prefix /sse, escaped for a URL path.", h.Channel.Field)
		f.Func().Id(n.url).Params(jen.Id(p).Add(g.goType(h.Channel.Key))).String().Block(
			jen.Return(jen.Lit("/sse/"+h.Name+"/").Op("+").Qual("net/url", "PathEscape").Call(jen.Id(n.channel).Call(jen.Id(p)))))
		f.Line()
	}

	// Swap names.
	var fields, values []jen.Code
	for _, e := range events {
		fields = append(fields, jen.Comment(fmt.Sprintf("%s is the name of the %s fragment.", e.Name, e.Name)), jen.Id(e.Name).String())
		values = append(values, jen.Id(e.Name).Op(":").Lit(e.Name))
	}
	f.Commentf("%s are the event names of the %s: what sse-swap listens for.", n.swapType, label)
	f.Type().Id(n.swapType).Struct(fields...)
	f.Line()
	f.Commentf("%s holds the sse-swap names of the %s. Give it to templates", n.swap, label)
	f.Commentf(`(for example as a FuncMap entry: sse-swap="{{(swap).%s}}"), so that a name`, events[0].Name)
	f.Comment("that drifts from the schema fails when the template runs instead of")
	f.Comment("never swapping.")
	f.Var().Id(n.swap).Op("=").Id(n.swapType).Values(values...)
	f.Line()

	// The fragments type and its constructor.
	tmpl := func() *jen.Statement { return jen.Op("*").Qual("html/template", "Template") }
	structFields := []jen.Code{jen.Id("p").Qual(runtimePath, "Publisher")}
	for _, e := range events {
		structFields = append(structFields, jen.Id(fieldName(e.Name)).Add(tmpl()))
	}
	f.Commentf("%s renders the fragments of the %s with the application's", n.fragments, label)
	f.Comment("templates and publishes them: each event is rendered once, and the same")
	f.Comment("bytes go to every subscriber on every node. Create it with")
	f.Commentf("%s when the application starts; it is safe for concurrent use.", n.newFragments)
	f.Type().Id(n.fragments).Struct(structFields...)
	f.Line()

	fail := func(msg string, args ...jen.Code) jen.Code {
		return jen.Id("errs").Op("=").Append(jen.Id("errs"), jen.Qual("fmt", "Errorf").Call(append([]jen.Code{jen.Lit(label + ": " + msg)}, args...)...))
	}
	body := []jen.Code{
		jen.If(jen.Id("p").Op("==").Nil()).Block(
			jen.Return(jen.Nil(), jen.Qual("errors", "New").Call(jen.Lit(label+": no Publisher: pass the application's *runtime.Hub")))),
		jen.If(jen.Id("t").Op("==").Nil()).Block(
			jen.Return(jen.Nil(), jen.Qual("errors", "New").Call(jen.Lit(label+": no templates")))),
		jen.Id("f").Op(":=").Op("&").Id(n.fragments).Values(jen.Id("p").Op(":").Id("p")),
		jen.Var().Id("errs").Index().Error(),
	}
	var list []string
	for _, e := range events {
		field := jen.Id("f").Dot(fieldName(e.Name))
		list = append(list, fmt.Sprintf("%q", e.Name))
		body = append(body,
			jen.If(jen.Add(field.Clone()).Op("=").Id("t").Dot("Lookup").Call(jen.Lit(e.Name)), field.Clone().Op("==").Nil()).Block(
				fail("no template %q: define it to render %s events", jen.Lit(e.Name), jen.Lit(e.Name)),
			).Else().If(
				jen.Err().Op(":=").Add(field.Clone()).Dot("Execute").Call(jen.Qual("io", "Discard"), jen.Qual(e.PkgPath, e.Name).Values()),
				jen.Err().Op("!=").Nil(),
			).Block(
				fail("template %q does not render a zero %s: %w", jen.Lit(e.Name), jen.Lit(e.Name), jen.Err()),
			),
		)
	}
	body = append(body,
		jen.If(jen.Len(jen.Id("errs")).Op(">").Lit(0)).Block(jen.Return(jen.Nil(), jen.Qual("errors", "Join").Call(jen.Id("errs").Op("...")))),
		jen.Return(jen.Id("f"), jen.Nil()),
	)
	f.Commentf("%s binds the templates of the %s's fragments: t must", n.newFragments, label)
	f.Commentf("define one template per event, named after it (%s), that", strings.Join(list, ", "))
	f.Comment("renders the event's value. Each is run once here against the zero value of")
	f.Comment("its event, so that a missing template, or one that uses a field or method")
	f.Comment("the event lacks, fails at startup with the template's name instead of")
	f.Comment("swapping blanks later; every problem is reported. (A template that")
	f.Comment("follows a nil pointer of the zero value fails too: guard it with {{with}}.)")
	f.Comment("p publishes the fragments, usually the application's *runtime.Hub.")
	f.Func().Id(n.newFragments).Params(jen.Id("p").Qual(runtimePath, "Publisher"), jen.Id("t").Add(tmpl())).Params(jen.Op("*").Id(n.fragments), jen.Error()).Block(body...)
	f.Line()

	for _, e := range events {
		g.fragmentMethods(f, h, n, sourceOf(h, e), e)
	}
}

// fragmentMethods renders what the fragments type does with one event.
func (g *gen) fragmentMethods(f *jen.File, h *schema.HTMLStream, n htmlNames, src *schema.Stream, e *schema.Record) {
	label := h.Name + " HTML stream"
	recv := jen.Id("f").Op("*").Id(n.fragments)
	ctx := jen.Id("ctx").Qual("context", "Context")
	evParam := jen.Id("ev").Qual(e.PkgPath, e.Name)
	channel := jen.Id(n.channel).Call()
	where := n.channel + "()"
	if h.Channel != nil {
		channel = jen.Id(n.channel).Call(jen.Id("ev").Dot(h.Channel.Field))
		where = fmt.Sprintf("%s(ev.%s)", n.channel, h.Channel.Field)
	}
	render, publish, fragment, send, message := "Render"+e.Name, "Publish"+e.Name, "Publish"+e.Name+"Fragment", "Send"+e.Name+"Fragment", e.Name+"Message"

	f.Commentf("%s renders ev with the %q template. A fragment that renders to", render, e.Name)
	f.Comment("nothing is an error: a browser drops an event without data, so the swap")
	f.Comment("would silently not happen.")
	f.Func().Params(recv.Clone()).Id(render).Params(evParam.Clone()).Params(jen.Index().Byte(), jen.Error()).Block(
		jen.Var().Id("b").Qual("bytes", "Buffer"),
		jen.If(jen.Err().Op(":=").Id("f").Dot(fieldName(e.Name)).Dot("Execute").Call(jen.Op("&").Id("b"), jen.Id("ev")), jen.Err().Op("!=").Nil()).Block(
			jen.Return(jen.Nil(), jen.Qual("fmt", "Errorf").Call(jen.Lit(label+": rendering "+e.Name+": %w"), jen.Err()))),
		jen.If(jen.Id("b").Dot("Len").Call().Op("==").Lit(0)).Block(
			jen.Return(jen.Nil(), jen.Qual("errors", "New").Call(jen.Lit(label+": the "+e.Name+" template rendered nothing, which a browser would drop")))),
		jen.Return(jen.Id("b").Dot("Bytes").Call(), jen.Nil()),
	)
	f.Line()

	f.Commentf("%s renders ev once and publishes the fragment to %s", fragment, where)
	f.Commentf("as the event %q, for htmx only, and returns its id.", e.Name)
	f.Func().Params(recv.Clone()).Id(fragment).Params(ctx.Clone(), evParam.Clone()).Params(jen.String(), jen.Error()).Block(
		jen.List(jen.Id("html"), jen.Err()).Op(":=").Id("f").Dot(render).Call(jen.Id("ev")),
		jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Lit(""), jen.Err())),
		jen.Return(jen.Id("f").Dot("p").Dot("Publish").Call(jen.Id("ctx"), jen.Lit(h.Name), channel, jen.Lit(e.Name), jen.Id("html"))),
	)
	f.Line()

	f.Commentf("%s publishes ev to both audiences with one call: its JSON on the", publish)
	f.Commentf("%s stream for typed clients, and its fragment on the %s for", src.Name, label)
	f.Comment("htmx. It renders first, so that a template error publishes neither.")
	f.Func().Params(recv.Clone()).Id(publish).Params(ctx.Clone(), evParam.Clone()).Error().Block(
		jen.List(jen.Id("html"), jen.Err()).Op(":=").Id("f").Dot(render).Call(jen.Id("ev")),
		jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err())),
		jen.If(jen.List(jen.Id("_"), jen.Err()).Op(":=").Id(namesOf(src).newPublisher).Call(jen.Id("f").Dot("p")).Dot("Publish"+e.Name).Call(jen.Id("ctx"), jen.Id("ev")), jen.Err().Op("!=").Nil()).Block(
			jen.Return(jen.Err())),
		jen.List(jen.Id("_"), jen.Err()).Op("=").Id("f").Dot("p").Dot("Publish").Call(jen.Id("ctx"), jen.Lit(h.Name), channel, jen.Lit(e.Name), jen.Id("html")),
		jen.Return(jen.Err()),
	)
	f.Line()

	f.Commentf("%s sends ev's fragment to a new subscriber of the %s as", send, label)
	f.Comment("part of s, the snapshot runtime.Server.OnConnect is given. A snapshot of")
	f.Comment("another stream or channel is an error.")
	f.Func().Params(recv.Clone()).Id(send).Params(jen.Id("s").Op("*").Qual(runtimePath, "Snapshot"), evParam.Clone()).Error().Block(
		jen.If(jen.Id("ch").Op(":=").Add(channel), jen.Id("s").Dot("Stream").Op("!=").Lit(h.Name).Op("||").Id("s").Dot("Channel").Op("!=").Id("ch")).Block(
			jen.Return(jen.Qual("fmt", "Errorf").Call(jen.Lit(label+": "+e.Name+" of %s does not belong in the snapshot of %s"), jen.Id("ch"),
				jen.Qual(runtimePath, "Topic").Call(jen.Id("s").Dot("Stream"), jen.Id("s").Dot("Channel"))))),
		jen.List(jen.Id("html"), jen.Err()).Op(":=").Id("f").Dot(render).Call(jen.Id("ev")),
		jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err())),
		jen.Return(jen.Id("s").Dot("Send").Call(jen.Lit(e.Name), jen.Id("html"))),
	)
	f.Line()

	f.Commentf("%s renders ev as a message of an iterator stream (runtime.ServeSeq),", message)
	f.Commentf("named %q for sse-swap; a rendering error becomes runtime.Fail.", e.Name)
	f.Func().Params(recv.Clone()).Id(message).Params(evParam.Clone()).Qual(runtimePath, "Message").Block(
		jen.List(jen.Id("html"), jen.Err()).Op(":=").Id("f").Dot(render).Call(jen.Id("ev")),
		jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Qual(runtimePath, "Fail").Call(jen.Err()))),
		jen.Return(jen.Qual(runtimePath, "Message").Values(jen.Dict{jen.Id("Event"): jen.Lit(e.Name), jen.Id("Data"): jen.Id("html")})),
	)
	f.Line()
}

// htmlStreamIdents are the runtime.Stream values of the HTML streams, for
// Streams.
func (g *gen) htmlStreamIdents() map[string]string {
	out := map[string]string{}
	for _, h := range g.m.HTMLStreams() {
		out[h.Name] = htmlNamesOf(h).stream
	}
	return out
}
