package redisbp

import (
	"cmp"
	"strconv"
	"strings"
)

// zeroID comes before every stream id: the position of a topic with no
// events yet.
const zeroID = "0-0"

// parseID splits a Redis stream id "<ms>-<seq>" into its numbers. Only the
// canonical form is accepted (no sign, no leading zeros, both parts), so
// that equal positions are equal strings.
func parseID(s string) (ms, seq uint64, ok bool) {
	a, b, found := strings.Cut(s, "-")
	if !found || !canonical(a) || !canonical(b) {
		return 0, 0, false
	}
	ms, err1 := strconv.ParseUint(a, 10, 64)
	seq, err2 := strconv.ParseUint(b, 10, 64)
	return ms, seq, err1 == nil && err2 == nil
}

// canonical reports whether s is a decimal number without sign or leading
// zeros.
func canonical(s string) bool {
	if s == "" || (len(s) > 1 && s[0] == '0') {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// compareIDs orders two stream ids numerically. A malformed id sorts before
// every well-formed one, and malformed ids among themselves by their bytes,
// so that the order is total and never panics.
func compareIDs(a, b string) int {
	am, as, aok := parseID(a)
	bm, bs, bok := parseID(b)
	switch {
	case aok && bok:
		if am != bm {
			return cmp.Compare(am, bm)
		}
		return cmp.Compare(as, bs)
	case aok:
		return 1
	case bok:
		return -1
	default:
		return strings.Compare(a, b)
	}
}
