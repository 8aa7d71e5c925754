//go:build !unix

package classify

import "time"

// cpuTime is not measured on this platform.
func cpuTime() time.Duration { return 0 }
