package golang

import (
	"strings"
	"testing"

	"github.com/ssegen/ssegen/schema"
)

var (
	str = &schema.Type{Kind: schema.KindString, Basic: "string"}
	i64 = &schema.Type{Kind: schema.KindInt, Basic: "int64"}
)

// model builds a one-stream model around one event with the given fields.
func model(fields ...*schema.Field) *schema.Model {
	return &schema.Model{
		Package: schema.Package{Path: "example.com/app/sse", Name: "sse"},
		Streams: []*schema.Stream{{
			Name:    "comment",
			Channel: &schema.Channel{Template: "item:{ItemID}", Prefix: "item:", Field: "ItemID", Key: str},
			Events: []*schema.Record{{Name: "CommentAdded", PkgPath: "example.com/app/sse", Fields: append([]*schema.Field{
				{GoName: "ItemID", Path: []string{"ItemID"}, JSONName: "item_id", Type: str},
			}, fields...)}},
		}},
	}
}

func field(name string, t *schema.Type) *schema.Field {
	return &schema.Field{GoName: name, Path: []string{name}, JSONName: strings.ToLower(name), Type: t, Pos: schema.Pos{File: "comment_sse.go", Line: 9, Col: 2}}
}

// Models the schema loader would never build must give positioned errors,
// not a panic or code that does not compile.
func TestGenerateRefusesWhatItCannotRender(t *testing.T) {
	for _, c := range []struct {
		name  string
		m     *schema.Model
		opts  Options
		error string
	}{
		{"unknown kind", model(field("C", &schema.Type{Kind: "complex"})), Options{}, `comment_sse.go:9:2: CommentAdded.C: unsupported kind "complex"`},
		{"missing record", model(field("A", &schema.Type{Kind: schema.KindRecord, Ref: "Author"})), Options{}, "record Author is not in the model"},
		{"missing enum", model(field("S", &schema.Type{Kind: schema.KindEnum, Ref: "Severity"})), Options{}, "enum Severity is not in the model"},
		{"float map key", model(field("M", &schema.Type{Kind: schema.KindMap, Key: &schema.Type{Kind: schema.KindFloat, Basic: "float64"}, Elem: str})), Options{}, "map keys must be of a string or integer type"},
		{"nil type", model(field("N", nil)), Options{}, "CommentAdded.N: missing type"},
		{"text type without name", model(field("T", &schema.Type{Kind: schema.KindText})), Options{}, "CommentAdded.T: text type without its Go name and shape"},
		{"json type without shape", model(field("J", &schema.Type{Kind: schema.KindJSON, Named: &schema.TypeName{PkgPath: "example.com/money", Name: "Money"}})), Options{}, "CommentAdded.J: json type without its Go name and shape"},
		{"bad package name", model(), Options{PkgPath: "example.com/app/sse-out"}, `output package name "sse-out" is not a Go identifier`},
		{"method clash", model(field("EventName", str)), Options{}, "clashes with the generated method EventName"},
		{"hidden path elsewhere", model(&schema.Field{GoName: "At", Path: []string{"base", "At"}, JSONName: "at", Type: str}), Options{PkgPath: "example.com/app/out"}, "reached through unexported base"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := Generate(c.m, c.opts)
			if err == nil || !strings.Contains(err.Error(), c.error) {
				t.Fatalf("got %v, want an error containing %q", err, c.error)
			}
		})
	}
	empty := model()
	empty.Streams[0].Events = nil
	if _, err := Generate(empty, Options{}); err == nil || !strings.Contains(err.Error(), "stream comment has no events") {
		t.Errorf("a stream without events: %v", err)
	}
	if _, err := Generate(nil, Options{}); err == nil {
		t.Error("a nil model gave no error")
	}
}

func TestGenerateRefusesNameClashes(t *testing.T) {
	m := model()
	m.Records = []*schema.Record{{Name: "CommentPublisher", PkgPath: "example.com/app/sse"}}
	_, err := Generate(m, Options{})
	if err == nil || !strings.Contains(err.Error(), "generated identifier CommentPublisher clashes") {
		t.Fatalf("got %v, want a clash error", err)
	}
}

func TestGenerateRefusesStreamsWithOneGoName(t *testing.T) {
	m := model()
	twin := *m.Streams[0]
	twin.Name = "Comment"
	m.Streams = append(m.Streams, &twin)
	_, err := Generate(m, Options{})
	if err == nil || !strings.Contains(err.Error(), "both give Go names starting with Comment") {
		t.Fatalf("got %v, want an error about the two streams", err)
	}
}

func TestGenerateNamesFilesAndIsDeterministic(t *testing.T) {
	m := model(field("N", i64))
	a, err := Generate(m, Options{})
	if err != nil {
		t.Fatal(err)
	}
	b, err := Generate(m, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var paths []string
	for i := range a {
		paths = append(paths, a[i].Path)
		if string(a[i].Content) != string(b[i].Content) {
			t.Errorf("%s differs between two runs", a[i].Path)
		}
	}
	if strings.Join(paths, " ") != "comment_stream.gen.go ssegen.gen.go" {
		t.Errorf("files: %v", paths)
	}
}

func TestNames(t *testing.T) {
	for in, want := range map[string]string{"ItemID": "itemID", "ID": "id", "HTTPServer": "httpServer", "User": "user", "Type": "key", "x": "x", "URL": "url"} {
		if got := paramName(in); got != want {
			t.Errorf("paramName(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{"comment": "Comment", "user_profile": "UserProfile", "a-b.c": "ABC", "9lives": "S9lives"} {
		if got := exportedName(in); got != want {
			t.Errorf("exportedName(%q) = %q, want %q", in, got, want)
		}
	}
	if got := htmlEscapeName("a<b>&c"); got != `a\u003cb\u003e\u0026c` {
		t.Errorf("htmlEscapeName: %s", got)
	}
}
