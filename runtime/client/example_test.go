package client_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/ssegen/ssegen/runtime"
	"github.com/ssegen/ssegen/runtime/client"
)

// A Go service following two channels on one multiplexed connection:
// SplitMux gives each event's topic, and the event's id is the cursor that
// resumes both after a reconnect.
func Example() {
	hub := runtime.NewHub(runtime.HubConfig{})
	defer hub.Close()
	srv := &runtime.Server{Hub: hub, Streams: []runtime.Stream{
		{Name: "comment", ChannelPrefix: "item:", Events: []string{"CommentAdded"}},
		{Name: "system", Events: []string{"Notice"}},
	}}
	mux := http.NewServeMux()
	mux.Handle("/sse", srv)
	ts := httptest.NewServer(mux)
	defer ts.Close()
	defer srv.Shutdown(context.Background())

	ctx, cancel := context.WithCancel(context.Background())
	c := &client.Client{OnConnect: func(string) {
		hub.Publish(ctx, "comment", "item:42", "CommentAdded", []byte(`{"text":"first!"}`))
		hub.Publish(ctx, "system", "system", "Notice", []byte(`{"text":"maintenance at noon"}`))
	}}
	seen := 0
	err := c.Subscribe(ctx, ts.URL+"/sse?c=comment/item:42&c=system/system", func(e client.Event) {
		topic, data, err := client.SplitMux(e.Data)
		if err != nil {
			fmt.Println(err)
			return
		}
		var v struct{ Text string }
		json.Unmarshal(data, &v)
		cursor, _ := client.ParseCursor(e.ID)
		fmt.Printf("%s %s %q (position in cursor: %t)\n", topic, e.Name, v.Text, cursor[topic] != "")
		if seen++; seen == 2 {
			cancel()
		}
	})
	fmt.Println(err)
	// Output:
	// comment/item:42 CommentAdded "first!" (position in cursor: true)
	// system/system Notice "maintenance at noon" (position in cursor: true)
	// context canceled
}
