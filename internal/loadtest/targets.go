package loadtest

import "fmt"

// newTarget builds the named implementation with room for queue events
// per client (0: its default).
func newTarget(impl string, queue int) (target, error) {
	switch impl {
	case "ssegen":
		return newSsegenTarget(queue)
	case "baseline":
		b := NewBaseline()
		if queue > 0 {
			b.Buffer = queue
		}
		return baselineTarget{b}, nil
	}
	return nil, fmt.Errorf("unknown implementation %q (want ssegen or baseline)", impl)
}
