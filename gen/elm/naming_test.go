package elm

import (
	"strings"
	"testing"

	"github.com/ssegen/ssegen/schema"
)

func TestLowerCamel(t *testing.T) {
	cases := map[string]string{
		"ItemID":       "itemId",
		"HTTPStatus":   "httpStatus",
		"URLs":         "urls",
		"IDs":          "ids",
		"UserIDs":      "userIds",
		"ID":           "id",
		"Type":         "type_",
		"Of":           "of_",
		"Port":         "port_",
		"Alias":        "alias_",
		"In":           "in_",
		"Text":         "text",
		"CommentID":    "commentId",
		"I64":          "i64",
		"S3URL":        "s3Url",
		"OAuthToken":   "oAuthToken",
		"V2Name":       "v2Name",
		"XMLHTTPProxy": "xmlhttpProxy",
		"comment_id":   "commentId",
		"already":      "already",
		"ZArr":         "zArr",
		"_Private":     "private",
	}
	for in, want := range cases {
		if got := lowerCamel(in); got != want {
			t.Errorf("lowerCamel(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestUpperCamel(t *testing.T) {
	cases := map[string]string{"comment": "Comment", "user_event": "UserEvent", "v2": "V2", "a_b_c": "ABC"}
	for in, want := range cases {
		if got := upperCamel(in); got != want {
			t.Errorf("upperCamel(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestElmString(t *testing.T) {
	cases := map[string]string{
		`plain`:      `"plain"`,
		`say "hi"`:   `"say \"hi\""`,
		`back\slash`: `"back\\slash"`,
		"line\nfeed": `"line\nfeed"`,
		"nul\x00":    `"nul\u{0000}"`,
		"sep\u2028":  `"sep\u{2028}"`,
	}
	for in, want := range cases {
		if got := elmString(in); got != want {
			t.Errorf("elmString(%q) = %s, want %s", in, got, want)
		}
	}
}

// pos makes test positions readable.
func pos(line int) schema.Pos { return schema.Pos{File: "m_sse.go", Line: line, Col: 6} }

// str is a string field.
func str(goName, json string, line int) *schema.Field {
	return &schema.Field{GoName: goName, Path: []string{goName}, JSONName: json, Type: &schema.Type{Kind: schema.KindString, Basic: "string"}, Pos: pos(line)}
}

// stream builds a global stream with the given events.
func stream(name string, line int, events ...*schema.Record) *schema.Stream {
	return &schema.Stream{Name: name, Events: events, Pos: pos(line)}
}

func TestCheckReportsClashes(t *testing.T) {
	cases := []struct {
		name  string
		model *schema.Model
		want  []string
	}{{
		name: "fields that clash after conversion",
		model: &schema.Model{Streams: []*schema.Stream{stream("m", 1, &schema.Record{
			Name: "Moved", Pos: pos(3),
			Fields: []*schema.Field{str("ItemID", "a", 4), str("ItemId", "b", 5)},
		})}},
		want: []string{"m_sse.go:5:6: field ItemId of Moved becomes the Elm field itemId, like field ItemID (m_sse.go:4:6); rename one of them"},
	}, {
		name: "event whose variant clashes with another event's record",
		model: &schema.Model{Streams: []*schema.Stream{stream("m", 1,
			&schema.Record{Name: "Moved", Pos: pos(3)},
			&schema.Record{Name: "MovedData", Pos: pos(7)},
		)}},
		want: []string{"m_sse.go:7:6: event MovedData becomes the Elm constructor MovedData in module Sse.M, which m_sse.go:3:6 already uses; rename one of them"},
	}, {
		name: "record named after a prelude type",
		model: &schema.Model{Records: []*schema.Record{{Name: "Maybe", Pos: pos(9)}},
			Streams: []*schema.Stream{stream("m", 1, &schema.Record{Name: "Moved", Pos: pos(3)})}},
		want: []string{"m_sse.go:9:6: record Maybe becomes the Elm name Maybe, which Elm's prelude already defines; rename it"},
	}, {
		name: "record of another module named after a prelude type",
		model: &schema.Model{Records: []*schema.Record{{Name: "Order", PkgPath: "example.com/shop/v2", Pos: schema.Pos{File: "$GOMODCACHE/example.com/shop/v2@v2.0.0/order.go", Line: 5},
			UsedAt: pos(4)}},
			Streams: []*schema.Stream{stream("m", 1, &schema.Record{Name: "Moved", Pos: pos(3)})}},
		want: []string{"m_sse.go:4:6: record Order of example.com/shop/v2 becomes the Elm name Order, which Elm's prelude already defines; declare a type of your own with another name for it (type MyOrder shop.Order) and use that"},
	}, {
		name: "fields of a record of another module that clash",
		model: &schema.Model{Records: []*schema.Record{{Name: "Item", PkgPath: "example.com/shop", Pos: schema.Pos{File: "$GOMODCACHE/example.com/shop@v1.0.0/item.go", Line: 5},
			UsedAt: pos(4), Fields: []*schema.Field{
				{GoName: "URL", JSONName: "url", Type: &schema.Type{Kind: schema.KindString, Basic: "string"}, Pos: schema.Pos{File: "$GOMODCACHE/example.com/shop@v1.0.0/item.go", Line: 6}},
				{GoName: "Url", JSONName: "u", Type: &schema.Type{Kind: schema.KindString, Basic: "string"}, Pos: schema.Pos{File: "$GOMODCACHE/example.com/shop@v1.0.0/item.go", Line: 7}},
			}}},
			Streams: []*schema.Stream{stream("m", 1, &schema.Record{Name: "Moved", Pos: pos(3)})}},
		want: []string{"m_sse.go:4:6: field Url of record Item of example.com/shop becomes the Elm field url, like field URL ($GOMODCACHE/example.com/shop@v1.0.0/item.go:6:0); declare a type of your own with another name for it (type MyItem shop.Item) and use that"},
	}, {
		name: "enum constant named after a prelude constructor",
		model: &schema.Model{Enums: []*schema.Enum{{Name: "Answer", Kind: schema.KindString, Basic: "string", Pos: pos(9),
			Values: []*schema.EnumValue{{GoName: "Ok", Value: "ok", Pos: pos(10)}}}},
			Streams: []*schema.Stream{stream("m", 1, &schema.Record{Name: "Moved", Pos: pos(3)})}},
		want: []string{"m_sse.go:10:6: enum constant Ok becomes the Elm name Ok, which Elm's prelude already defines; rename it"},
	}, {
		name: "stream whose module is a generated one",
		model: &schema.Model{Streams: []*schema.Stream{
			stream("ports", 1, &schema.Record{Name: "Moved", Pos: pos(3)}),
		}},
		want: []string{"m_sse.go:1:6: stream ports becomes the Elm module Sse.Ports, which a generated module already is; rename the file"},
	}, {
		name: "streams that would import each other",
		model: &schema.Model{Streams: []*schema.Stream{
			stream("a", 1, &schema.Record{Name: "AEvent", Pos: pos(3), Fields: []*schema.Field{
				{GoName: "B", JSONName: "b", Type: &schema.Type{Kind: schema.KindRecord, Ref: "BEvent"}, Pos: pos(4)}}}),
			stream("b", 10, &schema.Record{Name: "BEvent", Pos: pos(13), Fields: []*schema.Field{
				{GoName: "A", JSONName: "a", Type: &schema.Type{Kind: schema.KindPointer, Elem: &schema.Type{Kind: schema.KindRecord, Ref: "AEvent"}}, Pos: pos(14)}}}),
		}},
		want: []string{
			"m_sse.go:3:6: Elm module Sse.A would import Sse.B, which imports it back",
			"m_sse.go:13:6: Elm module Sse.B would import Sse.A, which imports it back",
		},
	}}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			errs := Check(c.model)
			if len(errs) != len(c.want) {
				t.Fatalf("got %d errors, want %d:\n%v", len(errs), len(c.want), errs)
			}
			for i, want := range c.want {
				if got := errs[i].Error(); !strings.HasPrefix(got, want) {
					t.Errorf("error %d:\n got %s\nwant %s...", i, got, want)
				}
			}
			if _, err := Generate(c.model, Options{}); err == nil {
				t.Error("Generate succeeded on a model that Check rejects")
			}
		})
	}
}

func TestCheckAcceptsEscapableNames(t *testing.T) {
	m := &schema.Model{Streams: []*schema.Stream{{
		Name: "feed", Pos: pos(1),
		Channel: &schema.Channel{Template: "feed:{Type}", Prefix: "feed:", Field: "Type", Key: &schema.Type{Kind: schema.KindString, Basic: "string"}},
		Events: []*schema.Record{{Name: "Posted", Pos: pos(3), Fields: []*schema.Field{
			str("Type", "type", 4), str("Let", "let", 5), str("Decoder", "decoder", 6),
		}}},
	}}}
	if errs := Check(m); len(errs) > 0 {
		t.Fatalf("Check: %v", errs)
	}
	out, err := Generate(m, Options{Prefix: "Api.Live"})
	if err != nil {
		t.Fatal(err)
	}
	var feed string
	for _, f := range out {
		if f.Path == "Api/Live/Feed.elm" {
			feed = string(f.Content)
		}
	}
	for _, want := range []string{
		"port module Api.Live.Feed exposing",
		"{ type_ : String\n    , let_ : String\n    , decoder : String\n    }",
		`( "type", Encode.string value.type_ )`,
		"channel type_ =\n    Api.Live.Ports.channel \"feed\" (\"feed:\" ++ type_)",
	} {
		if !strings.Contains(feed, want) {
			t.Errorf("Api/Live/Feed.elm lacks %q:\n%s", want, feed)
		}
	}
}

func TestGenerateRejectsBadPrefix(t *testing.T) {
	m := &schema.Model{Streams: []*schema.Stream{stream("m", 1, &schema.Record{Name: "Moved", Pos: pos(3)})}}
	for _, prefix := range []string{"sse", "Sse.", "Sse-Api", "Sse..Api"} {
		if _, err := Generate(m, Options{Prefix: prefix}); err == nil || !strings.Contains(err.Error(), "module prefix") {
			t.Errorf("prefix %q: got %v, want a module prefix error", prefix, err)
		}
	}
}

// TestChannelArgumentNeverShadows covers a key field whose Elm name is a
// top-level value of the stream module: Elm forbids the shadowing, so the
// argument falls back to "key".
func TestChannelArgumentNeverShadows(t *testing.T) {
	m := &schema.Model{Streams: []*schema.Stream{{
		Name: "room", Pos: pos(1),
		Channel: &schema.Channel{Template: "room:{Channel}", Prefix: "room:", Field: "Channel", Key: &schema.Type{Kind: schema.KindInt, Basic: "int32"}},
		Events: []*schema.Record{{Name: "Joined", Pos: pos(3), Fields: []*schema.Field{
			{GoName: "Channel", JSONName: "channel", Type: &schema.Type{Kind: schema.KindInt, Basic: "int32"}, Pos: pos(4)},
		}}},
	}}}
	out, err := Generate(m, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := "channel : Int -> Sse.Ports.Channel\nchannel key =\n    Sse.Ports.channel \"room\" (\"room:\" ++ String.fromInt key)"
	for _, f := range out {
		if f.Path == "Sse/Room.elm" && !strings.Contains(string(f.Content), want) {
			t.Errorf("Sse/Room.elm lacks\n%s\n%s", want, f.Content)
		}
	}
}

// TestMalformedModelIsAnError feeds Generate models that schema.Load never
// builds: they must give errors, not panics.
func TestMalformedModelIsAnError(t *testing.T) {
	field := func(typ *schema.Type) *schema.Model {
		return &schema.Model{Streams: []*schema.Stream{stream("m", 1, &schema.Record{Name: "Moved", Pos: pos(3),
			Fields: []*schema.Field{{GoName: "X", JSONName: "x", Type: typ, Pos: pos(4)}}})}}
	}
	cases := map[string]*schema.Model{
		"no type":            field(nil),
		"unknown record":     field(&schema.Type{Kind: schema.KindRecord, Ref: "Nowhere"}),
		"map without key":    field(&schema.Type{Kind: schema.KindMap, Elem: &schema.Type{Kind: schema.KindString}}),
		"slice without elem": field(&schema.Type{Kind: schema.KindSlice}),
		"unknown kind":       field(&schema.Type{Kind: "complex"}),
		"channel without key": {Streams: []*schema.Stream{{Name: "m", Pos: pos(1),
			Channel: &schema.Channel{Template: "m:{X}", Prefix: "m:", Field: "X", Pos: pos(1)},
			Events:  []*schema.Record{{Name: "Moved", Pos: pos(3)}}}}},
	}
	for name, m := range cases {
		if _, err := Generate(m, Options{}); err == nil || !strings.Contains(err.Error(), "m_sse.go:") {
			t.Errorf("%s: got %v, want a positioned error", name, err)
		}
	}
}
