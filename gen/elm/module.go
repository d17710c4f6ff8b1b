package elm

import (
	"sort"
	"strings"
)

// moduleGen renders one Elm module. The body is rendered first, so that the
// header imports exactly what the body used.
type moduleGen struct {
	g    *generator
	name string
	body printer
	// helpers used by the body, by name.
	helpers map[string]bool
	// imports are the generated modules the body refers to.
	imports  map[string]bool
	needDict bool
}

func (g *generator) newModule(name string) *moduleGen {
	return &moduleGen{g: g, name: name, helpers: map[string]bool{}, imports: map[string]bool{}}
}

// use marks a helper as needed by the module.
func (m *moduleGen) use(h helper) { m.helpers[h.name] = true }

// qualifier is the prefix that names a declaration of module from m:
// nothing for m itself, "Types." for the shared types module, else the
// full module name (stream modules are imported unaliased, so that no
// alias can clash with Decode, Encode or Dict).
func (m *moduleGen) qualifier(module string) string {
	if module == m.name {
		return ""
	}
	m.imports[module] = true
	if module == m.g.typesModule {
		return "Types."
	}
	return module + "."
}

// docGroup is one `# Title` section of a module's documentation and the
// names it documents, in exposing order.
type docGroup struct {
	title string
	names []string
}

// assemble writes the module header, its documentation, the imports and
// the rendered body with the helpers it used.
func (m *moduleGen) assemble(port bool, doc string, groups []docGroup) []byte {
	var p printer
	keyword := "module"
	if port {
		keyword = "port module"
	}
	p.Line("%s %s exposing", keyword, m.name)
	p.In()
	for i, gr := range groups {
		lead := ","
		if i == 0 {
			lead = "("
		}
		p.Line("%s %s", lead, strings.Join(gr.names, ", "))
	}
	p.Line(")")
	p.Out()
	p.Line("")

	var d strings.Builder
	d.WriteString(doc)
	for _, gr := range groups {
		d.WriteString("\n\n\n# " + gr.title + "\n\n@docs " + strings.Join(docNames(gr.names), ", "))
	}
	d.WriteString("\n")
	p.doc(d.String())
	p.Line("")

	var imports []string
	if m.needDict {
		imports = append(imports, "import Dict")
	}
	imports = append(imports, "import Json.Decode as Decode", "import Json.Encode as Encode")
	for mod := range m.imports {
		if mod == m.g.typesModule {
			imports = append(imports, "import "+mod+" as Types")
		} else {
			imports = append(imports, "import "+mod)
		}
	}
	sort.Strings(imports)
	for _, im := range imports {
		p.Line("%s", im)
	}
	p.gap()
	body := strings.TrimRight(string(m.body.Bytes()), "\n")
	p.Raw(body)
	p.Line("")
	for _, h := range helperOrder {
		if m.helpers[h.name] {
			p.gap()
			p.Line("%s", h.src)
		}
	}
	return p.Bytes()
}

// docNames strips the (..) that exposing lists carry but @docs lines do
// not.
func docNames(names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = strings.TrimSuffix(n, "(..)")
	}
	return out
}
