package elm

import (
	"fmt"
	"strings"
)

// renderTypes renders the module of the records and enums that events use,
// shared by every stream module so that a record used by two streams is
// one Elm type.
func (g *generator) renderTypes() []byte {
	m := g.newModule(g.typesModule)
	var groups []docGroup
	for _, r := range g.m.Records {
		d := g.decls[r.Name]
		doc := markdown(r.Doc)
		if doc == "" {
			doc = fmt.Sprintf("The Go record %s.", r.Name)
		}
		m.record(r, d, doc)
		groups = append(groups, docGroup{title: d.typ, names: []string{d.typ, d.decoder, d.encoder}})
	}
	for _, e := range g.m.Enums {
		d := g.decls[e.Name]
		m.enum(e, d)
		names := append([]string{d.typ + "(..)"}, enumValueNames(e)...)
		groups = append(groups, docGroup{title: d.typ, names: append(names, d.decoder, d.encoder)})
	}
	doc := strings.Join([]string{
		fmt.Sprintf("Records and enums that the events of `%s` use, shared by every stream module.", g.m.Package.Path),
	}, "\n")
	return m.assemble(false, doc, groups)
}
