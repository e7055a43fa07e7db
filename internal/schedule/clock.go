package schedule

import (
	"sync"
	"time"
)

// ManualClock is a Clock that moves only when told to, for tests that
// cross schedule times without waiting for them.
type ManualClock struct {
	mu      sync.Mutex
	now     time.Time
	waiters []waiter
}

type waiter struct {
	at time.Time
	ch chan time.Time
}

// NewManualClock starts a clock at t.
func NewManualClock(t time.Time) *ManualClock { return &ManualClock{now: t} }

func (c *ManualClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *ManualClock) After(d time.Duration) <-chan time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	ch := make(chan time.Time, 1)
	c.waiters = append(c.waiters, waiter{c.now.Add(d), ch})
	return ch
}

// Advance moves the clock forward by d in steps, releasing the waits that
// fall due and calling settle after each step so that the code under test
// can run.
func (c *ManualClock) Advance(d, step time.Duration, settle func()) {
	for end := c.Now().Add(d); c.Now().Before(end); {
		c.mu.Lock()
		c.now = c.now.Add(step)
		keep := c.waiters[:0]
		for _, w := range c.waiters {
			if !w.at.After(c.now) {
				w.ch <- c.now
			} else {
				keep = append(keep, w)
			}
		}
		c.waiters = keep
		c.mu.Unlock()
		settle()
	}
}
