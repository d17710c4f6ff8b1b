package golang

import "github.com/ssegen/ssegen/schema"

// sizeHint guesses the JSON size of a record, rounded up to 64 bytes, so
// that encoding into a fresh buffer usually allocates it once: the
// constant keys plus typical room for each value.
func (g *gen) sizeHint(r *schema.Record) int {
	n := g.recordSize(r, 0)
	return (n + 63) / 64 * 64
}

func (g *gen) recordSize(r *schema.Record, depth int) int {
	n := 2
	for _, f := range r.Fields {
		n += len(f.JSONName) + 4 + g.typeSize(f.Type, depth)
	}
	return n
}

// typeSize is a typical size of a value's JSON; containers count a few
// elements, nesting is cut off since the guess only needs to be close.
func (g *gen) typeSize(t *schema.Type, depth int) int {
	if depth > 3 {
		return 16
	}
	switch t.Kind {
	case schema.KindString, schema.KindBytes, schema.KindRawJSON:
		return 24
	case schema.KindBool:
		return 5
	case schema.KindInt, schema.KindUint:
		return 12
	case schema.KindFloat:
		return 18
	case schema.KindTime:
		return 37
	case schema.KindEnum:
		return 12
	case schema.KindPointer:
		return g.typeSize(t.Elem, depth+1)
	case schema.KindSlice:
		return 2 + 3*(g.typeSize(t.Elem, depth+1)+1)
	case schema.KindArray:
		return 2 + int(min(t.Len, 8))*(g.typeSize(t.Elem, depth+1)+1)
	case schema.KindMap:
		return 2 + 3*(g.typeSize(t.Key, depth+1)+g.typeSize(t.Elem, depth+1)+2)
	case schema.KindRecord:
		if r := g.m.Record(t.Ref); r != nil {
			return g.recordSize(r, depth+1)
		}
	}
	return 16
}
