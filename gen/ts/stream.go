package ts

import (
	"fmt"
	"strings"

	"github.com/ssegen/ssegen/schema"
)

// renderStream renders the module of one stream: the union of its events,
// one interface per event with its decoder and encoder, the decoder that
// picks an event by name, the channel builder and subscribe.
func (g *generator) renderStream(s *schema.Stream) []byte {
	sn := g.streams[s.Name]
	im := newImports(sn.module)
	var p printer

	p.doc(fmt.Sprintf("An event of the %s stream, told apart by its name on the wire (the Go type name).", s.Name))
	if len(s.Events) == 0 {
		p.Line("export type %s = never;", sn.eventType)
	} else {
		p.Line("export type %s =", sn.eventType)
		p.In()
		for i, e := range s.Events {
			end := ""
			if i == len(s.Events)-1 {
				end = ";"
			}
			p.Line("| { readonly event: %s; readonly data: %s }%s", quote(e.Name), g.decls[e.Name].typ, end)
		}
		p.Out()
	}
	p.Line("")

	p.doc("The stream's name, the first part of its topics.")
	p.Line("export const stream = %s;", quote(s.Name))
	p.Line("")
	names := make([]string, len(s.Events))
	for i, e := range s.Events {
		names[i] = quote(e.Name)
	}
	p.doc("The names of the stream's events, in the order of the Go file.")
	p.Line("export const eventNames: readonly %s[\"event\"][] = [%s];", sn.eventType, strings.Join(names, ", "))
	p.Line("")

	p.doc("Decodes the data of the event with the given name from untrusted JSON (what JSON.parse returned);\nan unknown name or data that does not fit throws a DecodeError.")
	p.Line("export function decode(event: string, data: unknown): %s {", sn.eventType)
	p.In()
	p.Line("switch (event) {")
	p.In()
	for _, e := range s.Events {
		p.Line("case %s:", quote(e.Name))
		p.In()
		p.Line("return { event: %s, data: %s(data, %s) };", quote(e.Name), g.decls[e.Name].decoder, quote(e.Name))
		p.Out()
	}
	p.Out()
	p.Line("}")
	p.Line("throw new $d.DecodeError(event, %s);", quote("not an event of the "+s.Name+" stream"))
	p.Out()
	p.Line("}")
	p.Line("")

	p.doc("Encodes the data of an event as the JSON value Go writes; `event.event` is its name.")
	if len(s.Events) == 0 {
		p.Line("export function encode(event: %s): unknown {", sn.eventType)
		p.In()
		p.Line("return event;")
	} else {
		p.Line("export function encode(event: %s): { [member: string]: unknown } {", sn.eventType)
		p.In()
		p.Line("switch (event.event) {")
		p.In()
		for _, e := range s.Events {
			p.Line("case %s:", quote(e.Name))
			p.In()
			p.Line("return %s(event.data);", g.decls[e.Name].encoder)
			p.Out()
		}
		p.Out()
		p.Line("}")
	}
	p.Out()
	p.Line("}")
	p.Line("")

	g.renderChannel(&p, im, s)

	p.doc(strings.Join([]string{
		"Delivers the decoded events of every followed channel of this stream; the",
		"second argument of onEvent says which channel and event id. Data that does",
		"not decode, and the notice that a channel missed events (resync), go to",
		"onProblem. Returns a function that stops the delivery.",
	}, "\n"))
	p.Line("export function subscribe(")
	p.In()
	p.Line("connection: $c.Connection,")
	p.Line("onEvent: (event: %s, meta: $c.EventMeta) => void,", sn.eventType)
	p.Line("onProblem?: (problem: $c.Problem) => void,")
	p.Out()
	p.Line("): () => void {")
	p.In()
	p.Line("return connection.listen(stream, decode, onEvent, onProblem);")
	p.Out()
	p.Line("}")
	p.Line("")

	for _, e := range s.Events {
		g.record(&p, im, e, "event")
	}
	return assemble(streamDoc(s), []string{
		`import * as $c from "./connection.js";`,
		`import * as $d from "./decode.js";`,
	}, im, p.Bytes())
}

// renderChannel renders the builder of the stream's channels, typed by
// the key.
func (g *generator) renderChannel(p *printer, im *imports, s *schema.Stream) {
	if s.Channel == nil {
		p.doc("The one channel of this global stream, for `Connection.follow`.")
		p.Line("export const channel: $c.Channel = { stream, name: %s };", quote(s.Name))
		p.Line("")
		return
	}
	key := s.Channel.Key
	argType := "string"
	switch key.Kind {
	case schema.KindInt, schema.KindUint:
		argType = "number"
	case schema.KindEnum:
		d := g.decls[key.Ref]
		im.use(d, true)
		argType = d.typ
	}
	p.doc(fmt.Sprintf("The channel `%s` of this stream, for `Connection.follow`.", s.Channel.Template))
	p.Line("export function channel(key: %s): $c.Channel {", argType)
	p.In()
	p.Line("return { stream, name: %s + key };", quote(s.Channel.Prefix))
	p.Out()
	p.Line("}")
	p.Line("")
}

// streamDoc is a stream module's documentation: the Go doc of the stream
// file, its channel and whether it needs authorization.
func streamDoc(s *schema.Stream) string {
	doc := docText(s.Doc)
	if doc == "" {
		doc = fmt.Sprintf("The %s stream.", s.Name)
	}
	if s.Channel != nil {
		doc += fmt.Sprintf("\n\nChannels: `%s`.", s.Channel.Template)
	} else {
		doc += fmt.Sprintf("\n\nA global stream: its one channel is `%s`.", s.Name)
	}
	if s.Auth {
		doc += " Following a channel needs the server's authorizer to agree; a refusal\narrives as a `failed` status."
	}
	return doc
}
