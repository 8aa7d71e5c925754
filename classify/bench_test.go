package classify

import (
	"os"
	"testing"
)

// BenchmarkCorpus classifies every corpus email once per iteration and
// reports messages per second, MB/s and the average time per message.
func BenchmarkCorpus(b *testing.B) {
	dir := sharedDir(b)
	var inputs [][]byte
	total := 0
	for _, f := range corpusFiles(b, dir) {
		in, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		inputs = append(inputs, in)
		total += len(in)
	}
	b.SetBytes(int64(total))
	b.ResetTimer()
	cpu0 := cpuTime()
	for i := 0; i < b.N; i++ {
		for _, in := range inputs {
			Classify(in)
		}
	}
	cpu := (cpuTime() - cpu0).Seconds()
	secs := b.Elapsed().Seconds()
	msgs := float64(len(inputs) * b.N)
	b.ReportMetric(msgs/secs, "msgs/s")
	b.ReportMetric(secs/msgs*1e3, "ms/msg")
	if cpu > 0 {
		// CPU time includes the garbage collector's work on other threads.
		b.ReportMetric(cpu/msgs*1e3, "cpu-ms/msg")
	}
}
