package schema

import (
	"go/ast"
	"go/token"
	"sort"
	"strings"
)

// This file reads //ssegen:html, which marks the events of a stream that
// also go out as HTML fragments for htmx's SSE extension:
//
//	//ssegen:html <stream> [<Event> ...]
//
// <stream> names the HTML stream the fragments go out on: a stream of its
// own beside the typed ones, whose events carry HTML under the event's
// name (what sse-swap listens for). Several streams may name one HTML
// stream, so that a page reads all its fragments over one connection;
// they must then share a channel template. Without event names every
// event of the stream is rendered; with them, only those.

// HTML says which events of a stream also go out as HTML fragments.
type HTML struct {
	// Stream is the HTML stream the fragments go out on.
	Stream string `json:"stream"`
	// Events are the names of the events rendered as fragments, in the
	// stream's source order.
	Events []string `json:"events"`
	Pos    Pos      `json:"pos"`
}

// HTMLStream is one HTML stream and the streams whose fragments it carries.
type HTMLStream struct {
	// Name is the stream's name, the path segment after /sse/.
	Name string
	// Sources are the typed streams that send their fragments here, sorted
	// by name. They share one channel template.
	Sources []*Stream
	// Channel is the sources' channel template; nil for a global stream.
	Channel *Channel
	// Auth is set when any source needs authorization: a fragment shows
	// what its event holds.
	Auth bool
}

// Events returns the events of every source that go out as fragments, in
// the order of the sources and then of their files.
func (h *HTMLStream) Events() []*Record {
	var out []*Record
	for _, s := range h.Sources {
		for _, name := range s.HTML.Events {
			for _, e := range s.Events {
				if e.Name == name {
					out = append(out, e)
				}
			}
		}
	}
	return out
}

// HTMLStreams returns the model's HTML streams, sorted by name.
func (m *Model) HTMLStreams() []*HTMLStream {
	byName := map[string]*HTMLStream{}
	var out []*HTMLStream
	for _, s := range m.Streams {
		if s.HTML == nil {
			continue
		}
		h := byName[s.HTML.Stream]
		if h == nil {
			h = &HTMLStream{Name: s.HTML.Stream, Channel: s.Channel}
			byName[h.Name] = h
			out = append(out, h)
		}
		h.Sources = append(h.Sources, s)
		h.Auth = h.Auth || s.Auth
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// htmlDirective is an //ssegen:html line as written.
type htmlDirective struct {
	stream string
	events []string
	pos    token.Pos
}

// readHTML reads the arguments of an //ssegen:html line.
func (l *loader) readHTML(c *ast.Comment, args []string) *htmlDirective {
	if len(args) == 0 {
		l.errs.Add(l.tokenPos(c.Pos()), "//ssegen:html needs the HTML stream to send fragments on: write //ssegen:html <stream> [<Event> ...], e.g. //ssegen:html board")
		return nil
	}
	if !streamName.MatchString(args[0]) {
		l.errs.Add(l.tokenPos(c.Pos()), "//ssegen:html stream name %q must be a lower-case identifier matching [a-z][a-z0-9_]*", args[0])
		return nil
	}
	return &htmlDirective{stream: args[0], events: args[1:], pos: c.Pos()}
}

// html checks a stream's //ssegen:html line against its events.
func (l *loader) html(s *streamFile, st *Stream) *HTML {
	d := s.dirs.html
	if d == nil {
		return nil
	}
	pos := l.tokenPos(d.pos)
	h := &HTML{Stream: d.stream, Events: []string{}, Pos: pos}
	want := map[string]bool{}
	for _, name := range d.events {
		if want[name] {
			l.errs.Add(pos, "//ssegen:html names %s twice: name it once", name)
		}
		want[name] = true
	}
	for _, e := range st.Events {
		if len(want) == 0 || want[e.Name] {
			h.Events = append(h.Events, e.Name)
			delete(want, e.Name)
		}
	}
	var unknown []string
	for name := range want {
		unknown = append(unknown, name)
	}
	sort.Strings(unknown)
	for _, name := range unknown {
		l.errs.Add(pos, "//ssegen:html names %s, which is not an event of stream %q: name events declared in %s_sse.go", name, st.Name, st.Name)
	}
	return h
}

// checkHTMLStreams checks what the HTML streams of the model need across
// stream files: a name of their own, and one channel template for every
// stream that sends fragments to the same HTML stream.
func (l *loader) checkHTMLStreams(streams []*Stream) {
	typed := map[string]bool{}
	for _, s := range streams {
		typed[s.Name] = true
	}
	first := map[string]*Stream{}
	for _, s := range streams {
		if s.HTML == nil {
			continue
		}
		name := s.HTML.Stream
		if typed[name] {
			l.errs.Add(s.HTML.Pos, "//ssegen:html stream %q has the name of the stream in %s_sse.go: give the HTML stream a name of its own", name, name)
			continue
		}
		f := first[name]
		if f == nil {
			first[name] = s
			continue
		}
		if channelShape(f.Channel) != channelShape(s.Channel) {
			l.errs.Add(s.HTML.Pos, "streams %s (channel %s) and %s (channel %s) both send fragments to HTML stream %q, which has one channel template: give them the same channel, or their own HTML streams", f.Name, channelText(f.Channel), s.Name, channelText(s.Channel), name)
		}
	}
}

// channelShape is what makes two channel templates interchangeable: the
// prefix and the key's Go type.
func channelShape(c *Channel) string {
	if c == nil || c.Key == nil {
		return ""
	}
	k := c.Key
	var b strings.Builder
	b.WriteString(c.Prefix + " " + string(k.Kind) + " " + k.Basic + " " + k.Ref)
	if k.Named != nil {
		b.WriteString(" " + k.Named.PkgPath + "." + k.Named.Name)
	}
	return b.String()
}

// channelText names a channel template in an error.
func channelText(c *Channel) string {
	if c == nil {
		return "global"
	}
	return c.Template
}
