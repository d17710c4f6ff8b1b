package schema

import (
	"cmp"
	"go/types"
	"slices"
)

// checkNameClashes reports two records, events or enums with the same Go
// name from different packages: generated code names them by Go name
// alone, so they would clash.
func (l *loader) checkNameClashes() {
	var objs []*types.TypeName
	for named := range l.records {
		objs = append(objs, named.Obj())
	}
	for named := range l.enums {
		objs = append(objs, named.Obj())
	}
	// Models package first, then by package path.
	slices.SortFunc(objs, func(a, b *types.TypeName) int {
		if c := cmp.Compare(a.Name(), b.Name()); c != 0 {
			return c
		}
		if la, lb := a.Pkg() == l.pkg.Types, b.Pkg() == l.pkg.Types; la != lb {
			if la {
				return -1
			}
			return +1
		}
		return cmp.Compare(pkgPath(a), pkgPath(b))
	})
	for i := 1; i < len(objs); i++ {
		a, b := objs[i-1], objs[i]
		if a.Name() != b.Name() || a == b {
			continue
		}
		// Reported at the first: positions of types read from export data
		// carry no column.
		l.errs.Add(l.objPos(a), "two types named %s are used, this one and the one of %s (at %s): generated code names types by their Go name, so they would clash; rename one, or wrap it in a differently named type", a.Name(), pkgPath(b), l.where(b))
	}
}
