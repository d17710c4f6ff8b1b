package asyncapi

import (
	"strings"
	"testing"

	"github.com/ssegen/ssegen/schema"
)

// TestCheckReportsWhatCannotBeAsyncAPI checks names and types that the
// document cannot hold: every problem at its position, and Generate
// refuses the model.
func TestCheckReportsWhatCannotBeAsyncAPI(t *testing.T) {
	pos := func(line int) schema.Pos { return schema.Pos{File: "models/sse/x_sse.go", Line: line, Col: 6} }
	m := &schema.Model{
		Records: []*schema.Record{{Name: "Größe", Pos: pos(1)}},
		Streams: []*schema.Stream{
			{Name: "multiplexed", Pos: pos(2), Events: []*schema.Record{
				{Name: "Odd", Pos: pos(3), Fields: []*schema.Field{
					{GoName: "C", JSONName: "c", Type: &schema.Type{Kind: "complex"}, Pos: pos(4)},
					{GoName: "E", JSONName: "e", Type: &schema.Type{Kind: schema.KindEnum, Ref: "Missing"}, Pos: pos(5)},
				}},
			}},
		},
	}
	errs := Check(m)
	want := []string{
		"models/sse/x_sse.go:1:6: record Größe is not a valid AsyncAPI name",
		"models/sse/x_sse.go:2:6: stream multiplexed has the name of the AsyncAPI channel of the multiplexed endpoint",
		`models/sse/x_sse.go:4:6: field C of Odd has the kind "complex", which AsyncAPI output does not support`,
		"models/sse/x_sse.go:5:6: field E of Odd refers to Missing, which the model does not declare",
	}
	if len(errs) != len(want) {
		t.Fatalf("got %d problems, want %d:\n%v", len(errs), len(want), errs)
	}
	for i, w := range want {
		if !strings.HasPrefix(errs[i].Error(), w) {
			t.Errorf("problem %d:\n got %s\nwant %s...", i, errs[i].Error(), w)
		}
	}
	if _, err := Generate(m, Options{}); err == nil {
		t.Error("Generate rendered a model that Check refuses")
	}
}
