//go:build unix

package classify

import (
	"syscall"
	"time"
)

// cpuTime is the CPU time this process has used: on a busy machine it
// measures the classifier's own cost where wall-clock time would also count
// other programs.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
