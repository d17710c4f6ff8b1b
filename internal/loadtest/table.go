package loadtest

import (
	"fmt"
	"io"
	"time"
)

// WriteTable prints results as a Markdown table, then every figure of the
// first implementation as a ratio to the last one (the baseline).
func WriteTable(w io.Writer, rs []Result) {
	fmt.Fprintln(w, "| impl | clients | events | rate/s | delivered | lost | out of order | cut slow | dropped | reconnects | p50 | p90 | p99 | max | deliveries/s | server CPU s | CPU/delivery | writes/delivery | Go mem/idle client | RSS/idle client |")
	fmt.Fprintln(w, "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
	for _, r := range rs {
		fmt.Fprintf(w, "| %s | %d | %d | %.0f | %d/%d | %d | %d | %d | %d | %d | %s | %s | %s | %s | %.0f | %.2f | %s | %.3f | %s | %s |\n",
			r.Impl, r.Clients, r.Events, r.Rate, r.Delivered, r.Expected, r.Lost, r.OutOfOrder, r.Cut, r.Dropped, r.Reconnects,
			ms(r.P50), ms(r.P90), ms(r.P99), ms(r.Max), r.PerSecond, r.CPUSeconds, r.CPUPerDelivery(), r.WritesPerDelivery(),
			kib(r.IdleGoBytes), kib(r.IdleRSSBytes))
	}
	if len(rs) < 2 {
		return
	}
	a, b := rs[0], rs[len(rs)-1]
	fmt.Fprintf(w, "\n%s / %s: deliveries/s %.2fx, CPU per delivery %.2fx, writes per delivery %.2fx, p99 %.2fx, Go memory per idle client %.2fx, RSS per idle client %.2fx\n",
		a.Impl, b.Impl, ratio(a.PerSecond, b.PerSecond), ratio(float64(a.CPUPerDelivery()), float64(b.CPUPerDelivery())),
		ratio(a.WritesPerDelivery(), b.WritesPerDelivery()),
		ratio(float64(a.P99), float64(b.P99)), ratio(a.IdleGoBytes, b.IdleGoBytes), ratio(a.IdleRSSBytes, b.IdleRSSBytes))
}

func ratio(a, b float64) float64 {
	if b == 0 {
		return 0
	}
	return a / b
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2fms", float64(d)/float64(time.Millisecond)) }

func kib(b float64) string { return fmt.Sprintf("%.1fKiB", b/1024) }
