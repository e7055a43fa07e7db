// Package procstat reads the process's resource use from Linux's /proc, for
// the benchmarks that report peak RSS and CPU time.
package procstat // import "github.com/newsdigest/newsdigest/internal/procstat"

import (
	"os"
	"runtime/debug"
	"strconv"
	"strings"
	"time"
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

// userHZ is the unit of /proc's CPU times; Linux fixes it at 100 for
// user space.
const userHZ = 100

// CPU returns the CPU time, user and system, that all the process's
// threads have used, or 0 where /proc/self/stat is not available. On a
// shared machine it measures cost better than wall time, which includes
// waiting for a core.
func CPU() time.Duration {
	data, err := os.ReadFile("/proc/self/stat")
	if err != nil {
		return 0
	}
	// The command name may hold spaces; the fields after it may not.
	s := string(data)
	fields := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	if len(fields) < 13 {
		return 0
	}
	utime, err1 := strconv.ParseInt(fields[11], 10, 64)
	stime, err2 := strconv.ParseInt(fields[12], 10, 64)
	if err1 != nil || err2 != nil {
		return 0
	}
	return time.Duration(utime+stime) * time.Second / userHZ
}
