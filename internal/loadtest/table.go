package loadtest

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
)

// WriteTable prints results as a Markdown table, then, per run, every
// figure of the first implementation as a ratio to the last one (the
// baseline) measured in the same run, and with several runs the median of
// each ratio.
func WriteTable(w io.Writer, rs []Result) {
	fmt.Fprintln(w, "| run | impl | clients | events | rate/s | delivered | lost | out of order | cut slow | dropped | reconnects | resyncs | p50 | p90 | p99 | max | deliveries/s | server CPU s | CPU/delivery | writes/delivery | Go mem/idle client (stacks) | RSS/idle client | goroutines/idle client |")
	fmt.Fprintln(w, "|---:|---|"+strings.Repeat("---:|", 21))
	for _, r := range rs {
		fmt.Fprintf(w, "| %d | %s | %d | %d | %.0f | %d/%d | %d | %d | %d | %d | %d | %d | %s | %s | %s | %s | %.0f | %.2f | %s | %.3f | %s (%s) | %s | %.2f |\n",
			r.Run, r.Impl, r.Clients, r.Events, r.Rate, r.Delivered, r.Expected, r.Lost, r.OutOfOrder, r.Cut, r.Dropped, r.Reconnects, r.Resyncs,
			ms(r.P50), ms(r.P90), ms(r.P99), ms(r.Max), r.PerSecond, r.CPUSeconds, r.CPUPerDelivery(), r.WritesPerDelivery(),
			kib(r.IdleGoBytes), kib(r.IdleStackBytes), kib(r.IdleRSSBytes), r.IdleGoroutines)
	}
	all := ratiosByRun(rs)
	if len(all) == 0 {
		return
	}
	fmt.Fprintln(w)
	for _, rt := range all {
		fmt.Fprintf(w, "run %d: %s\n", rt.run, rt)
	}
	if len(all) > 1 {
		var med ratios
		med.a, med.b = all[0].a, all[0].b
		for i := range med.v {
			col := make([]float64, len(all))
			for j, rt := range all {
				col[j] = rt.v[i]
			}
			slices.Sort(col)
			med.v[i] = col[len(col)/2]
			if len(col)%2 == 0 {
				med.v[i] = (col[len(col)/2-1] + col[len(col)/2]) / 2
			}
		}
		fmt.Fprintf(w, "median of %d runs: %s\n", len(all), med)
	}
}

// ratioNames name the figures compared, in the order of ratios.v.
var ratioNames = [...]string{"deliveries/s", "CPU per delivery", "writes per delivery", "p99", "Go memory per idle client", "RSS per idle client"}

// ratios are one run's figures of implementation a over those of b.
type ratios struct {
	run  int
	a, b string
	v    [len(ratioNames)]float64
}

func (rt ratios) String() string {
	var sb strings.Builder
	fmt.Fprintf(&sb, "%s / %s:", rt.a, rt.b)
	for i, name := range ratioNames {
		if i > 0 {
			sb.WriteByte(',')
		}
		fmt.Fprintf(&sb, " %s %.2fx", name, rt.v[i])
	}
	return sb.String()
}

// ratiosByRun compares, in each run, the first implementation measured
// with the last one.
func ratiosByRun(rs []Result) []ratios {
	var out []ratios
	for i := 0; i < len(rs); {
		j := i
		for j < len(rs) && rs[j].Run == rs[i].Run {
			j++
		}
		if j-i >= 2 {
			a, b := rs[i], rs[j-1]
			out = append(out, ratios{run: a.Run, a: a.Impl, b: b.Impl, v: [len(ratioNames)]float64{
				ratio(a.PerSecond, b.PerSecond),
				ratio(float64(a.CPUPerDelivery()), float64(b.CPUPerDelivery())),
				ratio(a.WritesPerDelivery(), b.WritesPerDelivery()),
				ratio(float64(a.P99), float64(b.P99)),
				ratio(a.IdleGoBytes, b.IdleGoBytes),
				ratio(a.IdleRSSBytes, b.IdleRSSBytes),
			}})
		}
		i = j
	}
	return out
}

func ratio(a, b float64) float64 {
	if b == 0 {
		return 0
	}
	return a / b
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2fms", float64(d)/float64(time.Millisecond)) }

func kib(b float64) string { return fmt.Sprintf("%.1fKiB", b/1024) }
