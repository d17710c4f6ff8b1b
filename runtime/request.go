package runtime

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// request is a stream request that passed every check: its topics exist,
// the client may subscribe to them, and its resume position is read.
type request struct {
	mux bool
	// topics are the open (not closed) topics, sorted; names their names.
	topics []*connTopic
	names  []string
	// clientID is the id the client sent: Last-Event-ID, else the
	// lastEventId query parameter.
	clientID string
	// pos is the resume position per topic; badCursor marks a multiplexed
	// id that could not be read, which resyncs every topic.
	pos       map[string]string
	badCursor bool
}

// parseRequest checks a GET for the endpoint below the prefix (rest) and
// returns it, or answers the client with the status that refuses it
// (400, 401, 403, 404 or 204) and returns nil.
func (s *Server) parseRequest(w http.ResponseWriter, r *http.Request, rest string) *request {
	query, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		http.Error(w, "malformed query", http.StatusBadRequest)
		return nil
	}
	mux := rest == "" || rest == "/"
	var names []string
	if mux {
		names = query["c"]
		if len(names) == 0 {
			http.Error(w, "no channel: give ?c=<stream>/<channel>", http.StatusBadRequest)
			return nil
		}
	} else {
		segs := strings.Split(rest[1:], "/")
		if len(segs) != 2 {
			http.NotFound(w, r)
			return nil
		}
		stream, err1 := url.PathUnescape(segs[0])
		channel, err2 := url.PathUnescape(segs[1])
		if err1 != nil || err2 != nil {
			http.Error(w, "malformed path", http.StatusBadRequest)
			return nil
		}
		names = []string{Topic(stream, channel)}
	}
	slices.Sort(names)
	names = slices.Compact(names)
	maxChannels := s.maxChannels()
	if maxChannels > 0 && len(names) > maxChannels {
		http.Error(w, fmt.Sprintf("too many channels: %d in one request, at most %d (Server.MaxChannelsPerRequest)", len(names), maxChannels), http.StatusBadRequest)
		return nil
	}
	topics := make([]*connTopic, 0, len(names))
	open := names[:0:0]
	for _, name := range names {
		stream, channel, ok := strings.Cut(name, "/")
		if !ok {
			http.Error(w, "malformed topic "+strconv.Quote(name)+": want <stream>/<channel>", http.StatusBadRequest)
			return nil
		}
		st, status, msg := s.resolve(stream, channel)
		if status != 0 {
			http.Error(w, msg, status)
			return nil
		}
		if st.Auth {
			if status, msg := s.authorize(r, stream, channel); status != 0 {
				http.Error(w, msg, status)
				return nil
			}
		}
		if s.Hub.isClosed(name) {
			continue
		}
		topics = append(topics, &connTopic{name: name, stream: stream, channel: channel, esc: appendQueryEscape(nil, name)})
		open = append(open, name)
	}
	if len(topics) == 0 {
		w.WriteHeader(http.StatusNoContent)
		return nil
	}

	// Where the client stands: the header (reconnects) wins over the
	// query (first connections).
	last := r.Header.Get("Last-Event-ID")
	if _, ok := r.Header["Last-Event-Id"]; !ok {
		last = query.Get("lastEventId")
	}
	req := &request{mux: mux, topics: topics, names: open, clientID: last, pos: map[string]string{}}
	if last != "" {
		if mux {
			if msg := checkCursorSize(last, maxChannels); msg != "" {
				http.Error(w, msg, http.StatusBadRequest)
				return nil
			}
			if req.pos, err = parseCursor(last); err != nil {
				req.badCursor = true
			}
		} else {
			req.pos[names[0]] = last
		}
	}
	return req
}

// DefaultMaxChannelsPerRequest is the default of
// Server.MaxChannelsPerRequest. A browser app follows its channels over
// one multiplexed connection per page, and a page rarely shows more than a
// few dozen live things at once; 64 typical channels keep the URL and the
// cursor the browser sends back (Last-Event-ID, about 50 bytes a channel)
// within the 8 KiB that common proxies allow a request line or a header,
// while a request for thousands of channels, which no page needs, cannot
// make the server hold state for each of them.
const DefaultMaxChannelsPerRequest = 64

func (s *Server) maxChannels() int {
	if s.MaxChannelsPerRequest == 0 {
		return DefaultMaxChannelsPerRequest
	}
	return s.MaxChannelsPerRequest
}

// maxCursorPair is the longest pair of a cursor this server writes: a
// topic (stream, "/" and channel, each byte escaped to at most three) and
// an id of up to maxCursorID bytes, escaped, with "=" and "&".
const maxCursorPair = 3*(maxKeyLen+1+2*maxKeyLen) + 3*maxCursorID + 2

// maxCursorID bounds an id inside a cursor; the backplanes' ids are far
// shorter (the memory backplane's at most 20 bytes, Redis's at most 41).
const maxCursorID = 64

// checkCursorSize refuses, before parsing it, a cursor that no server with
// this limit can have written: longer than maxChannels pairs can be, or
// with more pairs than maxChannels. It returns the message to answer 400
// with, or "". With no limit (maxChannels <= 0) every cursor is read.
func checkCursorSize(cursor string, maxChannels int) string {
	if maxChannels <= 0 {
		return ""
	}
	if len(cursor) > maxChannels*maxCursorPair {
		return fmt.Sprintf("Last-Event-ID too long: %d bytes, a cursor of at most %d channels (Server.MaxChannelsPerRequest) has at most %d", len(cursor), maxChannels, maxChannels*maxCursorPair)
	}
	if n := strings.Count(cursor, "&") + 1; n > maxChannels {
		return fmt.Sprintf("Last-Event-ID names %d channels, at most %d (Server.MaxChannelsPerRequest)", n, maxChannels)
	}
	return ""
}
