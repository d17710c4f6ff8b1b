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

	// Print the stream up to the event; ids depend on the clock.
	lines := bufio.NewScanner(res.Body)
	for lines.Scan() {
		line := lines.Text()
		if strings.HasPrefix(line, "id: ") {
			line = "id: <id>"
		}
		fmt.Println(line)
		if strings.HasPrefix(line, "data: ") {
			break
		}
	}
	// Output:
	// retry: 3000
	//
	// id: <id>
	//
	// id: <id>
	// event: Notice
	// data: {"text":"hello"}
}
