package redisbp

// Go's maps keep the room they grew to after their keys are deleted, so a
// node that once followed a million topics would hold their room for
// good. shrunk rebuilds such a map once most of its keys are gone.

// shrunk returns m, or a copy of it sized for its keys when it holds a
// quarter or less of *peak, the most keys it held since it was last
// rebuilt (updated here): each rebuild copies at most a third of the
// deletes since the last one, so deleting stays O(1) amortized.
func shrunk[K comparable, V any](m map[K]V, peak *int) map[K]V {
	*peak = max(*peak, len(m))
	if *peak < 64 || len(m) > *peak/4 {
		return m
	}
	n := make(map[K]V, len(m))
	for k, v := range m {
		n[k] = v
	}
	*peak = len(m)
	return n
}
