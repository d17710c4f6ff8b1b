package modelwalk

import (
	"slices"
	"testing"

	"github.com/ssegen/ssegen/schema"
)

// TestCheckTypes feeds a hand-made model with every kind of unsound type
// and expects each one reported once, at its field or channel key.
func TestCheckTypes(t *testing.T) {
	pos := func(line int) schema.Pos { return schema.Pos{File: "x_sse.go", Line: line, Col: 1} }
	m := &schema.Model{
		Records: []*schema.Record{{Name: "Shared", Fields: []*schema.Field{
			{GoName: "None", Pos: pos(1)},
			{GoName: "Odd", Type: &schema.Type{Kind: "complex"}, Pos: pos(2)},
		}}},
		Streams: []*schema.Stream{{
			Name:    "s",
			Channel: &schema.Channel{Key: &schema.Type{Kind: schema.KindMap, Key: &schema.Type{Kind: schema.KindString}}, Pos: pos(5)},
			Events: []*schema.Record{{Name: "E", Fields: []*schema.Field{
				{GoName: "Known", Type: &schema.Type{Kind: schema.KindSlice, Elem: &schema.Type{Kind: schema.KindRecord, Ref: "Shared"}}, Pos: pos(3)},
				{GoName: "Gone", Type: &schema.Type{Kind: schema.KindEnum, Ref: "Missing"}, Pos: pos(4)},
			}}},
		}},
	}
	c := TypeCheck{Output: "X output", Declared: func(t *schema.Type) bool { return t.Ref == "Shared" }}
	var errs schema.ErrorList
	CheckTypes(m, &errs, c)
	want := []string{
		"x_sse.go:1:1: field None of Shared has no type",
		`x_sse.go:2:1: field Odd of Shared has the kind "complex", which X output does not support`,
		"x_sse.go:4:1: field Gone of E refers to Missing, which the model does not declare",
	}
	if got := messages(errs); !slices.Equal(got, want) {
		t.Errorf("without channel keys got\n%q\nwant\n%q", got, want)
	}

	errs = nil
	c.ChannelKeys = true
	CheckTypes(m, &errs, c)
	want = append(want, "x_sse.go:5:1: the channel key of stream s has no type")
	if got := messages(errs); !slices.Equal(got, want) {
		t.Errorf("with channel keys got\n%q\nwant\n%q", got, want)
	}
}

func messages(errs schema.ErrorList) []string {
	var out []string
	for _, e := range errs {
		out = append(out, e.Error())
	}
	return out
}
