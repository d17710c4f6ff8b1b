package fragments

import (
	"bufio"
	"context"
	"html/template"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/ssegen/ssegen/runtime"
)

// pageTemplates render the page HTML stream's fragments.
const pageTemplates = `
{{define "BoardShown"}}<ul id="cards">{{range .Cards}}<li>{{.}}</li>{{else}}<li>empty</li>{{end}}</ul>{{end}}
{{define "Online"}}<span>{{.Count}} online</span>{{end}}`

func mustParse(t *testing.T, src string) *template.Template {
	t.Helper()
	return template.Must(template.New("").Parse(src))
}

func TestBindingReportsEveryMissingOrMistypedTemplateByName(t *testing.T) {
	hub := runtime.NewHub(runtime.HubConfig{})
	defer hub.Close()
	_, err := NewPageFragments(hub, mustParse(t, `{{define "BoardShown"}}{{.Crads}}{{end}}`))
	if err == nil {
		t.Fatal("binding a mistyped template and leaving one out succeeded")
	}
	msg := err.Error()
	for _, want := range []string{`template "BoardShown" does not render a zero BoardShown`, "Crads", `no template "Online"`} {
		if !strings.Contains(msg, want) {
			t.Errorf("error %q does not say %q", msg, want)
		}
	}
	if _, err := NewPageFragments(hub, mustParse(t, pageTemplates)); err != nil {
		t.Fatalf("good templates: %v", err)
	}
	if _, err := NewPageFragments(nil, mustParse(t, pageTemplates)); err == nil {
		t.Fatal("no publisher: no error")
	}
}

func TestAFragmentThatRendersNothingIsAnError(t *testing.T) {
	hub := runtime.NewHub(runtime.HubConfig{})
	defer hub.Close()
	f, err := NewNewsFragments(hub, mustParse(t, `{{define "Announced"}}{{with .Author}}{{.}}: {{end}}{{.Text}}{{end}}`))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.PublishAnnouncedFragment(context.Background(), Announced{}); err == nil || !strings.Contains(err.Error(), "rendered nothing") {
		t.Fatalf("empty fragment: %v", err)
	}
	if m := f.AnnouncedMessage(Announced{Text: "hi"}); m.Event != NewsSwap.Announced || string(m.Data) != "hi" {
		t.Fatalf("message: %+v", m)
	}
}

// server serves the package's streams with an authorizer that lets
// everyone in.
func server(t *testing.T) (*runtime.Hub, *httptest.Server) {
	t.Helper()
	hub := runtime.NewHub(runtime.HubConfig{})
	srv := &runtime.Server{Hub: hub, Authorizer: func(*http.Request, string, string) error { return nil }, HeartbeatInterval: -1}
	mux := http.NewServeMux()
	if err := Mount(mux, srv); err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(mux)
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		srv.Shutdown(ctx)
		ts.Close()
		hub.Close()
	})
	return hub, ts
}

// event is one event read off a stream.
type event struct{ name, data string }

// subscribe opens path and returns its events as they come.
func subscribe(t *testing.T, url string) <-chan event {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	req, _ := http.NewRequestWithContext(ctx, "GET", url, nil)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if res.StatusCode != 200 {
		t.Fatalf("GET %s: %s", url, res.Status)
	}
	out := make(chan event, 16)
	go func() {
		defer res.Body.Close()
		defer close(out)
		lines := bufio.NewScanner(res.Body)
		var ev event
		for lines.Scan() {
			line := lines.Text()
			switch {
			case strings.HasPrefix(line, "event: "):
				ev.name = line[len("event: "):]
			case strings.HasPrefix(line, "data: "):
				if ev.data != "" {
					ev.data += "\n"
				}
				ev.data += line[len("data: "):]
			case line == "" && ev.name != "":
				out <- ev
				ev = event{}
			}
		}
	}()
	return out
}

func next(t *testing.T, c <-chan event) event {
	t.Helper()
	select {
	case ev, ok := <-c:
		if !ok {
			t.Fatal("stream ended")
		}
		return ev
	case <-time.After(5 * time.Second):
		t.Fatal("no event within 5s")
	}
	return event{}
}

func TestOnePublishReachesTypedAndHTMLSubscribers(t *testing.T) {
	hub, ts := server(t)
	f, err := NewPageFragments(hub, mustParse(t, pageTemplates))
	if err != nil {
		t.Fatal(err)
	}
	if got := PageHTMLURL("b 1"); got != "/sse/page/board:b%201" {
		t.Fatalf("PageHTMLURL = %q", got)
	}
	html := subscribe(t, ts.URL+PageHTMLURL("b1"))
	typed := subscribe(t, ts.URL+"/sse/board/"+BoardChannel("b1"))
	other := subscribe(t, ts.URL+PageHTMLURL("b2"))

	if err := f.PublishBoardShown(context.Background(), BoardShown{BoardID: "b1", Cards: []string{"<script>x</script>", "two"}}); err != nil {
		t.Fatal(err)
	}
	if err := f.PublishOnline(context.Background(), Online{BoardID: "b2", Count: 3}); err != nil {
		t.Fatal(err)
	}
	got := next(t, html)
	if got.name != PageSwap.BoardShown || got.data != `<ul id="cards"><li>&lt;script&gt;x&lt;/script&gt;</li><li>two</li></ul>` {
		t.Fatalf("HTML subscriber got %+v", got)
	}
	got = next(t, typed)
	if got.name != "BoardShown" || got.data != `{"board_id":"b1","cards":["\u003cscript\u003ex\u003c/script\u003e","two"]}` {
		t.Fatalf("typed subscriber got %+v", got)
	}
	if ev, err := DecodeBoardStreamEvent(got.name, []byte(got.data)); err != nil || len(ev.(BoardShown).Cards) != 2 {
		t.Fatalf("decoding the typed event: %v %v", ev, err)
	}
	// Each board's fragments reach that board's page only.
	if got := next(t, other); got.name != PageSwap.Online || got.data != "<span>3 online</span>" {
		t.Fatalf("board b2 got %+v", got)
	}
}

func TestATemplateErrorPublishesNeitherForm(t *testing.T) {
	hub, ts := server(t)
	// Executing index on a short slice fails for some values only, so
	// binding passes and rendering fails.
	f, err := NewPageFragments(hub, mustParse(t, `{{define "BoardShown"}}{{if .Cards}}{{index .Cards 5}}{{else}}none{{end}}{{end}}{{define "Online"}}{{.Count}}{{end}}`))
	if err != nil {
		t.Fatal(err)
	}
	typed := subscribe(t, ts.URL+"/sse/board/"+BoardChannel("b1"))
	if err := f.PublishBoardShown(context.Background(), BoardShown{BoardID: "b1", Cards: []string{"a"}}); err == nil || !strings.Contains(err.Error(), "rendering BoardShown") {
		t.Fatalf("render error: %v", err)
	}
	if _, err := NewBoardPublisher(hub).PublishCardMoved(context.Background(), CardMoved{BoardID: "b1", Card: "a"}); err != nil {
		t.Fatal(err)
	}
	if got := next(t, typed); got.name != "CardMoved" {
		t.Fatalf("the failed publish reached typed subscribers: %+v", got)
	}
}

func TestSnapshotsSendFragmentsToTheirOwnChannelOnly(t *testing.T) {
	hub := runtime.NewHub(runtime.HubConfig{})
	defer hub.Close()
	f, err := NewPageFragments(hub, mustParse(t, pageTemplates))
	if err != nil {
		t.Fatal(err)
	}
	var sendErr, wrongErr error
	srv := &runtime.Server{Hub: hub, Authorizer: func(*http.Request, string, string) error { return nil }, OnConnect: func(s *runtime.Snapshot) error {
		if s.Stream != "page" {
			return nil
		}
		wrongErr = f.SendOnlineFragment(s, Online{BoardID: "elsewhere", Count: 9})
		sendErr = f.SendOnlineFragment(s, Online{BoardID: "b1", Count: 1})
		return nil
	}}
	mux := http.NewServeMux()
	if err := Mount(mux, srv); err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(mux)
	defer ts.Close()
	defer srv.Shutdown(context.Background())
	html := subscribe(t, ts.URL+PageHTMLURL("b1"))
	if got := next(t, html); got.name != "Online" || got.data != "<span>1 online</span>" {
		t.Fatalf("snapshot: %+v", got)
	}
	if sendErr != nil || wrongErr == nil || !strings.Contains(wrongErr.Error(), "does not belong") {
		t.Fatalf("send: %v, send of another channel: %v", sendErr, wrongErr)
	}
}

func TestHTMLStreamsAreServedAndNeedAuthLikeTheirSources(t *testing.T) {
	names := map[string]runtime.Stream{}
	for _, s := range Streams() {
		names[s.Name] = s
	}
	if !names["page"].Auth || names["news"].Auth {
		t.Fatalf("page (from the auth stream presence) must need auth, news must not: %+v", names)
	}
	if got := NewsHTMLURL(); got != "/sse/news/news" {
		t.Fatalf("NewsHTMLURL = %q", got)
	}
}
