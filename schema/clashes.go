package schema

import (
	"cmp"
	"fmt"
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
		// carry no column. Types of other modules are reported at the
		// user's field that first uses them.
		pos, subject, fix := l.objPos(a), "this one", "rename one, or wrap it in a differently named type"
		if u, ok := l.firstUse[a]; ok && isForeignPos(pos) {
			pos, subject = u.pos, u.label+" uses the one of "+pkgPath(a)
			fix = fmt.Sprintf("declare a type of your own with another name for one of them (type My%s %s) and use it", a.Name(), types.TypeString(a.Type(), l.qualifier))
		}
		l.errs.Add(pos, "two types named %s are used, %s and the one of %s (at %s): generated code names types by their Go name, so they would clash; %s", a.Name(), subject, pkgPath(b), l.where(b), fix)
	}
}
