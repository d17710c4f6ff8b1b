package golang

import (
	"strings"
	"testing"

	"github.com/ssegen/ssegen/schema"
)

// htmlModel is the one-stream model with its event sent as HTML on page.
func htmlModel(page string) *schema.Model {
	m := model()
	m.Streams[0].HTML = &schema.HTML{Stream: page, Events: []string{"CommentAdded"}, Pos: schema.Pos{File: "comment_sse.go", Line: 3, Col: 1}}
	return m
}

func TestHTMLStreamIdentifiersMustNotClash(t *testing.T) {
	withType := htmlModel("page")
	withType.Records = append(withType.Records, &schema.Record{Name: "PageFragments", PkgPath: "example.com/app/sse"})
	if _, err := Generate(withType, Options{}); err == nil || !strings.Contains(err.Error(), "comment_sse.go:3:1: HTML stream page: generated identifier PageFragments clashes with a type") {
		t.Fatalf("a type named PageFragments: %v", err)
	}
	// A typed stream page_h_t_m_l declares PageHTMLStream too.
	withStream := htmlModel("page")
	withStream.Streams = append(withStream.Streams, &schema.Stream{
		Name:   "page_h_t_m_l",
		Events: []*schema.Record{{Name: "Other", PkgPath: "example.com/app/sse"}},
	})
	if _, err := Generate(withStream, Options{}); err == nil || !strings.Contains(err.Error(), "generated identifier PageHTMLStream clashes with one of stream page_h_t_m_l") {
		t.Fatalf("a typed stream with the HTML stream's names: %v", err)
	}
}

func TestHTMLFilesAreGeneratedPerHTMLStream(t *testing.T) {
	out, err := Generate(htmlModel("page"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range out {
		names = append(names, f.Path)
		if f.Path == "page_html.gen.go" {
			for _, want := range []string{"func NewPageFragments(", "func PageHTMLURL(itemID string) string", `PageSwap = PageSwapNames{CommentAdded: "CommentAdded"}`, "func (f *PageFragments) PublishCommentAdded(", "NewCommentPublisher(f.p).PublishCommentAdded("} {
				if !strings.Contains(string(f.Content), want) {
					t.Errorf("page_html.gen.go lacks %s", want)
				}
			}
		}
		if f.Path == SharedFile && !strings.Contains(string(f.Content), "[]runtime.Stream{CommentStream, PageHTMLStream}") {
			t.Errorf("Streams does not list the HTML stream:\n%s", f.Content)
		}
	}
	if strings.Join(names, " ") != "comment_stream.gen.go page_html.gen.go ssegen.gen.go" {
		t.Fatalf("files: %v", names)
	}
}
