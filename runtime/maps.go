package runtime

// Go's maps keep the room they grew to after their keys are deleted, so a
// map of topics that once held a million keys would hold their room for
// good. shrinkMap rebuilds such a map once most of its keys are gone.

// mapPeak is the most keys a map held since it was last rebuilt.
type mapPeak int

// noteLen records the map's length after an insert.
func (p *mapPeak) noteLen(n int) {
	if n > int(*p) {
		*p = mapPeak(n)
	}
}

// shrinkMap returns m, or a copy of it sized for its keys when it holds a
// quarter or less of its peak: each rebuild copies at most a third of the
// deletes since the last one, so deleting stays O(1) amortized.
func shrinkMap[K comparable, V any](m map[K]V, p *mapPeak) map[K]V {
	if int(*p) < 64 || len(m) > int(*p)/4 {
		return m
	}
	n := make(map[K]V, len(m))
	for k, v := range m {
		n[k] = v
	}
	*p = mapPeak(len(m))
	return n
}
