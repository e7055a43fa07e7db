package deliver

import (
	"context"
	"math"
	"sync"
	"time"
)

// limiter keeps sends to at most n in any rolling window, evenly spaced.
//
// A token bucket alone is not enough when the other side counts arrivals in
// a rolling window: send k and send k+n leave exactly one window apart, and
// any scheduling or network jitter puts n+1 arrivals in one window. So each
// of the n slots is reusable only one window after the send that used it
// *returned*: the request arrived no later than that, and the next one on
// the slot arrives no earlier than it leaves. Any n+1 sends then span more
// than a window, whatever the latency. On top, grants are spaced
// window/rate apart (a bucket of burst 1), so the rate is smooth.
type limiter struct {
	now     func() time.Time
	window  time.Duration
	spacing time.Duration
	slots   chan time.Time // free slots, each with the time it becomes usable

	mu   sync.Mutex
	next time.Time // earliest next grant (spacing)
}

// maxSlots bounds the memory a very high rate can take.
const maxSlots = 1 << 16

func newLimiter(perWindow float64, window time.Duration, now func() time.Time) *limiter {
	n := int(min(max(math.Floor(perWindow), 1), maxSlots))
	l := &limiter{
		now:     now,
		window:  window,
		spacing: time.Duration(float64(window) / perWindow),
		slots:   make(chan time.Time, n),
	}
	for range n {
		l.slots <- time.Time{}
	}
	return l
}

// acquire waits for a slot and returns how long it waited for the rate.
// Every successful acquire must be followed by release.
func (l *limiter) acquire(ctx context.Context) (time.Duration, error) {
	var free time.Time
	select {
	case free = <-l.slots:
	case <-ctx.Done():
		return 0, ctx.Err()
	}
	l.mu.Lock()
	now := l.now()
	at := later(later(now, free), l.next)
	l.next = at.Add(l.spacing)
	l.mu.Unlock()
	wait := at.Sub(now)
	if wait <= 0 {
		return 0, nil
	}
	t := time.NewTimer(wait)
	defer t.Stop()
	select {
	case <-t.C:
		return wait, nil
	case <-ctx.Done():
		l.slots <- free // unused: as free as it was
		return 0, ctx.Err()
	}
}

// release returns a slot once its send has returned at done.
func (l *limiter) release(done time.Time) {
	l.slots <- done.Add(l.window)
}
