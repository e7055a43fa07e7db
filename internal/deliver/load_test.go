package deliver

import (
	"context"
	"math"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/newsdigest/newsdigest/internal/store"
)

// maxInWindow returns the most calls in any half-open window [t, t+w).
func maxInWindow(times []time.Time, w time.Duration) int {
	slices.SortFunc(times, func(a, b time.Time) int { return a.Compare(b) })
	best, j := 0, 0
	for i := range times {
		for times[i].Sub(times[j]) >= w {
			j++
		}
		best = max(best, i-j+1)
	}
	return best
}

// TestLoad: 2,000 chats with one message each, Telegram answering 429 to
// every 50th call and 403 for 1% of the chats, drained by Run.
func TestLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("load test")
	}
	const (
		chats = 2000
		rate  = 2000 // per second, scaled up from Telegram's 30
	)
	blocked := func(chat int64) bool { return chat%100 == 0 }
	clk := &clock{} // real time: the limits are checked against the sender's clock
	o := newOutbox(t)
	for c := int64(1); c <= chats; c++ {
		o.add(c, "digest", true)
	}
	s := newSender(t, clk.Now, func(n int, m Message) error {
		switch {
		case blocked(m.ChatID):
			return forbidden()
		case (n+1)%50 == 0:
			return tooMany(1)
		}
		return nil
	})
	opts := fastOptions(clk, nil)
	opts.GlobalPerSecond = rate
	opts.Poll = 50 * time.Millisecond
	d := New(o, s, opts)

	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Go(func() {
		if err := d.Run(ctx); err != nil {
			t.Errorf("Run: %v", err)
		}
	})
	start := time.Now()
	deadline := start.Add(8 * time.Second)
	for o.pending() > 0 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	elapsed := time.Since(start)
	cancel()
	wg.Wait()
	if n := o.pending(); n > 0 {
		t.Fatalf("%d messages still pending after %v", n, elapsed)
	}

	calls := s.all()
	accepted := map[int64]int{}
	perChat := map[int64][]time.Time{}
	var times []time.Time
	throttled := 0
	for _, c := range calls {
		times = append(times, c.at)
		perChat[c.m.ChatID] = append(perChat[c.m.ChatID], c.at)
		if c.err == nil {
			accepted[c.m.ChatID]++
		} else if statusCode(c.err) == 429 {
			throttled++
		}
	}
	for c := int64(1); c <= chats; c++ {
		m := o.get(c)
		switch {
		case blocked(c):
			if !o.inactive[c] || m.Status != store.StatusFailed || accepted[c] != 0 {
				t.Errorf("blocked chat %d: inactive %v, %s, %d accepted", c, o.inactive[c], m.Status, accepted[c])
			}
		default:
			if o.inactive[c] || m.Status != store.StatusSent || accepted[c] != 1 {
				t.Errorf("chat %d: inactive %v, %s, %d accepted; want exactly one", c, o.inactive[c], m.Status, accepted[c])
			}
		}
		if n := maxInWindow(perChat[c], time.Second); n > 1 {
			t.Errorf("chat %d got %d sends within one second", c, n)
		}
	}
	if throttled == 0 {
		t.Error("no 429s were exercised")
	}
	if n := maxInWindow(times, time.Second); n > rate {
		t.Errorf("%d sends in one second, limit %d", n, rate)
	}
	t.Logf("%d calls (%d answered 429) in %v; busiest second %d/%d",
		len(calls), throttled, elapsed.Round(time.Millisecond), maxInWindow(times, time.Second), rate)
}

// TestLimiterWindow checks the hard property directly: however the sends
// overlap and however long they take, no window holds more than n.
func TestLimiterWindow(t *testing.T) {
	const (
		n      = 10
		window = 100 * time.Millisecond
		sends  = 45
	)
	l := newLimiter(n, window, time.Now)
	var (
		mu    sync.Mutex
		times []time.Time
		wg    sync.WaitGroup
		next  = make(chan int, sends)
	)
	for i := range sends {
		next <- i
	}
	close(next)
	start := time.Now()
	for range 8 {
		wg.Go(func() {
			for i := range next {
				if _, err := l.acquire(context.Background()); err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				times = append(times, time.Now())
				mu.Unlock()
				time.Sleep(time.Duration(i%4) * time.Millisecond) // uneven latency
				l.release(time.Now())
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	if got := maxInWindow(times, window); got > n {
		t.Errorf("%d sends in one %v window, limit %d", got, window, n)
	}
	// 45 sends at 10 per window need at least 4 full windows.
	if min := time.Duration(math.Floor(float64(sends-1)/n)) * window; elapsed < min {
		t.Errorf("took %v, faster than the limit allows (%v)", elapsed, min)
	}
}

func TestLimiterCancel(t *testing.T) {
	l := newLimiter(1, time.Hour, time.Now)
	if _, err := l.acquire(context.Background()); err != nil {
		t.Fatal(err)
	}
	l.release(time.Now()) // the only slot is busy for an hour
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if _, err := l.acquire(ctx); err == nil {
		t.Fatal("acquire returned before the window passed")
	}
	if len(l.slots) != 1 {
		t.Errorf("cancelled acquire lost its slot")
	}
}

// BenchmarkDeliver drains 500 messages to distinct chats per iteration with
// an instant fake sender and reports the achieved rate against the limit.
func BenchmarkDeliver(b *testing.B) {
	const limit = 5000
	clk := &clock{}
	o := newOutbox(b)
	s := senderFunc(func(context.Context, Message) error { return nil })
	opts := fastOptions(clk, nil)
	opts.GlobalPerSecond = limit
	d := New(o, s, opts)
	sent := 0
	start := time.Now()
	for b.Loop() {
		for c := range 500 {
			o.add(int64(c+1), "digest", true)
		}
		if err := d.Flush(context.Background()); err != nil {
			b.Fatal(err)
		}
		sent += 500
	}
	rate := float64(sent) / time.Since(start).Seconds()
	b.ReportMetric(rate, "msgs/s")
	b.ReportMetric(rate/limit, "rate/limit")
}
