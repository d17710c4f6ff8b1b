package golang

import (
	"maps"
	"slices"

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
