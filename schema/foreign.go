package schema

import (
	"fmt"
	"go/types"
	"strings"
)

// fixStart marks, inside a message given to fail, where the problem ends
// and the advice on what to change begins. Advice to change a type of
// another module is useless to the user, so inside such a type fail
// replaces it.
const fixStart = "\x1f"

// use is one step on the way from an event to the type being built: a
// struct field, with what messages call it.
type use struct {
	pos Pos
	// label names the field and its type: "field Link (url.URL)" for a
	// field of the user's code, "url.URL.User (*url.Userinfo)" inside a
	// type of another module.
	label string
	// foreign is set for fields of types in the standard library or the
	// module cache, which the user cannot change.
	foreign bool
	// base is the named type the field holds (through pointers, slices,
	// arrays and maps), nil for others.
	base *types.Named
	// owner is the name of the struct type that declares the field.
	owner string
}

// enterField records that the fields of v (a field of the struct named,
// reached through path) are being built; the caller calls the returned
// function when done.
func (l *loader) enterField(named *types.Named, v *types.Var, path []string) func() {
	u := use{pos: l.objPos(v), base: baseNamed(v.Type()), owner: named.Obj().Name()}
	u.foreign = isForeignPos(u.pos)
	if u.foreign {
		u.label = l.typeString(named) + "." + strings.Join(path, ".") + " (" + l.typeString(v.Type()) + ")"
	} else {
		u.label = "field " + v.Name() + " (" + l.typeString(v.Type()) + ")"
	}
	l.uses = append(l.uses, u)
	return func() { l.uses = l.uses[:len(l.uses)-1] }
}

// fail reports a problem at pos. The message is format's text with the
// advice after fixStart. A problem inside a type of another module (whose
// position lies in the standard library or the module cache) is reported
// at the user's own field that leads to it instead, with the path into
// the foreign type, and with advice the user can follow.
func (l *loader) fail(pos Pos, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	if !isForeignPos(pos) {
		l.errs.Add(pos, "%s", strings.Replace(msg, fixStart, "", 1))
		return
	}
	owner := -1
	for i := len(l.uses) - 1; i >= 0; i-- {
		if !l.uses[i].foreign {
			owner = i
			break
		}
	}
	if owner < 0 {
		l.errs.Add(pos, "%s", strings.Replace(msg, fixStart, "", 1))
		return
	}
	u := l.uses[owner]
	if l.redirected[u.pos] {
		return // one problem per field of the user's is enough to act on
	}
	l.redirected[u.pos] = true
	problem, _, _ := strings.Cut(msg, fixStart)
	problem = strings.TrimRight(problem, ":; ")
	var path []string
	for _, inner := range l.uses[owner+1:] {
		path = append(path, inner.label)
	}
	where := ""
	if len(path) > 0 {
		where = "through " + strings.Join(path, ", then ") + ": "
	}
	if _, seen := l.foreignProblems[l.entry]; l.entry != nil && !seen {
		l.foreignProblems[l.entry] = where + problem
	}
	l.errs.Add(u.pos, "%s: %s%s: %s", u.label, where, problem, l.foreignFix(u))
}

// failAgain reports a problem found inside a foreign record at its
// first use at the user's field that uses it now.
func (l *loader) failAgain(problem string) {
	if len(l.uses) == 0 {
		return
	}
	u := l.uses[len(l.uses)-1]
	if u.foreign || l.redirected[u.pos] {
		return
	}
	l.redirected[u.pos] = true
	l.errs.Add(u.pos, "%s: %s: %s", u.label, problem, l.foreignFix(u))
}

// foreignFix is the advice for a problem inside a type the user cannot
// change.
func (l *loader) foreignFix(u use) string {
	if u.base == nil || u.base.Obj().Pkg() == nil {
		return "ssegen cannot change that type: put what you need of it in a string or a type of your own"
	}
	name := l.typeString(u.base)
	fix := fmt.Sprintf("%s belongs to %s, which ssegen cannot change: put what you need of it in a string (or a type of your own) instead of %s", name, u.base.Obj().Pkg().Path(), name)
	if receiverOf(u.base, marshalJSON) != noMethod {
		fix += ", or declare its JSON form with //ssegen:json"
	}
	return fix
}

// isForeignPos reports whether pos lies in the standard library or the
// module cache, or nowhere known: code the user does not own.
func isForeignPos(p Pos) bool {
	return p.File == "" || strings.HasPrefix(p.File, "$GOROOT/") || strings.HasPrefix(p.File, "$GOMODCACHE/")
}

// baseNamed is the named type t holds through pointers, slices, arrays
// and maps (their elements), or nil.
func baseNamed(t types.Type) *types.Named {
	for {
		switch x := types.Unalias(t).(type) {
		case *types.Named:
			return x
		case *types.Pointer:
			t = x.Elem()
		case *types.Slice:
			t = x.Elem()
		case *types.Array:
			t = x.Elem()
		case *types.Map:
			t = x.Elem()
		default:
			return nil
		}
	}
}

// noteUse remembers the user's field that first uses the named type of
// another module, for messages about the type as a whole.
func (l *loader) noteUse(named *types.Named) {
	if _, seen := l.firstUse[named.Obj()]; seen {
		return
	}
	for i := len(l.uses) - 1; i >= 0; i-- {
		if !l.uses[i].foreign {
			l.firstUse[named.Obj()] = l.uses[i]
			return
		}
	}
}
