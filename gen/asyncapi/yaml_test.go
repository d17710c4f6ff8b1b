package asyncapi

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

// tricky are texts that doc comments may hold and that YAML reads in
// other ways when written carelessly.
var tricky = []string{
	"", "plain", "true", "null", "yes", "~", "123", "1e3", "0x1f", "-", "- item", "a: b", "a #b", "#c",
	"'single'", `"double"`, "{x}", "[y]", "&anchor", "*alias", "!tag", "%dir", "@at", "`tick`", "|", ">",
	"line one\nline two", "  leading spaces\nsecond", "trailing \nx", "tab\tinside", "\tlead tab\nx",
	"ends with newline\n", "\n\nblank first", "para\n\n  code block\n\nend", "ünïcødé 😀", "\u2028sep", "\x7f", "a\x00b",
	"key: value\n- list\n# comment", `back\slash`,
}

// TestYAMLReadsBack writes mappings and sequences of tricky strings and
// reads them back with js-yaml (which @asyncapi/parser uses), expecting
// the same values.
func TestYAMLReadsBack(t *testing.T) {
	modules, err := filepath.Abs(filepath.Join("..", "..", ".tools", "node_modules"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(modules, "js-yaml", "package.json")); err != nil {
		t.Skip("js-yaml (installed with @asyncapi/parser) not found in .tools/: run ./scripts/test.sh to run this test")
	}
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node not found: it comes with npm, which scripts/test.sh needs")
	}
	doc := obj()
	var list seq
	want := map[string]any{}
	var wantList []any
	for i, s := range tricky {
		doc.set(s+"#key", obj("text", str(s), "n", integer(int64(i))))
		want[s+"#key"] = map[string]any{"text": s, "n": float64(i)}
		list = append(list, str(s), obj("in", seq{str(s)}))
		wantList = append(wantList, s, map[string]any{"in": []any{s}})
	}
	keys := obj()
	wantKeys := map[string]any{}
	for i, s := range tricky {
		keys.set(s, integer(int64(i)))
		wantKeys[s] = float64(i)
	}
	doc.set("keys", keys)
	want["keys"] = wantKeys
	doc.set("list", list)
	want["list"] = wantList
	doc.set("empty", obj("m", obj(), "s", seq{}, "b", boolean(true)))
	want["empty"] = map[string]any{"m": map[string]any{}, "s": []any{}, "b": true}

	var b strings.Builder
	b.WriteString(Header + "\n")
	write(&b, doc, "")
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, "-e", `
const yaml = require("js-yaml");
let text = "";
process.stdin.on("data", (c) => (text += c));
process.stdin.on("end", () => process.stdout.write(JSON.stringify(yaml.load(text))));
`)
	cmd.Env = append(os.Environ(), "NODE_PATH="+modules)
	cmd.Stdin = strings.NewReader(b.String())
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("js-yaml cannot read what was written: %v\n%s\n%s", err, stderr.String(), b.String())
	}
	var got map[string]any
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatal(err)
	}
	for k, w := range want {
		if !reflect.DeepEqual(got[k], w) {
			t.Errorf("%q read back as %#v, want %#v", k, got[k], w)
		}
	}
	if len(got) != len(want) {
		t.Errorf("read back %d keys, want %d", len(got), len(want))
	}
}
