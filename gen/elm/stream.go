package elm

import (
	"fmt"
	"strings"

	"github.com/ssegen/ssegen/schema"
)

// renderStream renders the module of one stream: its event type, one
// record per event, the decoder that picks an event by name, the channel
// function and the subscription.
func (g *generator) renderStream(s *schema.Stream) []byte {
	sn := g.streams[s.Name]
	m := g.newModule(sn.module)
	p := &m.body
	ports := m.qualifier(g.portsModule)

	// The event type comes first: it is what a reader looks for.
	p.doc(fmt.Sprintf("An event of the %s stream, named on the wire after its Go type.", s.Name))
	p.Line("type %s", sn.eventType)
	p.In()
	for i, e := range s.Events {
		lead := "|"
		if i == 0 {
			lead = "="
		}
		p.Line("%s %s %s", lead, typeName(e.Name), g.decls[e.Name].typ)
	}
	p.Out()
	p.gap()

	p.doc("Decodes the data of the event with the given name, as the JavaScript glue\nhands it over; an unknown name fails.")
	p.Line("decoder : String -> Decode.Decoder %s", sn.eventType)
	p.Line("decoder name =")
	p.In()
	p.Line("case name of")
	p.In()
	for _, e := range s.Events {
		p.Line("%s ->", elmString(e.Name))
		p.In()
		p.Line("Decode.map %s %s", typeName(e.Name), g.decls[e.Name].decoder)
		p.Out()
		p.Line("")
	}
	p.Line("_ ->")
	p.In()
	p.Line("Decode.fail (%s ++ name)", elmString("unknown "+s.Name+" event: "))
	p.Out()
	p.Out()
	p.Out()
	p.gap()

	p.doc("Encodes the data of an event as Go does; `eventName` gives its name.")
	p.Line("encode : %s -> Encode.Value", sn.eventType)
	p.Line("encode event =")
	p.In()
	p.Line("case event of")
	p.In()
	for i, e := range s.Events {
		if i > 0 {
			p.Line("")
		}
		p.Line("%s data ->", typeName(e.Name))
		p.In()
		p.Line("%s data", g.decls[e.Name].encoder)
		p.Out()
	}
	p.Out()
	p.Out()
	p.gap()

	p.doc("The name of an event on the wire: its Go type name.")
	p.Line("eventName : %s -> String", sn.eventType)
	p.Line("eventName event =")
	p.In()
	p.Line("case event of")
	p.In()
	for i, e := range s.Events {
		if i > 0 {
			p.Line("")
		}
		p.Line("%s _ ->", typeName(e.Name))
		p.In()
		p.Line("%s", elmString(e.Name))
		p.Out()
	}
	p.Out()
	p.Out()
	p.gap()

	g.renderChannel(m, s, ports)

	p.Line("port %s : (Decode.Value -> msg) -> Sub msg", sn.port)
	p.gap()

	p.doc(strings.Join([]string{
		"Events of every followed channel of this stream, decoded. A channel is followed",
		fmt.Sprintf("once `%sfollow` names it; an event's own fields tell which channel it", ports),
		"belongs to. Data that does not decode, and the notice that events were",
		"missed (`Resync`), go to the second function.",
	}, "\n"))
	p.Line("subscribe : (%s -> msg) -> (%sProblem -> msg) -> Sub msg", sn.eventType, ports)
	p.Line("subscribe onEvent onProblem =")
	p.In()
	p.Line("%s (%sreceive decoder onEvent onProblem)", sn.port, ports)
	p.Out()
	p.gap()

	var groups []docGroup
	groups = append(groups,
		docGroup{title: "Events", names: []string{sn.eventType + "(..)", "decoder", "encode", "eventName"}},
		docGroup{title: "Subscribing", names: []string{"channel", "subscribe"}},
	)
	for _, e := range s.Events {
		d := g.decls[e.Name]
		doc := markdown(e.Doc)
		if doc == "" {
			doc = fmt.Sprintf("The data of the %s event.", e.Name)
		}
		m.record(e, d, doc)
		groups = append(groups, docGroup{title: typeName(e.Name), names: []string{d.typ, d.decoder, d.encoder}})
	}
	return m.assemble(true, streamDoc(s), groups)
}

// renderChannel renders the function that names a channel of the stream.
func (g *generator) renderChannel(m *moduleGen, s *schema.Stream, ports string) {
	p := &m.body
	if s.Channel == nil {
		p.doc(fmt.Sprintf("The one channel of this global stream, for `%sfollow`.", ports))
		p.Line("channel : %sChannel", ports)
		p.Line("channel =")
		p.In()
		p.Line("%schannel %s %s", ports, elmString(s.Name), elmString(s.Name))
		p.Out()
		p.gap()
		return
	}
	sn := g.streams[s.Name]
	key := s.Channel.Key
	argType, text := "String", sn.keyArg
	switch key.Kind {
	case schema.KindInt, schema.KindUint:
		argType, text = "Int", "String.fromInt "+sn.keyArg
	case schema.KindEnum:
		sh := m.refShape(key.Ref)
		argType = sh.typ
		e := g.m.Enum(key.Ref)
		if e != nil && e.Kind == schema.KindString {
			text = m.qualifier(g.moduleOf(key.Ref)) + lowerCamel(key.Ref) + "ToString " + sn.keyArg
		} else {
			text = "String.fromInt (" + m.qualifier(g.moduleOf(key.Ref)) + lowerCamel(key.Ref) + "ToInt " + sn.keyArg + ")"
		}
	}
	p.doc(fmt.Sprintf("The channel `%s` of this stream, for `%sfollow`.", s.Channel.Template, ports))
	p.Line("channel : %s -> %sChannel", argType, ports)
	p.Line("channel %s =", sn.keyArg)
	p.In()
	p.Line("%schannel %s (%s ++ %s)", ports, elmString(s.Name), elmString(s.Channel.Prefix), text)
	p.Out()
	p.gap()
}

// streamDoc is a stream module's documentation: the Go doc of the stream
// file, its channel and whether it needs authorization.
func streamDoc(s *schema.Stream) string {
	doc := markdown(s.Doc)
	if doc == "" {
		doc = fmt.Sprintf("The %s stream.", s.Name)
	}
	if s.Channel != nil {
		doc += fmt.Sprintf("\n\nChannels: `%s`.", s.Channel.Template)
	} else {
		doc += fmt.Sprintf("\n\nA global stream: its one channel is `%s`.", s.Name)
	}
	if s.Auth {
		doc += " Following a channel needs the server's authorizer to agree; a refusal\narrives as a `Failed` status."
	}
	return doc
}
