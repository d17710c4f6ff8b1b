package ts

import (
	"sort"
	"strings"
)

// imports collects what one module takes from the other generated
// modules, exactly, since unused imports fail under noUnusedLocals.
type imports struct {
	self   string // this module's import path
	types  map[string]map[string]bool
	values map[string]map[string]bool
}

func newImports(self string) *imports {
	return &imports{self: self, types: map[string]map[string]bool{}, values: map[string]map[string]bool{}}
}

// use records that the module refers to d: its type, and unless typeOnly,
// its decoder and, for records, its encoder.
func (im *imports) use(d *decl, typeOnly bool) {
	im.add(im.types, d.module, d.typ)
	if !typeOnly {
		im.useDecoder(d)
		if d.values == "" {
			im.add(im.values, d.module, d.encoder)
		}
	}
}

// useDecoder records that the module calls d's decoder.
func (im *imports) useDecoder(d *decl) {
	im.add(im.values, d.module, d.decoder)
}

func (im *imports) add(set map[string]map[string]bool, module, name string) {
	if module == im.self {
		return
	}
	if set[module] == nil {
		set[module] = map[string]bool{}
	}
	set[module][name] = true
}

// lines are the import declarations, modules sorted, names sorted.
func (im *imports) lines() []string {
	var out []string
	for _, mod := range sortedKeys(im.types) {
		out = append(out, "import type { "+strings.Join(sortedKeys(im.types[mod]), ", ")+" } from \""+mod+"\";")
	}
	for _, mod := range sortedKeys(im.values) {
		out = append(out, "import { "+strings.Join(sortedKeys(im.values[mod]), ", ")+" } from \""+mod+"\";")
	}
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// assemble puts a module together: header, lib reference, doc, imports,
// body.
func assemble(doc string, fixed []string, im *imports, body []byte) []byte {
	var p printer
	p.Line("%s", Header)
	p.Line(`/// <reference lib="es2019" />`)
	p.Line("")
	p.doc(doc + "\n\n@module")
	p.Line("")
	for _, l := range fixed {
		p.Line("%s", l)
	}
	for _, l := range im.lines() {
		p.Line("%s", l)
	}
	p.Line("")
	p.Raw(string(body))
	out := p.Bytes()
	// One trailing newline, however the body ended.
	for len(out) > 1 && out[len(out)-1] == '\n' && out[len(out)-2] == '\n' {
		out = out[:len(out)-1]
	}
	return out
}
