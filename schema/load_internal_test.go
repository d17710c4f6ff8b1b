package schema

import (
	"path/filepath"
	"reflect"
	"testing"
)

// TestCompilerOutput checks how the go command's build output becomes
// errors, for the failures that the parser and type checker do not see.
func TestCompilerOutput(t *testing.T) {
	base := filepath.FromSlash("/src/app")
	pos := positioner{base: base}
	out := "# example.com/app/models\n./feed_sse.go:7:2: something the compiler says\nnote: module requires Go 1.99\n"
	got := compilerOutput(out, filepath.Join(base, "models"), pos)
	want := ErrorList{
		{Pos: Pos{File: "models/feed_sse.go", Line: 7, Col: 2}, Msg: "something the compiler says"},
		{Pos: Pos{File: "models"}, Msg: "note: module requires Go 1.99"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("compilerOutput =\n%v\nwant\n%v", got, want)
	}
}

// TestParseErrorPos checks go/packages' position strings.
func TestParseErrorPos(t *testing.T) {
	base := filepath.FromSlash("/src/app")
	pos := positioner{base: base}
	for in, want := range map[string]Pos{
		"":                          {},
		"-":                         {},
		"/src/app/models/a.go:3:14": {File: "models/a.go", Line: 3, Col: 14},
		"/src/app/models/a.go:3":    {File: "models/a.go", Line: 3},
		"/src/app/models/a.go":      {File: "models/a.go"},
		"/elsewhere/b.go:1:2":       {File: "/elsewhere/b.go", Line: 1, Col: 2},
		"/src/application/x.go:1:1": {File: "/src/application/x.go", Line: 1, Col: 1},
	} {
		if got := parseErrorPos(filepath.FromSlash(in), pos); got != want {
			t.Errorf("parseErrorPos(%q) = %+v, want %+v", in, got, want)
		}
	}
}
