package classify

import (
	"runtime"
	"testing"
	"time"

	"github.com/bounce-explainer/bounce/classify/adversarial"
)

// BenchmarkAdversarial classifies each adversarial input of 1 MB and
// reports, besides time, the bytes allocated per byte of input.
// Targets: ≤ 0.5 s and < 20× the input each.
func BenchmarkAdversarial(b *testing.B) {
	for _, in := range adversarial.Inputs(1 << 20) {
		b.Run(in.Name, func(b *testing.B) {
			b.SetBytes(int64(len(in.Data)))
			b.ReportAllocs()
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			for i := 0; i < b.N; i++ {
				checkReport(b, in.Data, Classify(in.Data))
			}
			runtime.ReadMemStats(&after)
			b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/float64(b.N)/float64(len(in.Data)), "alloc/input")
		})
	}
}

// TestAdversarialScaling checks that the work on each adversarial input
// grows about linearly: doubling the input must not quadruple the time,
// and a 1 MB input allocates less than 20 times its size. Times are the
// fastest of a few runs, times too short to judge pass, and a failing
// ratio is measured again at twice the size (twice) before it fails, so
// that a busy machine does not fail it; the figures themselves come from
// BenchmarkAdversarial.
func TestAdversarialScaling(t *testing.T) {
	small := 128 << 10
	if testing.Short() {
		small = 32 << 10
	}
	for _, g := range adversarial.Generators {
		t.Run(g.Name, func(t *testing.T) {
			ratio := 0.0
			for _, n := range []int{small, 2 * small, 4 * small} {
				a, b := g.Make(n), g.Make(2*n)
				ta, tb := fastest(t, a), fastest(t, b)
				if ratio = tb.Seconds() / max(ta.Seconds(), 1e-4); ratio < 3 || tb < tooShort {
					ratio = 0
					break
				}
			}
			if ratio >= 3 {
				t.Errorf("doubling the input multiplied the time by %.1f", ratio)
			}
			in := g.Make(1 << 20)
			if got := allocated(func() { Classify(in) }); got > 20*uint64(len(in)) {
				t.Errorf("allocated %d bytes for %d bytes of input (%.1f×)", got, len(in), float64(got)/float64(len(in)))
			}
		})
	}
}

// tooShort is a time too short to judge growth by: a garbage collection
// or another process takes as long.
const tooShort = 30 * time.Millisecond

// fastest classifies in three times, checks the report and returns the
// shortest time.
func fastest(t *testing.T, in []byte) time.Duration {
	best := time.Duration(1 << 62)
	for i := 0; i < 3; i++ {
		runtime.GC()
		start := time.Now()
		rep := Classify(in)
		best = min(best, time.Since(start))
		checkReport(t, in, rep)
	}
	return best
}

// allocated returns the bytes f allocates.
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}
