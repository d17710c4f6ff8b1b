package schema

import (
	"cmp"
	"fmt"
	"go/types"
	"slices"
	"strings"
)

// jfield is a struct field that encoding/json would consider for the JSON
// object of a struct, before dominance rules pick among equal names.
type jfield struct {
	name   string // the JSON member name
	tagged bool   // the name came from a valid json tag
	index  []int  // field indexes from the outer struct, as in reflect
	path   []string
	v      *types.Var
	tag    jsonTag
}

// depth is how deep in embedded structs the field sits; 1 is the outer
// struct itself.
func (f jfield) depth() int { return len(f.index) }

// embedding is a struct whose fields are being collected: the outer struct
// itself, or a struct embedded in it, at some depth.
type embedding struct {
	typ   *types.Named
	index []int
	path  []string
}

// collectFields lists the fields encoding/json writes for the struct named,
// in its order, mirroring encoding/json's typeFields: embedded structs
// without a json tag are flattened breadth first; among fields with the
// same JSON name the shallowest wins, then the tagged one. Where
// encoding/json would silently drop fields (two with the same name at the
// same depth and tag state, or a struct embedded twice at one depth), and
// for two fields with the same name declared on the struct itself, it
// reports an error instead. It also returns the fields tagged `json:"-"`.
func (l *loader) collectFields(named *types.Named) (fields []jfield, skipped []*types.Var) {
	next := []embedding{{typ: named}}
	visited := map[*types.Named]bool{}
	for len(next) > 0 {
		current := next
		next = nil
		queued := map[*types.Named]*types.Var{}
		for _, e := range current {
			if visited[e.typ] {
				continue
			}
			visited[e.typ] = true
			st := e.typ.Underlying().(*types.Struct)
			for i := range st.NumFields() {
				sf := st.Field(i)
				tag := l.parseJSONTag(sf, st.Tag(i))
				if !l.fieldVisible(sf, tag) {
					continue
				}
				if tag.skip {
					skipped = append(skipped, sf)
					continue
				}
				index := append(slices.Clone(e.index), i)
				path := append(slices.Clone(e.path), sf.Name())
				embedded, flatten := l.flattens(sf, tag)
				if !flatten {
					f := jfield{name: tag.name, tagged: tag.name != "", index: index, path: path, v: sf, tag: tag}
					if !f.tagged {
						f.name = sf.Name()
					}
					fields = append(fields, f)
					continue
				}
				if embedded == nil {
					continue // reported by flattens
				}
				if visited[embedded] {
					continue // a shallower embedding already gave its fields
				}
				if first, dup := queued[embedded]; dup {
					l.fail(l.objPos(sf), "%s is embedded twice at the same depth (also as %s at %s): encoding/json would drop the fields of both; "+fixStart+"embed it once", embedded.Obj().Name(), first.Name(), l.where(first))
					continue
				}
				queued[embedded] = sf
				next = append(next, embedding{typ: embedded, index: index, path: path})
			}
		}
	}
	return l.dominant(fields), skipped
}

// fieldVisible says whether encoding/json looks at a field at all, and
// reports tagged fields that it would silently ignore.
func (l *loader) fieldVisible(sf *types.Var, tag jsonTag) bool {
	if sf.Exported() {
		return true
	}
	if sf.Embedded() {
		// Embedded unexported structs still lend their exported fields.
		t := types.Unalias(sf.Type())
		if p, ok := t.(*types.Pointer); ok {
			t = types.Unalias(p.Elem())
		}
		if _, isStruct := t.Underlying().(*types.Struct); isStruct {
			return true
		}
	}
	if tag.present && !tag.skip {
		l.fail(l.objPos(sf), "unexported field %s has a json tag, but encoding/json ignores unexported fields, so it would silently vanish: "+fixStart+"export it (capitalise its name) or remove the tag", sf.Name())
	}
	return false
}

// flattens says whether field sf is an embedded struct whose fields join
// the outer object (encoding/json does so when the embedding has no json
// name), and returns that struct. Embedding a pointer to a struct is
// refused: encoding/json skips the fields when the pointer is nil, which
// the generated code would have to mirror for little gain.
func (l *loader) flattens(sf *types.Var, tag jsonTag) (*types.Named, bool) {
	if !sf.Embedded() || tag.name != "" {
		return nil, false
	}
	t := types.Unalias(sf.Type())
	ptr, isPtr := t.(*types.Pointer)
	if isPtr {
		t = types.Unalias(ptr.Elem())
	}
	if _, isStruct := t.Underlying().(*types.Struct); !isStruct {
		return nil, false
	}
	named, _ := t.(*types.Named)
	switch {
	case isPtr:
		l.fail(l.objPos(sf), "embedded pointer %s: ssegen supports embedded structs only by value; "+fixStart+"embed %s instead of *%s", types.TypeString(sf.Type(), l.qualifier), sf.Name(), sf.Name())
		return nil, true
	case named == nil:
		l.fail(l.objPos(sf), "embedded field %s is not a named struct type: "+fixStart+"embed a named struct type", sf.Name())
		return nil, true
	case named.TypeArgs().Len() > 0:
		l.fail(l.objPos(sf), "embedded generic struct %s is not supported: "+fixStart+"declare a non-generic struct type and embed it", types.TypeString(named, l.qualifier))
		return nil, true
	case l.building[named]:
		l.fail(l.objPos(sf), "recursive type: embedding %s makes a struct contain itself; "+fixStart+"break the cycle", named.Obj().Name())
		return nil, true
	}
	return named, true
}

// dominant applies encoding/json's dominance rules to the candidate fields
// and returns the survivors in field index order.
func (l *loader) dominant(fields []jfield) []jfield {
	byName := slices.Clone(fields)
	slices.SortStableFunc(byName, func(a, b jfield) int {
		if c := strings.Compare(a.name, b.name); c != 0 {
			return c
		}
		if c := cmp.Compare(a.depth(), b.depth()); c != 0 {
			return c
		}
		if a.tagged != b.tagged {
			if a.tagged {
				return -1
			}
			return +1
		}
		return slices.Compare(a.index, b.index)
	})
	var out []jfield
	for i := 0; i < len(byName); {
		j := i + 1
		for j < len(byName) && byName[j].name == byName[i].name {
			j++
		}
		group := byName[i:j]
		i = j
		if len(group) > 1 && group[0].depth() == group[1].depth() &&
			(group[0].tagged == group[1].tagged || group[0].depth() == 1) {
			l.fail(l.objPos(group[1].v), "JSON name %q is used by two fields, %s and %s (at %s): encoding/json would %s; "+fixStart+"rename one with a json tag",
				group[0].name, strings.Join(group[1].path, "."), strings.Join(group[0].path, "."), l.where(group[0].v),
				clashOutcome(group[0], group[1]))
		}
		out = append(out, group[0])
	}
	slices.SortFunc(out, func(a, b jfield) int { return slices.Compare(a.index, b.index) })
	return out
}

// clashOutcome says what encoding/json does with two fields of one name at
// one depth.
func clashOutcome(a, b jfield) string {
	if a.tagged != b.tagged {
		return "silently keep only the tagged one"
	}
	return "silently drop both"
}

// where is the position of an object as "file:line", for messages that
// point at a second place.
func (l *loader) where(obj types.Object) string {
	p := l.objPos(obj)
	if p.File == "" {
		return "an unknown position"
	}
	return fmt.Sprintf("%s:%d", p.File, p.Line)
}
