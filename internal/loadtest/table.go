package loadtest

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
)

// WriteTable prints results as a Markdown table, then, per run, every
// figure of each ssegen mode (the implementations named ssegen*, or the
// first one measured) as a ratio to the last one (the baseline) and,
// where peers were measured between them, to the best peer for that
// figure, and to the floor where it was (floor.go), all measured in the
// same run; then the floor's figures as ratios to the best peer's; with
// several runs also the median of each ratio and each implementation's
// median figures.
func WriteTable(w io.Writer, rs []Result) {
	fmt.Fprintln(w, "| run | impl | clients | events | rate/s | delivered | lost | out of order | cut slow | dropped | reconnects | resyncs | p50 | p90 | p99 | max | deliveries/s | server CPU s | CPU/delivery | writes/delivery | Go mem/idle client (stacks) | RSS/idle client | goroutines/idle client |")
	fmt.Fprintln(w, "|---:|---|"+strings.Repeat("---:|", 21))
	for _, r := range rs {
		fmt.Fprintf(w, "| %d | %s | %d | %d | %.0f | %d/%d | %d | %d | %d | %d | %d | %d | %s | %s | %s | %s | %.0f | %.2f | %s | %.3f | %s (%s) | %s | %.2f |\n",
			r.Run, r.Impl, r.Clients, r.Events, r.Rate, r.Delivered, r.Expected, r.Lost, r.OutOfOrder, r.Cut, r.Dropped, r.Reconnects, r.Resyncs,
			ms(r.P50), ms(r.P90), ms(r.P99), ms(r.Max), r.PerSecond, r.CPUSeconds, r.CPUPerDelivery(), r.WritesPerDelivery(),
			kib(r.IdleGoBytes), kib(r.IdleStackBytes), kib(r.IdleRSSBytes), r.IdleGoroutines)
	}
	runs := splitRuns(rs)
	if len(runs) > 1 {
		writeMedians(w, runs)
	}
	var lists [][]ratios
	for _, subject := range subjects(runs) {
		var base, best, low []ratios
		for _, run := range runs {
			if len(run) < 2 {
				continue
			}
			var a Result
			peers, fl := splitOthers(run, subject)
			for _, r := range run {
				if r.Impl == subject {
					a = r
				}
			}
			if a.Impl == "" {
				continue
			}
			base = append(base, compare(a, run[len(run)-1:], "baseline"))
			if len(peers) > 0 {
				best = append(best, compare(a, peers, "best peer"))
			}
			if len(fl) > 0 {
				low = append(low, compare(a, fl, FloorImpl))
			}
		}
		lists = append(lists, best, low, base)
	}
	// The floor against the best peer: how far below the peers one
	// write per delivery can go at all.
	var floorToPeers []ratios
	for _, run := range runs {
		if len(run) < 2 {
			continue
		}
		if peers, fl := splitOthers(run, ""); len(peers) > 0 && len(fl) > 0 {
			floorToPeers = append(floorToPeers, compare(fl[0], peers, "best peer"))
		}
	}
	lists = append(lists, floorToPeers)
	for _, all := range lists {
		if len(all) == 0 {
			continue
		}
		fmt.Fprintln(w)
		for _, rt := range all {
			fmt.Fprintf(w, "run %d: %s\n", rt.run, rt)
		}
		if len(all) > 1 {
			fmt.Fprintf(w, "median of %d runs: %s\n", len(all), medianRatios(all))
		}
	}
}

// FloorImpl names the floor (floor.go): compared with separately, never
// counted as a peer.
const FloorImpl = "floor"

// splitOthers returns the peers of a run (neither ssegen's modes, nor the
// floor, nor the last implementation, the baseline) and the floor, if it
// ran before the last.
func splitOthers(run []Result, subject string) (peers, fl []Result) {
	for _, r := range run[:len(run)-1] {
		switch {
		case r.Impl == subject:
		case r.Impl == FloorImpl:
			fl = append(fl, r)
		case !isSubject(r.Impl, run[0].Impl):
			peers = append(peers, r)
		}
	}
	return peers, fl
}

// isSubject reports whether impl is one of ssegen's modes, compared with
// the others rather than one of them: a name starting "ssegen", or the
// first implementation of the run when none does.
func isSubject(impl, first string) bool {
	if strings.HasPrefix(first, "ssegen") {
		return strings.HasPrefix(impl, "ssegen")
	}
	return impl == first
}

// subjects lists the implementations compared with the others, in the
// order the first run measured them.
func subjects(runs [][]Result) []string {
	var out []string
	if len(runs) == 0 || len(runs[0]) < 2 {
		return nil
	}
	for _, r := range runs[0][:len(runs[0])-1] {
		if isSubject(r.Impl, runs[0][0].Impl) {
			out = append(out, r.Impl)
		}
	}
	return out
}

// splitRuns groups results by run, in order.
func splitRuns(rs []Result) [][]Result {
	var out [][]Result
	for i := 0; i < len(rs); {
		j := i
		for j < len(rs) && rs[j].Run == rs[i].Run {
			j++
		}
		out = append(out, rs[i:j])
		i = j
	}
	return out
}

// writeMedians prints each implementation's median figures over the runs.
func writeMedians(w io.Writer, runs [][]Result) {
	fmt.Fprintf(w, "\nMedians of %d runs:\n\n", len(runs))
	fmt.Fprintln(w, "| impl | delivered | lost | out of order | cut slow | p99 | deliveries/s | CPU/delivery | writes/delivery | Go mem/idle client | RSS/idle client |")
	fmt.Fprintln(w, "|---|"+strings.Repeat("---:|", 10))
	for _, r := range runs[0] {
		var rows []Result
		for _, run := range runs {
			for _, x := range run {
				if x.Impl == r.Impl {
					rows = append(rows, x)
				}
			}
		}
		med := func(f func(Result) float64) float64 {
			v := make([]float64, len(rows))
			for i, x := range rows {
				v[i] = f(x)
			}
			return median(v)
		}
		fmt.Fprintf(w, "| %s | %.0f/%d | %.0f | %.0f | %.0f | %s | %.0f | %s | %.3f | %s | %s |\n", r.Impl,
			med(func(x Result) float64 { return float64(x.Delivered) }), r.Expected,
			med(func(x Result) float64 { return float64(x.Lost) }),
			med(func(x Result) float64 { return float64(x.OutOfOrder) }),
			med(func(x Result) float64 { return float64(x.Cut) }),
			ms(time.Duration(med(func(x Result) float64 { return float64(x.P99) }))),
			med(func(x Result) float64 { return x.PerSecond }),
			time.Duration(med(func(x Result) float64 { return float64(x.CPUPerDelivery()) })),
			med(func(x Result) float64 { return x.WritesPerDelivery() }),
			kib(med(func(x Result) float64 { return x.IdleGoBytes })),
			kib(med(func(x Result) float64 { return x.IdleRSSBytes })))
	}
}

// figures are the figures compared: how to read each from a result, and
// whether more is better.
var figures = [...]struct {
	name   string
	value  func(Result) float64
	higher bool
}{
	{"deliveries/s", func(r Result) float64 { return r.PerSecond }, true},
	{"CPU per delivery", func(r Result) float64 { return float64(r.CPUPerDelivery()) }, false},
	{"writes per delivery", Result.WritesPerDelivery, false},
	{"p99", func(r Result) float64 { return float64(r.P99) }, false},
	{"Go memory per idle client", func(r Result) float64 { return r.IdleGoBytes }, false},
	{"RSS per idle client", func(r Result) float64 { return r.IdleRSSBytes }, false},
}

// ratios are one run's figures of implementation a over those of the
// best of others, figure by figure; against names which one that was.
type ratios struct {
	run     int
	a, b    string
	v       [len(figures)]float64
	against [len(figures)]string
}

// compare gives a's figures as ratios to the best of others for each
// figure (a positive value; a missing figure does not count as best).
func compare(a Result, others []Result, name string) ratios {
	rt := ratios{run: a.Run, a: a.Impl, b: name}
	if len(others) == 1 {
		rt.b = others[0].Impl
	}
	for i, f := range figures {
		best := -1
		for j, o := range others {
			v := f.value(o)
			if v <= 0 {
				continue
			}
			if best < 0 || (f.higher && v > f.value(others[best])) || (!f.higher && v < f.value(others[best])) {
				best = j
			}
		}
		if best < 0 {
			continue
		}
		rt.v[i] = ratio(f.value(a), f.value(others[best]))
		if len(others) > 1 {
			rt.against[i] = others[best].Impl
		}
	}
	return rt
}

// medianRatios is the median of each ratio over runs; where the best peer
// differed between runs, every one is named.
func medianRatios(all []ratios) ratios {
	med := ratios{a: all[0].a, b: all[0].b}
	for i := range med.v {
		col := make([]float64, len(all))
		var names []string
		for j, rt := range all {
			col[j] = rt.v[i]
			if n := rt.against[i]; n != "" && !slices.Contains(names, n) {
				names = append(names, n)
			}
		}
		med.v[i] = median(col)
		med.against[i] = strings.Join(names, "/")
	}
	return med
}

func median(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	v = slices.Clone(v)
	slices.Sort(v)
	if len(v)%2 == 0 {
		return (v[len(v)/2-1] + v[len(v)/2]) / 2
	}
	return v[len(v)/2]
}

func (rt ratios) String() string {
	var sb strings.Builder
	fmt.Fprintf(&sb, "%s / %s:", rt.a, rt.b)
	for i, f := range figures {
		if i > 0 {
			sb.WriteByte(',')
		}
		fmt.Fprintf(&sb, " %s %.2fx", f.name, rt.v[i])
		if rt.against[i] != "" {
			fmt.Fprintf(&sb, " (%s)", rt.against[i])
		}
	}
	return sb.String()
}

func ratio(a, b float64) float64 {
	if b == 0 {
		return 0
	}
	return a / b
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2fms", float64(d)/float64(time.Millisecond)) }

func kib(b float64) string { return fmt.Sprintf("%.1fKiB", b/1024) }
