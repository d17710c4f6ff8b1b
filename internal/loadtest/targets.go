package loadtest

import (
	"fmt"
	"slices"
	"strings"
	"sync"
)

// The implementations ssebench can measure, by name. ssegen, the floor
// and the baseline are built in; a program that links in peer servers (see
// bench/ in the repository) registers them before calling Main, so that
// the main module does not depend on them.
var (
	targetsMu sync.Mutex
	peers     []string
	factories = map[string]func(queue int) (Target, error){
		"ssegen": func(queue int) (Target, error) { return newSsegenTarget(queue, false) },
		// ssegen with Server.Hijack: denser, invisible to middleware.
		"ssegen-hijack": func(queue int) (Target, error) { return newSsegenTarget(queue, true) },
		// One non-blocking write(2) per delivery and nothing else: what
		// the others are measured against below saturation (floor.go).
		"floor": func(int) (Target, error) { return &floor{}, nil },
		"baseline": func(queue int) (Target, error) {
			b := NewBaseline()
			if queue > 0 {
				b.Buffer = queue
			}
			return baselineTarget{b}, nil
		},
	}
)

// Register makes a peer implementation available to Main and Serve under
// name. newTarget builds it with room for queue events per client (0: its
// default). Register panics when name is taken.
func Register(name string, newTarget func(queue int) (Target, error)) {
	targetsMu.Lock()
	defer targetsMu.Unlock()
	if _, ok := factories[name]; ok || name == "" || strings.Contains(name, ",") {
		panic(fmt.Sprintf("loadtest: cannot register implementation %q", name))
	}
	factories[name] = newTarget
	peers = append(peers, name)
}

// Impls lists every implementation in the order a run measures them by
// default: ssegen's modes first, the registered peers, the floor, the
// baseline last (the table compares each ssegen mode with the peers, the
// floor and the baseline).
func Impls() []string {
	targetsMu.Lock()
	defer targetsMu.Unlock()
	return slices.Concat([]string{"ssegen", "ssegen-hijack"}, peers, []string{"floor", "baseline"})
}

// NewTarget builds the named implementation with room for queue events
// per client (0: its default).
func NewTarget(impl string, queue int) (Target, error) {
	targetsMu.Lock()
	f := factories[impl]
	targetsMu.Unlock()
	if f == nil {
		return nil, fmt.Errorf("unknown implementation %q (want one of %s)", impl, strings.Join(Impls(), ", "))
	}
	return f(queue)
}
