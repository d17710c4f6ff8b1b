package loadtest

import "fmt"

// newTarget builds the named implementation.
func newTarget(impl string) (target, error) {
	switch impl {
	case "ssegen":
		return newSsegenTarget()
	case "baseline":
		return baselineTarget{NewBaseline()}, nil
	}
	return nil, fmt.Errorf("unknown implementation %q (want ssegen or baseline)", impl)
}
