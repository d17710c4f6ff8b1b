package golang

import (
	"fmt"
	"strings"

	"github.com/dave/jennifer/jen"
)

// mount renders how an application serves every stream: Handler readies
// the runtime's Server for any router, Mount puts it on a ServeMux. Both
// refuse to start when a stream marked //ssegen:auth would be served
// without an Authorizer, which the runtime would answer with 403 for
// every request.
func (g *gen) mount(f *jen.File) {
	var auth []string
	for _, s := range g.m.Streams {
		if s.Auth {
			auth = append(auth, s.Name)
		}
	}
	srv := jen.Id("srv")
	handler := []jen.Code{
		jen.If(srv.Clone().Op("==").Nil().Op("||").Add(srv.Clone()).Dot("Hub").Op("==").Nil()).Block(
			jen.Return(jen.Nil(), jen.Qual("errors", "New").Call(jen.Lit("ssegen: the streams need a runtime.Server with a Hub"))),
		),
	}
	if len(auth) > 0 {
		handler = append(handler, jen.If(srv.Clone().Dot("Authorizer").Op("==").Nil()).Block(
			jen.Return(jen.Nil(), jen.Qual("errors", "New").Call(jen.Lit(fmt.Sprintf(
				"ssegen: stream %s needs an Authorizer: set runtime.Server.Authorizer before serving", strings.Join(auth, ", "))))),
		))
	}
	handler = append(handler,
		jen.Id("have").Op(":=").Map(jen.String()).Bool().Values(),
		jen.For(jen.List(jen.Id("_"), jen.Id("s")).Op(":=").Range().Add(srv.Clone()).Dot("Streams")).Block(
			jen.Id("have").Index(jen.Id("s").Dot("Name")).Op("=").True(),
		),
		jen.For(jen.List(jen.Id("_"), jen.Id("s")).Op(":=").Range().Id("Streams").Call()).Block(
			jen.If(jen.Op("!").Id("have").Index(jen.Id("s").Dot("Name"))).Block(
				srv.Clone().Dot("Streams").Op("=").Append(srv.Clone().Dot("Streams"), jen.Id("s")),
			),
		),
		jen.Return(srv.Clone(), jen.Nil()),
	)
	f.Comment("Handler readies srv to serve every stream of the package and returns it,")
	f.Comment("for any router. It adds the streams to srv.Streams (keeping those already")
	f.Comment("there) and fails when srv has no Hub, or when a stream that needs")
	f.Comment("authorization would be served without srv.Authorizer, so that a missing")
	f.Comment("Authorizer stops the application at startup instead of refusing every")
	f.Comment("subscriber. Call it once, before srv serves.")
	f.Comment("")
	f.Comment("The handler serves the paths below srv.Prefix (default /sse) as requests")
	f.Comment("reach it: route that prefix and everything below it to the handler")
	f.Comment("(chi: r.Mount(\"/sse\", h); echo: e.Any(\"/sse*\", echo.WrapHandler(h))), or strip")
	f.Comment("the prefix on the way and set srv.Prefix to \"/\"")
	f.Comment("(mux.Handle(\"/sse/\", http.StripPrefix(\"/sse\", h))).")
	f.Func().Id("Handler").Params(jen.Id("srv").Op("*").Qual(runtimePath, "Server")).Params(jen.Qual("net/http", "Handler"), jen.Error()).Block(handler...)
	f.Line()

	mount := []jen.Code{
		jen.If(jen.Id("mux").Op("==").Nil()).Block(
			jen.Return(jen.Qual("errors", "New").Call(jen.Lit("ssegen: Mount needs a ServeMux"))),
		),
		jen.List(jen.Id("h"), jen.Err()).Op(":=").Id("Handler").Call(srv.Clone()),
		jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err())),
		jen.Id("prefix").Op(":=").Add(srv.Clone()).Dot("Prefix"),
		jen.If(jen.Id("prefix").Op("==").Lit("")).Block(jen.Id("prefix").Op("=").Lit("/sse")),
		jen.Comment("ServeMux panics on a pattern it already has (a second Mount) or"),
		jen.Comment("cannot parse (a bad Prefix): report that as the error it is."),
		jen.Defer().Func().Params().Block(
			jen.If(jen.Id("r").Op(":=").Recover(), jen.Id("r").Op("!=").Nil()).Block(
				jen.Err().Op("=").Qual("fmt", "Errorf").Call(jen.Lit("ssegen: cannot mount the streams at %q: %v"), jen.Id("prefix"), jen.Id("r")),
			),
		).Call(),
		jen.Id("mux").Dot("Handle").Call(jen.Id("prefix"), jen.Id("h")),
		jen.Id("mux").Dot("Handle").Call(jen.Id("prefix").Op("+").Lit("/"), jen.Id("h")),
		jen.Return(jen.Nil()),
	}
	f.Comment("Mount serves every stream of the package through srv on mux, at srv.Prefix")
	f.Comment("(default /sse) and below it, after Handler readied srv (see there).")
	f.Func().Id("Mount").Params(jen.Id("mux").Op("*").Qual("net/http", "ServeMux"), jen.Id("srv").Op("*").Qual(runtimePath, "Server")).Params(jen.Err().Error()).Block(mount...)
	f.Line()
}
