package runtime_test

import (
	"bufio"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/ssegen/ssegen/runtime"
)

// The smallest server: one hub, one global stream, mounted on a mux.
func Example() {
	hub := runtime.NewHub(runtime.HubConfig{})
	defer hub.Close()
	srv := &runtime.Server{Hub: hub, Streams: []runtime.Stream{{Name: "system", Events: []string{"Notice"}}}}
	mux := http.NewServeMux()
	mux.Handle("/sse", srv)
	mux.Handle("/sse/", srv)
	ts := httptest.NewServer(mux)
	defer ts.Close()
	defer srv.Shutdown(context.Background())

	res, err := http.Get(ts.URL + "/sse/system/system")
	if err != nil {
		panic(err)
	}
	defer res.Body.Close()
	hub.Publish(context.Background(), "system", "system", "Notice", []byte(`{"text":"hello"}`))

	// Print the stream up to the event, without the id lines: ids depend
	// on the clock, and a bare id block (the client's starting position)
	// may or may not come before the event.
	lines := bufio.NewScanner(res.Body)
	for lines.Scan() {
		line := lines.Text()
		if line == "" || strings.HasPrefix(line, "id: ") {
			continue
		}
		fmt.Println(line)
		if strings.HasPrefix(line, "data: ") {
			break
		}
	}
	// Output:
	// retry: 3000
	// event: Notice
	// data: {"text":"hello"}
}
