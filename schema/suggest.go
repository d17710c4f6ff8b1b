package schema

import (
	"go/types"
	"strings"
)

// closestField is the field of named (its own or promoted from embedded
// structs) whose name is nearest to name, for a "did you mean" in errors
// about a channel template: the same name in another case (ShopId for
// ShopID) first, else one at most two edits away. It is "" when none is
// near.
func closestField(named *types.Named, name string) string {
	best, bestDist := "", 3
	seen := map[*types.Struct]bool{}
	var walk func(st *types.Struct)
	walk = func(st *types.Struct) {
		if seen[st] {
			return
		}
		seen[st] = true
		for f := range st.Fields() {
			d := editDistance(strings.ToLower(f.Name()), strings.ToLower(name))
			if !strings.EqualFold(f.Name(), name) {
				d++ // a change of case alone beats any other edit
			}
			if d < bestDist && f.Name() != name {
				best, bestDist = f.Name(), d
			}
			if f.Embedded() {
				t := types.Unalias(f.Type())
				if p, ok := t.(*types.Pointer); ok {
					t = types.Unalias(p.Elem())
				}
				if inner, ok := t.Underlying().(*types.Struct); ok {
					walk(inner)
				}
			}
		}
	}
	if st, ok := named.Underlying().(*types.Struct); ok {
		walk(st)
	}
	return best
}

// editDistance is the Levenshtein distance between a and b, in bytes.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// didYouMean is " (did you mean X?)" for a suggestion, or "".
func didYouMean(suggestion string) string {
	if suggestion == "" {
		return ""
	}
	return " (did you mean " + suggestion + "?)"
}
