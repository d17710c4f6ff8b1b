package golang

import (
	"fmt"
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/ssegen/ssegen/schema"
)

// streamNames are the identifiers generated for one stream.
type streamNames struct {
	event, channel, stream, publisher, newPublisher, decode, marker, snapshot string
}

func namesOf(s *schema.Stream) streamNames {
	n := exportedName(s.Name)
	return streamNames{
		event:        n + "StreamEvent",
		channel:      n + "Channel",
		stream:       n + "Stream",
		publisher:    n + "Publisher",
		newPublisher: "New" + n + "Publisher",
		decode:       "Decode" + n + "StreamEvent",
		marker:       "is" + n + "StreamEvent",
		snapshot:     "Send" + n + "Snapshot",
	}
}

// streamIdents lists the exported identifiers a stream's file declares,
// for the clash check.
func streamIdents(s *schema.Stream) []string {
	n := namesOf(s)
	return []string{n.event, n.channel, n.stream, n.publisher, n.newPublisher, n.decode, n.snapshot}
}

// eventList names a stream's events for doc comments: "A, B or C".
func eventList(s *schema.Stream) string {
	names := make([]string, len(s.Events))
	for i, e := range s.Events {
		names[i] = e.Name
	}
	if len(names) <= 1 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}

// streamFile renders everything one stream needs.
func (g *gen) streamFile(f *jen.File, s *schema.Stream) {
	n := namesOf(s)
	if g.samePkg {
		g.eventInterface(f, s, n)
	}
	g.channelHelper(f, s, n)
	g.streamValue(f, s, n)
	g.publisher(f, s, n)
	if g.samePkg {
		g.snapshotSender(f, s, n)
	}
	g.decoder(f, s, n)
	for _, r := range s.Events {
		for _, c := range g.recordEncoder(r) {
			f.Add(c)
		}
	}
}

// eventInterface is the sealed interface of the stream's events: its
// unexported marker method can only be implemented in this package, and
// only the stream's events get it, so a publisher of one stream refuses
// the events of another at compile time.
func (g *gen) eventInterface(f *jen.File, s *schema.Stream, n streamNames) {
	f.Commentf("%s is an event of the %s stream: %s.", n.event, s.Name, eventList(s))
	f.Comment("Only those types implement it, so publishing an event of another")
	f.Comment("stream does not compile.")
	f.Type().Id(n.event).Interface(
		jen.Comment("EventName is the event's name on the wire: its Go type name."),
		jen.Id("EventName").Params().String(),
		jen.Comment("AppendJSON appends the event's JSON, as encoding/json.Marshal writes it."),
		jen.Id("AppendJSON").Params(jen.Id("b").Index().Byte()).Params(jen.Index().Byte(), jen.Error()),
		jen.Id(n.marker).Params(),
	)
	f.Line()
	for _, r := range s.Events {
		f.Commentf("EventName returns %q, the name of the event on the wire.", r.Name)
		f.Func().Params(jen.Id(r.Name)).Id("EventName").Params().String().Block(jen.Return(jen.Lit(r.Name)))
		f.Line()
		f.Func().Params(jen.Id(r.Name)).Id(n.marker).Params().Block()
		f.Line()
	}
}

// channelHelper renders the function that names a channel of the stream.
func (g *gen) channelHelper(f *jen.File, s *schema.Stream, n streamNames) {
	c := s.Channel
	if c == nil {
		f.Commentf("%s returns %q, the one channel of the global %s stream.", n.channel, s.Name, s.Name)
		f.Func().Id(n.channel).Params().String().Block(jen.Return(jen.Lit(s.Name)))
		f.Line()
		return
	}
	p := jen.Id(paramName(c.Field))
	var key jen.Code
	switch g.keyKind(c.Key) {
	case schema.KindString:
		key = p
		if c.Key.Named != nil || c.Key.Kind == schema.KindEnum || c.Key.Basic != "string" {
			key = jen.String().Call(p)
		}
	case schema.KindInt:
		key = jen.Qual("strconv", "FormatInt").Call(jen.Int64().Call(p), jen.Lit(10))
	case schema.KindUint:
		key = jen.Qual("strconv", "FormatUint").Call(jen.Uint64().Call(p), jen.Lit(10))
	}
	f.Commentf("%s returns the channel of the %s stream for one %s: %q followed by it.", n.channel, s.Name, c.Field, c.Prefix)
	f.Func().Id(n.channel).Params(jen.Add(p).Add(g.goType(c.Key))).String().Block(
		jen.Return(jen.Lit(c.Prefix).Op("+").Add(key)),
	)
	f.Line()
}

// streamValue renders the runtime's description of the stream.
func (g *gen) streamValue(f *jen.File, s *schema.Stream, n streamNames) {
	events := make([]jen.Code, len(s.Events))
	for i, e := range s.Events {
		events[i] = jen.Lit(e.Name)
	}
	d := jen.Dict{
		jen.Id("Name"):   jen.Lit(s.Name),
		jen.Id("Events"): jen.Index().String().Values(events...),
	}
	if s.Channel != nil {
		d[jen.Id("ChannelPrefix")] = jen.Lit(s.Channel.Prefix)
		if k := g.keyKind(s.Channel.Key); k == schema.KindInt || k == schema.KindUint {
			d[jen.Id("KeyIsInteger")] = jen.True()
		}
	}
	if s.Auth {
		d[jen.Id("Auth")] = jen.True()
	}
	doc := fmt.Sprintf("%s describes the %s stream to the runtime's HTTP handler.", n.stream, s.Name)
	f.Comment(doc)
	if s.Doc != "" {
		f.Comment("")
		for _, line := range strings.Split(strings.TrimSpace(s.Doc), "\n") {
			f.Comment(line)
		}
	}
	if s.Auth {
		f.Comment("")
		f.Comment("Subscribing needs the consent of the application's Authorizer.")
	}
	f.Var().Id(n.stream).Op("=").Qual(runtimePath, "Stream").Values(d)
	f.Line()
}

// channelOf is the channel expression for an event value ev.
func (g *gen) channelOf(s *schema.Stream, n streamNames, ev jen.Code) jen.Code {
	if s.Channel == nil {
		return jen.Id(n.channel).Call()
	}
	return jen.Id(n.channel).Call(jen.Add(ev).Dot(s.Channel.Field))
}

// publisher renders the typed publisher of the stream.
func (g *gen) publisher(f *jen.File, s *schema.Stream, n streamNames) {
	ctx := jen.Id("ctx").Qual("context", "Context")
	route := "to its one channel"
	if s.Channel != nil {
		route = fmt.Sprintf("each to the channel of its %s", s.Channel.Field)
	}
	f.Commentf("%s publishes the events of the %s stream, %s.", n.publisher, s.Name, route)
	f.Type().Id(n.publisher).Struct(jen.Id("p").Qual(runtimePath, "Publisher"))
	f.Line()
	f.Commentf("%s returns a publisher of the %s stream that publishes through p,", n.newPublisher, s.Name)
	f.Comment("usually the application's *runtime.Hub.")
	f.Func().Id(n.newPublisher).Params(jen.Id("p").Qual(runtimePath, "Publisher")).Id(n.publisher).Block(
		jen.Return(jen.Id(n.publisher).Values(jen.Id("p"))),
	)
	f.Line()
	if g.samePkg {
		var cases []jen.Code
		for _, r := range s.Events {
			m := "Publish" + r.Name
			cases = append(cases,
				jen.Case(jen.Id(r.Name)).Block(jen.Return(jen.Id("p").Dot(m).Call(jen.Id("ctx"), jen.Id("ev")))),
				jen.Case(jen.Op("*").Id(r.Name)).Block(
					jen.If(jen.Id("ev").Op("!=").Nil()).Block(jen.Return(jen.Id("p").Dot(m).Call(jen.Id("ctx"), jen.Op("*").Id("ev")))),
				),
			)
		}
		f.Comment("Publish encodes ev and publishes it " + strings.TrimPrefix(route, "each ") + ", returning the id")
		f.Comment("the runtime gave it. A nil event is an error.")
		f.Func().Params(jen.Id("p").Id(n.publisher)).Id("Publish").Params(ctx, jen.Id("ev").Id(n.event)).Params(jen.String(), jen.Error()).Block(
			jen.Switch(jen.Id("ev").Op(":=").Id("ev").Assert(jen.Type())).Block(cases...),
			jen.Return(jen.Lit(""), jen.Qual("errors", "New").Call(jen.Lit(s.Name+" stream: cannot publish a nil event"))),
		)
		f.Line()
	}
	for _, r := range s.Events {
		m := "Publish" + r.Name
		body := []jen.Code{
			jen.List(jen.Id("data"), jen.Err()).Op(":=").Id(bufferedName(r.Name)).Call(jen.Nil(), jen.Op("&").Id("ev")),
			jen.If(jen.Err().Op("!=").Nil()).Block(
				jen.Return(jen.Lit(""), jen.Qual("fmt", "Errorf").Call(jen.Lit(s.Name+" stream: encoding "+r.Name+": %w"), jen.Err())),
			),
		}
		body = append(body, jen.Return(jen.Id("p").Dot("p").Dot("Publish").Call(
			jen.Id("ctx"), jen.Lit(s.Name), g.channelOf(s, n, jen.Id("ev")), jen.Lit(r.Name), jen.Id("data"))))
		where := fmt.Sprintf("%s()", n.channel)
		if s.Channel != nil {
			where = fmt.Sprintf("%s(ev.%s)", n.channel, s.Channel.Field)
		}
		f.Commentf("%s publishes ev as a %s event to %s and returns its id.", m, r.Name, where)
		f.Func().Params(jen.Id("p").Id(n.publisher)).Id(m).Params(ctx, jen.Id("ev").Qual(r.PkgPath, r.Name)).Params(jen.String(), jen.Error()).Block(body...)
		f.Line()
	}
}

// decoder renders the function that turns an event name and its data
// back into a typed event.
func (g *gen) decoder(f *jen.File, s *schema.Stream, n streamNames) {
	result := jen.Id(n.event)
	if !g.samePkg {
		result = jen.Any()
	}
	var cases []jen.Code
	for _, r := range s.Events {
		cases = append(cases, jen.Case(jen.Lit(r.Name)).Block(
			jen.Var().Id("ev").Qual(r.PkgPath, r.Name),
			jen.If(jen.Err().Op(":=").Qual("encoding/json", "Unmarshal").Call(jen.Id("data"), jen.Op("&").Id("ev")), jen.Err().Op("!=").Nil()).Block(
				jen.Return(jen.Nil(), jen.Qual("fmt", "Errorf").Call(jen.Lit(s.Name+" stream: decoding "+r.Name+": %w"), jen.Err())),
			),
			jen.Return(jen.Id("ev"), jen.Nil()),
		))
	}
	f.Commentf("%s decodes the data of a %s event of the %s stream, as a", n.decode, "named", s.Name)
	if g.samePkg {
		f.Comment("client receives it, into the event's type: " + eventList(s) + ".")
	} else {
		f.Comment("client receives it, into the event's type (" + eventList(s) + ") held in an any.")
	}
	f.Comment("An unknown name or malformed data is an error.")
	f.Func().Id(n.decode).Params(jen.Id("name").String(), jen.Id("data").Index().Byte()).Params(result, jen.Error()).Block(
		jen.Switch(jen.Id("name")).Block(cases...),
		jen.Return(jen.Nil(), jen.Qual("fmt", "Errorf").Call(jen.Lit(s.Name+" stream: unknown event %q"), jen.Id("name"))),
	)
	f.Line()
}

// snapshotSender renders the function that sends an event of the stream
// as part of a new subscriber's snapshot (runtime.Server.OnConnect),
// checking that the event belongs to the snapshot's channel.
func (g *gen) snapshotSender(f *jen.File, s *schema.Stream, n streamNames) {
	errNil := func() jen.Code {
		return jen.Return(jen.Qual("errors", "New").Call(jen.Lit(s.Name + " stream: cannot send a nil event")))
	}
	var cases []jen.Code
	for _, r := range s.Events {
		ch := jen.Id("channel").Op("=").Add(g.channelOf(s, n, jen.Id("ev")))
		cases = append(cases,
			jen.Case(jen.Id(r.Name)).Block(ch),
			jen.Case(jen.Op("*").Id(r.Name)).Block(
				jen.If(jen.Id("ev").Op("==").Nil()).Block(errNil()),
				jen.Add(jen.Id("channel").Op("=").Add(g.channelOf(s, n, jen.Id("ev")))),
			),
		)
	}
	cases = append(cases, jen.Default().Block(errNil()))
	f.Commentf("%s sends ev to a new subscriber as part of s, the snapshot of a", n.snapshot)
	f.Commentf("channel of the %s stream that runtime.Server.OnConnect is given. An event", s.Name)
	f.Comment("of another channel, a snapshot of another stream and a nil event are errors.")
	f.Func().Id(n.snapshot).Params(jen.Id("s").Op("*").Qual(runtimePath, "Snapshot"), jen.Id("ev").Id(n.event)).Error().Block(
		jen.Var().Id("channel").String(),
		jen.Switch(jen.Id("ev").Op(":=").Id("ev").Assert(jen.Type())).Block(cases...),
		jen.If(jen.Id("s").Dot("Stream").Op("!=").Lit(s.Name).Op("||").Id("s").Dot("Channel").Op("!=").Id("channel")).Block(
			jen.Return(jen.Qual("fmt", "Errorf").Call(
				jen.Lit(s.Name+" stream: %s of %s does not belong in the snapshot of %s"),
				jen.Id("ev").Dot("EventName").Call(), jen.Id("channel"),
				jen.Qual(runtimePath, "Topic").Call(jen.Id("s").Dot("Stream"), jen.Id("s").Dot("Channel")))),
		),
		jen.List(jen.Id("data"), jen.Err()).Op(":=").Id("ev").Dot("AppendJSON").Call(jen.Nil()),
		jen.If(jen.Err().Op("!=").Nil()).Block(
			jen.Return(jen.Qual("fmt", "Errorf").Call(jen.Lit(s.Name+" stream: encoding %s: %w"), jen.Id("ev").Dot("EventName").Call(), jen.Err())),
		),
		jen.Return(jen.Id("s").Dot("Send").Call(jen.Id("ev").Dot("EventName").Call(), jen.Id("data"))),
	)
	f.Line()
}
