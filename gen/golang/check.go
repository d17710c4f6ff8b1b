package golang

import (
	"go/token"

	"github.com/ssegen/ssegen/schema"
)

// check finds what the generator cannot render, so that a model the
// schema loader did not build (or a newer kind) gives positioned errors
// rather than broken code or a panic.
func (g *gen) check() error {
	var errs schema.ErrorList
	if !token.IsIdentifier(g.pkgName) {
		errs.Add(schema.Pos{}, "output package name %q is not a Go identifier", g.pkgName)
	}
	taken := map[string]bool{}
	for _, r := range g.m.Records {
		taken[r.Name] = true
	}
	for _, e := range g.m.Enums {
		taken[e.Name] = true
	}
	for _, s := range g.m.Streams {
		for _, r := range s.Events {
			taken[r.Name] = true
		}
	}
	if g.samePkg {
		for _, name := range []string{"Streams", "Handler", "Mount", "DecodeEvent"} {
			if taken[name] {
				errs.Add(schema.Pos{}, "type %s clashes with the generated function %s", name, name)
			}
		}
	}
	streamOf := map[string]string{}
	for _, s := range g.m.Streams {
		if other, ok := streamOf[exportedName(s.Name)]; ok {
			errs.Add(s.Pos, "streams %s and %s both give Go names starting with %s: rename one file", other, s.Name, exportedName(s.Name))
		}
		streamOf[exportedName(s.Name)] = s.Name
		if len(s.Events) == 0 {
			errs.Add(s.Pos, "stream %s has no events", s.Name)
		}
		if g.samePkg {
			for _, name := range streamIdents(s) {
				if taken[name] {
					errs.Add(s.Pos, "stream %s: generated identifier %s clashes with a type of the same name", s.Name, name)
				}
			}
		}
		if c := s.Channel; c != nil {
			if c.Key == nil || g.keyKind(c.Key) == "" || g.keyKind(c.Key) == schema.KindText {
				errs.Add(c.Pos, "stream %s: channel key %s must be a string or integer type", s.Name, c.Field)
			}
		}
		for _, r := range s.Events {
			g.checkRecord(&errs, r)
			if g.samePkg {
				for _, f := range r.Fields {
					if len(f.Path) == 0 {
						continue
					}
					if m := f.Path[0]; m == "EventName" || m == "AppendJSON" {
						errs.Add(f.Pos, "%s.%s: the field clashes with the generated method %s: rename the field", r.Name, m, m)
					}
				}
			}
		}
	}
	for _, r := range g.m.Records {
		g.checkRecord(&errs, r)
	}
	g.checkHTML(&errs, taken)
	return errs.Err()
}

func (g *gen) checkRecord(errs *schema.ErrorList, r *schema.Record) {
	for _, f := range r.Fields {
		if len(f.Path) == 0 {
			errs.Add(f.Pos, "%s.%s: field has no Go path", r.Name, f.GoName)
			continue
		}
		if r.PkgPath == g.pkgPath && f.Path[0] == "AppendJSON" && !g.isEvent(r) {
			errs.Add(f.Pos, "%s.AppendJSON: the field clashes with the generated method AppendJSON: rename the field", r.Name)
		}
		if !g.samePkg || r.PkgPath != g.m.Package.Path {
			for _, p := range f.Path {
				if !token.IsExported(p) && r.PkgPath != g.pkgPath {
					errs.Add(f.Pos, "%s.%s: field is reached through unexported %s, which package %s cannot see", r.Name, f.GoName, p, g.pkgPath)
				}
			}
		}
		g.checkType(errs, f.Pos, r.Name+"."+f.GoName, f.Type)
	}
}

func (g *gen) checkType(errs *schema.ErrorList, pos schema.Pos, where string, t *schema.Type) {
	if t == nil {
		errs.Add(pos, "%s: missing type", where)
		return
	}
	switch t.Kind {
	case schema.KindString, schema.KindBool, schema.KindInt, schema.KindUint, schema.KindFloat:
		if t.Basic == "" {
			errs.Add(pos, "%s: %s type without its basic kind", where, t.Kind)
		}
	case schema.KindTime, schema.KindBytes, schema.KindRawJSON:
	case schema.KindText, schema.KindJSON:
		if t.Named == nil || t.Under == nil {
			errs.Add(pos, "%s: %s type without its Go name and shape", where, t.Kind)
		}
	case schema.KindSlice, schema.KindArray, schema.KindPointer:
		g.checkType(errs, pos, where, t.Elem)
	case schema.KindMap:
		if t.Key == nil || g.keyKind(t.Key) == "" {
			errs.Add(pos, "%s: map keys must be of a string or integer type", where)
		}
		g.checkType(errs, pos, where, t.Elem)
	case schema.KindRecord:
		if g.m.Record(t.Ref) == nil {
			errs.Add(pos, "%s: record %s is not in the model", where, t.Ref)
		}
	case schema.KindEnum:
		if g.m.Enum(t.Ref) == nil {
			errs.Add(pos, "%s: enum %s is not in the model", where, t.Ref)
		}
	default:
		errs.Add(pos, "%s: unsupported kind %q", where, t.Kind)
	}
}

// keyKind is the kind of a channel or map key: string, int or uint, or
// "" for anything else. Map keys may also be text types.
func (g *gen) keyKind(t *schema.Type) schema.Kind {
	if t.Kind == schema.KindText && t.Named != nil {
		return schema.KindText
	}
	if t.Kind == schema.KindEnum && g.m.Enum(t.Ref) == nil {
		return ""
	}
	switch k := g.basicKind(t); k {
	case schema.KindString, schema.KindInt, schema.KindUint:
		return k
	}
	return ""
}
