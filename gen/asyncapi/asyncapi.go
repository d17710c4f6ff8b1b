// Package asyncapi renders a schema.Model as an AsyncAPI 3.0 document: the
// streams as channels with their addresses and keys, the multiplexed
// endpoint, receive operations, and the events as messages whose payloads
// are JSON Schemas of the Go types, for tooling and other languages.
package asyncapi

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/ssegen/ssegen/gen/files"
	"github.com/ssegen/ssegen/gen/internal/modelwalk"
	"github.com/ssegen/ssegen/schema"
)

// Header is the first line of the generated document; it marks the file
// as ssegen's.
const Header = files.YAMLHeader

// File is the document's name in the output directory.
const File = "asyncapi.yaml"

// Options tune Generate. The zero value is ready to use.
type Options struct {
	// Version is the document's info.version, "1.0.0" when empty.
	Version string
}

// componentName is what AsyncAPI accepts as a key of components and of
// channels, operations and messages.
var componentName = regexp.MustCompile(`^[a-zA-Z0-9._-]+$`)

// muxChannel is the id of the multiplexed endpoint's channel.
const muxChannel = "multiplexed"

// Check reports every name in m that cannot be a key of the document:
// AsyncAPI allows only ASCII letters, digits, '.', '-' and '_'.
func Check(m *schema.Model) schema.ErrorList {
	if m == nil {
		return schema.ErrorList{{Msg: "asyncapi: no model"}}
	}
	var errs schema.ErrorList
	name := func(n, what string, pos schema.Pos) {
		if !componentName.MatchString(n) {
			errs.Add(pos, "%s is not a valid AsyncAPI name, which may hold only ASCII letters, digits, '.', '-' and '_'; rename it", what)
		}
	}
	for _, r := range m.Records {
		name(r.Name, "record "+r.Name, r.Pos)
	}
	for _, e := range m.Enums {
		name(e.Name, "enum "+e.Name, e.Pos)
	}
	for _, s := range m.Streams {
		name(s.Name, "stream "+s.Name, s.Pos)
		if s.Name == muxChannel {
			errs.Add(s.Pos, "stream %s has the name of the AsyncAPI channel of the multiplexed endpoint; rename the file", s.Name)
		}
		for _, e := range s.Events {
			name(e.Name, "event "+e.Name, e.Pos)
		}
		if s.Channel != nil {
			name(s.Channel.Field, "the channel key "+s.Channel.Field+" of stream "+s.Name, s.Channel.Pos)
		}
	}
	checkKinds(m, &errs)
	errs.Sort()
	return errs
}

// checkKinds reports types the schema package never builds (a model made
// by hand may hold them), so that rendering can trust every type.
func checkKinds(m *schema.Model, errs *schema.ErrorList) {
	modelwalk.CheckTypes(m, errs, modelwalk.TypeCheck{
		Output: "AsyncAPI output",
		Declared: func(t *schema.Type) bool {
			if t.Kind == schema.KindRecord {
				return m.Record(t.Ref) != nil
			}
			return m.Enum(t.Ref) != nil
		},
	})
}

// Generate renders m as asyncapi.yaml. It fails with the Check errors
// when some name cannot be rendered.
func Generate(m *schema.Model, opts Options) ([]files.File, error) {
	if m == nil {
		return nil, fmt.Errorf("asyncapi: no model")
	}
	if err := Check(m).Err(); err != nil {
		return nil, err
	}
	var b strings.Builder
	b.WriteString(Header + "\n")
	write(&b, document(m, opts), "")
	return []files.File{{Path: File, Content: []byte(b.String())}}, nil
}

// document builds the AsyncAPI document.
func document(m *schema.Model, opts Options) *mapping {
	version := opts.Version
	if version == "" {
		version = "1.0.0"
	}
	channels, operations := obj(), obj()
	schemas, messages := obj(), obj()
	anyAuth := false
	var muxMessages []string

	for _, s := range m.Streams {
		ch := obj()
		msgs := obj()
		var opMsgs seq
		address := "/sse/" + s.Name + "/" + s.Name
		if s.Channel != nil {
			address = "/sse/" + s.Name + "/" + s.Channel.Prefix + "{" + s.Channel.Field + "}"
		}
		ch.set("address", str(address))
		ch.set("title", str(s.Name))
		ch.set("description", str(streamDoc(s)))
		if s.Channel != nil {
			ch.set("parameters", obj(s.Channel.Field, keyParameter(m, s.Channel)))
		}
		for _, e := range s.Events {
			msgs.set(e.Name, obj("$ref", str("#/components/messages/"+e.Name)))
			opMsgs = append(opMsgs, obj("$ref", str("#/channels/"+s.Name+"/messages/"+e.Name)))
			muxMessages = append(muxMessages, e.Name)
			messages.set(e.Name, message(e))
			schemas.set(e.Name, recordSchema(e))
		}
		msgs.set("resync", obj("$ref", str("#/components/messages/resync")))
		opMsgs = append(opMsgs, obj("$ref", str("#/channels/"+s.Name+"/messages/resync")))
		ch.set("messages", msgs)
		channels.set(s.Name, ch)

		op := obj("action", str("receive"), "channel", obj("$ref", str("#/channels/"+s.Name)),
			"summary", str("Follow a channel of the "+s.Name+" stream: GET "+address+"."))
		if s.Auth {
			anyAuth = true
			op.set("security", seq{obj("$ref", str("#/components/securitySchemes/authorizer"))})
		}
		op.set("bindings", obj("http", obj("method", str("GET"), "bindingVersion", str("0.3.0"))))
		op.set("messages", opMsgs)
		operations.set("receive"+upperCamel(s.Name), op)
	}

	mux := obj("address", str("/sse"), "title", str("multiplexed"),
		"description", str(muxDoc))
	muxMsgs := obj()
	var muxOpMsgs seq
	for _, name := range muxMessages {
		muxMsgs.set(name, obj("$ref", str("#/components/messages/"+name)))
		muxOpMsgs = append(muxOpMsgs, obj("$ref", str("#/channels/"+muxChannel+"/messages/"+name)))
	}
	muxMsgs.set("resync", obj("$ref", str("#/components/messages/resync")))
	muxOpMsgs = append(muxOpMsgs, obj("$ref", str("#/channels/"+muxChannel+"/messages/resync")))
	mux.set("messages", muxMsgs)
	channels.set(muxChannel, mux)
	muxOp := obj("action", str("receive"), "channel", obj("$ref", str("#/channels/"+muxChannel)),
		"summary", str("Follow several channels of several streams on one connection: GET /sse?c=<stream>/<channel>&c=..."))
	if anyAuth {
		muxOp.set("security", seq{obj("$ref", str("#/components/securitySchemes/authorizer"))})
	}
	muxOp.set("bindings", obj("http", obj("method", str("GET"), "bindingVersion", str("0.3.0"))))
	muxOp.set("messages", muxOpMsgs)
	operations.set("receiveMultiplexed", muxOp)

	messages.set("resync", obj(
		"name", str("resync"),
		"title", str("resync"),
		"summary", str("The channel missed events that the server can no longer replay: fetch its state afresh."),
		"contentType", str("text/plain"),
		"payload", obj("type", str("string"), "description", str("The topic, <stream>/<channel>.")),
	))
	for _, r := range m.Records {
		schemas.set(r.Name, recordSchema(r))
	}
	for _, e := range m.Enums {
		schemas.set(e.Name, enumSchema(e))
	}

	components := obj("schemas", sortedMapping(schemas), "messages", messages)
	if anyAuth {
		components.set("securitySchemes", obj("authorizer", obj(
			"type", str("httpApiKey"),
			"name", str("session"),
			"in", str("cookie"),
			"description", str("Following a channel of this stream needs the application's authorizer (runtime.Server.Authorizer) to agree; it refuses with 401 or 403. A browser's EventSource sends cookies only, so a session cookie is the usual credential; its name is the application's."),
		)))
	}
	return obj(
		"asyncapi", str("3.0.0"),
		"info", obj(
			"title", str("Server-sent event streams of "+m.Package.Path),
			"version", str(version),
			"description", str(infoDoc),
		),
		"defaultContentType", str("application/json"),
		"channels", channels,
		"operations", operations,
		"components", components,
	)
}

// keyParameter describes a channel's key.
func keyParameter(model *schema.Model, c *schema.Channel) *mapping {
	p := obj()
	switch c.Key.Kind {
	case schema.KindInt, schema.KindUint:
		p.set("description", str("The "+c.Field+" of the events: a decimal integer."))
	case schema.KindEnum:
		p.set("description", str("The "+c.Field+" of the events: one of the values of "+c.Key.Ref+"."))
		if e := model.Enum(c.Key.Ref); e != nil {
			var vals seq
			for _, v := range e.Values {
				vals = append(vals, str(v.Value))
			}
			p.set("enum", vals)
		}
	default:
		p.set("description", str("The "+c.Field+" of the events."))
	}
	return p
}

// message is the message of one event: named after it, its payload the
// event's schema.
func message(e *schema.Record) *mapping {
	msg := obj("name", str(e.Name), "title", str(e.Name))
	if doc := strings.TrimSpace(e.Doc); doc != "" {
		first, _, _ := strings.Cut(doc, "\n\n")
		msg.set("summary", str(strings.Join(strings.Fields(first), " ")))
		msg.set("description", str(doc))
	}
	msg.set("contentType", str("application/json"))
	msg.set("payload", ref(e.Name))
	return msg
}

// streamDoc is a stream's description: its Go doc and its channels.
func streamDoc(s *schema.Stream) string {
	doc := strings.TrimSpace(s.Doc)
	if doc == "" {
		doc = "The " + s.Name + " stream."
	}
	if s.Channel != nil {
		doc += "\n\nChannels: " + s.Channel.Template + "."
	} else {
		doc += "\n\nA global stream: its one channel is " + s.Name + "."
	}
	doc += " Each event has an id (increasing within the channel; send the last one seen as Last-Event-ID to resume), its Go type name as the event name, and its JSON as the data."
	return doc
}

// upperCamel turns a stream name such as "user_event" into "UserEvent".
func upperCamel(name string) string {
	var b strings.Builder
	for _, w := range strings.FieldsFunc(name, func(r rune) bool { return r == '_' || r == '-' || r == '.' }) {
		b.WriteString(strings.ToUpper(w[:1]) + w[1:])
	}
	return b.String()
}

// sortedMapping orders a mapping's keys, so that schemas read as an index.
func sortedMapping(in *mapping) *mapping {
	out := obj()
	keys := append([]string(nil), in.keys...)
	sortStrings(keys)
	for _, k := range keys {
		for i, k2 := range in.keys {
			if k2 == k {
				out.set(k, in.vals[i])
			}
		}
	}
	return out
}

const infoDoc = `Server-sent events (text/event-stream, WHATWG HTML "Server-sent events"), served by the ssegen runtime. Each stream has one channel per key at /sse/{stream}/{channel}; the multiplexed endpoint /sse carries several channels of several streams on one connection. A client resumes by sending the last event id it saw as Last-Event-ID (or ?lastEventId=); where the history no longer reaches back, the channel gets a resync event instead of a gap.`

const muxDoc = `Several channels of several streams on one connection: GET /sse?c=<stream>/<channel>&c=... (for example ?c=comment/item:42&c=system/system). Every topic is checked and authorized as on its own endpoint; one refusal fails the request. The data of each event begins with its topic on a line of its own, then the event's JSON as on the one-channel endpoint. Event ids are cursors of every topic (topic=id&topic=id, form-encoded), so the one Last-Event-ID a browser sends resumes them all.`
