// Package procmem reads the process's resident memory from Linux's /proc,
// for the benchmarks that report peak RSS.
package procmem // import "github.com/newsdigest/newsdigest/internal/procmem"

import (
	"os"
	"runtime/debug"
	"strconv"
	"strings"
)

// Peak returns the process's high-water resident set size in bytes, or 0
// where /proc/self/status is not available.
func Peak() int64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			return kb << 10
		}
	}
	return 0
}

// ResetPeak returns freed memory to the system and restarts the kernel's
// high-water mark, so that Peak measures what follows.
func ResetPeak() {
	debug.FreeOSMemory()
	_ = os.WriteFile("/proc/self/clear_refs", []byte("5"), 0)
}
