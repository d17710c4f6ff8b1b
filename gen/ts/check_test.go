package ts

import (
	"strings"
	"testing"

	"github.com/ssegen/ssegen/schema"
)

// TestCheckReportsWhatCannotBeTypeScript checks names and types that a
// model built by hand (or a future schema) could hold and TypeScript
// cannot render: every problem is reported at its position, and Generate
// refuses the model.
func TestCheckReportsWhatCannotBeTypeScript(t *testing.T) {
	pos := func(line int) schema.Pos { return schema.Pos{File: "models/sse/x_sse.go", Line: line, Col: 6} }
	str := &schema.Type{Kind: schema.KindString, Basic: "string"}
	m := &schema.Model{
		Records: []*schema.Record{
			{Name: "meta", Pos: pos(1), Fields: []*schema.Field{{GoName: "A", JSONName: "a", Type: str, Pos: pos(2)}}},
		},
		Streams: []*schema.Stream{
			{Name: "types", Pos: pos(3), Events: []*schema.Record{
				{Name: "Meta", Pos: pos(4), Fields: []*schema.Field{
					{GoName: "Odd", JSONName: "odd", Type: &schema.Type{Kind: "complex"}, Pos: pos(5)},
					{GoName: "Ref", JSONName: "ref", Type: &schema.Type{Kind: schema.KindRecord, Ref: "Missing"}, Pos: pos(6)},
				}},
			}},
		},
	}
	errs := Check(m)
	want := []string{
		"models/sse/x_sse.go:3:6: stream types becomes the TypeScript module types.ts",
		"models/sse/x_sse.go:4:6: event Meta becomes the TypeScript type Meta, which record meta (models/sse/x_sse.go:1:6) already is",
		`models/sse/x_sse.go:5:6: field Odd of Meta has the kind "complex", which TypeScript output does not support`,
		"models/sse/x_sse.go:6:6: field Ref of Meta refers to Missing, which the model does not declare",
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
