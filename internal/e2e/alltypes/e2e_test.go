package sse

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/ssegen/ssegen/runtime"
	"github.com/ssegen/ssegen/runtime/client"
)

// card is a CardCreated that uses most kinds and survives a JSON round
// trip unchanged (valid UTF-8, UTC times, compact raw JSON).
func card(board int64) CardCreated {
	n, s, sev := 5, "ptr <&>", SeverityHigh
	tags := []string{"a", "b"}
	at := time.Date(2024, 2, 29, 12, 30, 0, 123456789, time.UTC)
	return CardCreated{
		Base:    Base{Stamp: Stamp{At: at, Seq: 18446744073709551615}, EventID: "e-1"}, // Base.Note is hidden by the event's Note: never on the wire
		BoardID: board, Note: "note", Title: "Title \u2028 <b>", Count: 3, Type: "task",
		I: -1, I8: -8, I16: 16, I32: -32, I64: 1 << 62, U: 1, U8: 255, U16: 65535, U32: 1 << 31, U64: 1 << 63,
		F32: 1.5, F64: 1e21, B: true, S: "s",
		Created: at, Payload: []byte{0, 1, 2}, Raw: json.RawMessage(`{"a":[1,"x"]}`), Blob: Blob("blob"),
		Tags: Tags{"x"}, Attrs: Attrs{"k": "v"}, Owner: "u-1", Severity: SeverityLow, Priority: PriorityUrgent, Level: LevelWarn,
		Author:    Author{ID: "u-1", Name: "Ada", Address: &Address{Street: "1 Main St", Country: "UK"}},
		Reviewers: []Author{{ID: "u-2", Name: "Bob"}}, Editor: &Author{ID: "u-3"},
		Digest: [4]byte{1, 2, 3, 4}, Pair: [2]string{"l", "r"}, Matrix: [][]int{{1}, {}},
		Scores: map[string]int{"b": 2, "a": 1}, ByUser: map[UserID]string{"u": "x"}, ByID: map[int64]string{10: "ten", 9: "nine"},
		Flags: map[uint16]bool{7: true}, Groups: map[string][]string{"g": {"m"}}, Authors: map[string]*Author{"nil": nil, "x": {ID: "x"}},
		PtrString: &s, PtrInt: &n, PtrTime: &at, PtrSeverity: &sev, PtrSlice: &tags, Dash: "dash",
	}
}

func TestAllTypesOverHTTP(t *testing.T) {
	hub := runtime.NewHub(runtime.HubConfig{})
	srv := &runtime.Server{Hub: hub, HeartbeatInterval: -1, Authorizer: func(r *http.Request, stream, channel string) error {
		if runtime.Token(r, "") != "u-1" || channel != ProfileChannel("u-1") {
			return runtime.Deny(http.StatusForbidden, "not yours")
		}
		return nil
	}}
	mux := http.NewServeMux()
	if err := Mount(mux, srv); err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(mux)
	defer hub.Close()
	defer ts.Close()
	defer srv.Shutdown(context.Background())

	// An integer key: channels of other forms are not the board stream's.
	for path, status := range map[string]int{"/sse/board/board:abc": http.StatusNotFound, "/sse/profile/user:u-2": http.StatusForbidden} {
		resp, err := http.Get(ts.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != status {
			t.Errorf("GET %s: %d, want %d", path, resp.StatusCode, status)
		}
	}

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	want := []any{card(7), ProfileUpdated{UserID: "u-1", Author: Author{ID: "u-1", Name: "Ada"}, Last: &Tick{Seq: 3, Level: LevelInfo, Phase: PhaseEnd}}, Heartbeat{}}
	var got []any
	c := &client.Client{
		Header:      http.Header{"Authorization": {"Bearer u-1"}},
		MaxAttempts: 1,
		OnConnect: func(string) {
			go func() {
				// Another board's card must not arrive.
				other := card(8)
				for _, publish := range []func() (string, error){
					func() (string, error) { return NewBoardPublisher(hub).Publish(ctx, other) },
					func() (string, error) { return NewBoardPublisher(hub).Publish(ctx, want[0].(CardCreated)) },
					func() (string, error) { return NewProfilePublisher(hub).Publish(ctx, want[1].(ProfileUpdated)) },
					func() (string, error) { return NewTickerPublisher(hub).PublishHeartbeat(ctx, Heartbeat{}) },
				} {
					if _, err := publish(); err != nil {
						t.Error(err)
					}
				}
			}()
		},
	}
	topics := "c=" + runtime.Topic("board", BoardChannel(7)) + "&c=" + runtime.Topic("profile", ProfileChannel("u-1")) + "&c=" + runtime.Topic("ticker", TickerChannel())
	err := c.Subscribe(ctx, ts.URL+"/sse?"+topics, func(e client.Event) {
		topic, data, err := client.SplitMux(e.Data)
		if err != nil {
			t.Fatal(err)
		}
		var ev any
		switch topic {
		case "board/board:7":
			ev, err = DecodeBoardStreamEvent(e.Name, data)
		case "profile/user:u-1":
			ev, err = DecodeProfileStreamEvent(e.Name, data)
		case "ticker/ticker":
			ev, err = DecodeTickerStreamEvent(e.Name, data)
		default:
			t.Errorf("event on unexpected topic %q", topic)
		}
		if err != nil {
			t.Fatalf("decoding %s on %s: %v", e.Name, topic, err)
		}
		if got = append(got, ev); len(got) == len(want) {
			cancel()
		}
	})
	if ctx.Err() == nil || err == nil {
		t.Fatalf("the stream ended early: %v", err)
	}
	if diff := cmp.Diff(want, got, cmpopts.IgnoreUnexported(CardCreated{})); diff != "" {
		t.Errorf("received events differ from those published (-want +got):\n%s", diff)
	}
}
