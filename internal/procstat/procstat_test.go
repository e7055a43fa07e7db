package procstat_test

import (
	"os"
	"testing"
	"time"

	"github.com/newsdigest/newsdigest/internal/procstat"
)

func TestCPUGrowsWithWork(t *testing.T) {
	if _, err := os.Stat("/proc/self/stat"); err != nil {
		t.Skip("no /proc/self/stat on this system")
	}
	before := procstat.CPU()
	// Spin until the clock's 10 ms ticks must have counted some of it.
	x := 0
	for start := time.Now(); time.Since(start) < 100*time.Millisecond; {
		x++
	}
	if after := procstat.CPU(); after <= before {
		t.Fatalf("CPU time %v after 100 ms of spinning, %v before (x=%d)", after, before, x)
	}
}
