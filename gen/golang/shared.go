package golang

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/dave/jennifer/jen"
)

// sharedFile renders what the streams share: encoders of the records
// events use, and the list of every stream for the runtime.
func (g *gen) sharedFile(f *jen.File) {
	byName := g.htmlStreamIdents()
	for _, s := range g.m.Streams {
		byName[s.Name] = namesOf(s).stream
	}
	var streams []jen.Code
	for _, name := range slices.Sorted(maps.Keys(byName)) {
		streams = append(streams, jen.Id(byName[name]))
	}
	f.Comment("Streams returns every stream of the package, sorted by name, for the")
	f.Comment("runtime's HTTP handler.")
	f.Func().Id("Streams").Params().Index().Qual(runtimePath, "Stream").Block(
		jen.Return(jen.Index().Qual(runtimePath, "Stream").Values(streams...)),
	)
	f.Line()
	g.decodeAny(f)
	g.mount(f)
	for _, r := range g.m.Records {
		for _, c := range g.recordEncoder(r) {
			f.Add(c)
		}
	}
}

// mount renders the function that serves every stream: it refuses to
// start when a stream marked //ssegen:auth would be served without an
// Authorizer, which the runtime would answer with 403 for every request.
func (g *gen) mount(f *jen.File) {
	var auth []string
	for _, s := range g.m.Streams {
		if s.Auth {
			auth = append(auth, s.Name)
		}
	}
	srv := jen.Id("srv")
	body := []jen.Code{
		jen.If(jen.Id("mux").Op("==").Nil()).Block(
			jen.Return(jen.Qual("errors", "New").Call(jen.Lit("ssegen: Mount needs a ServeMux"))),
		),
		jen.If(srv.Clone().Op("==").Nil().Op("||").Add(srv.Clone()).Dot("Hub").Op("==").Nil()).Block(
			jen.Return(jen.Qual("errors", "New").Call(jen.Lit("ssegen: Mount needs a runtime.Server with a Hub"))),
		),
	}
	if len(auth) > 0 {
		body = append(body, jen.If(srv.Clone().Dot("Authorizer").Op("==").Nil()).Block(
			jen.Return(jen.Qual("errors", "New").Call(jen.Lit(fmt.Sprintf(
				"ssegen: stream %s needs an Authorizer: set runtime.Server.Authorizer before Mount", strings.Join(auth, ", "))))),
		))
	}
	body = append(body,
		jen.Id("have").Op(":=").Map(jen.String()).Bool().Values(),
		jen.For(jen.List(jen.Id("_"), jen.Id("s")).Op(":=").Range().Add(srv.Clone()).Dot("Streams")).Block(
			jen.Id("have").Index(jen.Id("s").Dot("Name")).Op("=").True(),
		),
		jen.For(jen.List(jen.Id("_"), jen.Id("s")).Op(":=").Range().Id("Streams").Call()).Block(
			jen.If(jen.Op("!").Id("have").Index(jen.Id("s").Dot("Name"))).Block(
				srv.Clone().Dot("Streams").Op("=").Append(srv.Clone().Dot("Streams"), jen.Id("s")),
			),
		),
		jen.Id("prefix").Op(":=").Add(srv.Clone()).Dot("Prefix"),
		jen.If(jen.Id("prefix").Op("==").Lit("")).Block(jen.Id("prefix").Op("=").Lit("/sse")),
		jen.Comment("ServeMux panics on a pattern it already has (a second Mount) or"),
		jen.Comment("cannot parse (a bad Prefix): report that as the error it is."),
		jen.Defer().Func().Params().Block(
			jen.If(jen.Id("r").Op(":=").Recover(), jen.Id("r").Op("!=").Nil()).Block(
				jen.Id("err").Op("=").Qual("fmt", "Errorf").Call(jen.Lit("ssegen: cannot mount the streams at %q: %v"), jen.Id("prefix"), jen.Id("r")),
			),
		).Call(),
		jen.Id("mux").Dot("Handle").Call(jen.Id("prefix"), srv.Clone()),
		jen.Id("mux").Dot("Handle").Call(jen.Id("prefix").Op("+").Lit("/"), srv.Clone()),
		jen.Return(jen.Nil()),
	)
	f.Comment("Mount serves every stream of the package through srv on mux, at srv.Prefix")
	f.Comment("(default /sse) and below it. It adds the streams to srv.Streams (keeping")
	f.Comment("those already there) and fails when srv has no Hub, or when a stream")
	f.Comment("that needs authorization would be served without srv.Authorizer, so that")
	f.Comment("a missing Authorizer stops the application at startup instead of")
	f.Comment("refusing every subscriber. Call it once, before srv serves.")
	f.Func().Id("Mount").Params(jen.Id("mux").Op("*").Qual("net/http", "ServeMux"), jen.Id("srv").Op("*").Qual(runtimePath, "Server")).Params(jen.Err().Error()).Block(body...)
	f.Line()
}

// decodeAny renders the decoder for a connection that carries several
// streams (the multiplexed endpoint): it picks the stream's decoder by
// name.
func (g *gen) decodeAny(f *jen.File) {
	var cases []jen.Code
	for _, s := range g.m.Streams {
		cases = append(cases, jen.Case(jen.Lit(s.Name)).Block(
			jen.Return(jen.Id(namesOf(s).decode).Call(jen.Id("name"), jen.Id("data"))),
		))
	}
	f.Comment("DecodeEvent decodes an event of any stream of the package: stream is the")
	f.Comment("part of the event's topic before the first \"/\" (see runtime/client.SplitMux")
	f.Comment("for the multiplexed endpoint), name the event's name. The result holds the")
	f.Comment("event's type; an unknown stream or event, or malformed data, is an error.")
	f.Func().Id("DecodeEvent").Params(jen.List(jen.Id("stream"), jen.Id("name")).String(), jen.Id("data").Index().Byte()).Params(jen.Any(), jen.Error()).Block(
		jen.Switch(jen.Id("stream")).Block(cases...),
		jen.Return(jen.Nil(), jen.Qual("fmt", "Errorf").Call(jen.Lit("unknown stream %q"), jen.Id("stream"))),
	)
	f.Line()
}
