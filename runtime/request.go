package runtime

import (
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
			if req.pos, err = parseCursor(last); err != nil {
				req.badCursor = true
			}
		} else {
			req.pos[names[0]] = last
		}
	}
	return req

}
