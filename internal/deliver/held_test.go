package deliver

import (
	"testing"
	"time"
)

// TestHoldingTheCapDoesNotSpin: when the oldest due messages are all ones
// this deliverer already holds, as many as it may hold, looking at the
// outbox again brings back the same ones. It must wait for its sends, not
// look again at once: doing so spun on ClaimDue without ever handling a
// send's result (issue 7's full-disk run hit it after a restart, once the
// chats of the killed process came free).
func TestHoldingTheCapDoesNotSpin(t *testing.T) {
	clk := &clock{}
	o := newOutbox(t)
	for c := range 100 {
		o.add(int64(c+1), "digest", true)
	}
	release := make(chan struct{})
	s := newSender(t, clk.Now, func(int, Message) error {
		<-release
		return nil
	})
	opts := fastOptions(clk, nil)
	opts.Lease = 48 * time.Millisecond // holds at most max(16, 1000/s × 48ms / 3) = 16 messages
	d := New(o, s, opts)
	if held := d.maxHeld(); held != 16 {
		t.Fatalf("maxHeld = %d, want 16", held)
	}
	defer start(d)()

	// Every worker waits on a send; the deliverer holds 16 messages, the
	// oldest 16 due. For 200ms it may look at the outbox every poll
	// (20ms), not in a loop.
	time.Sleep(200 * time.Millisecond)
	o.mu.Lock()
	looks := o.dueCalls
	o.mu.Unlock()
	if looks > 40 {
		t.Errorf("%d looks at the outbox in 200ms with a 20ms poll: spinning", looks)
	}
	close(release)
	deadline := time.Now().Add(10 * time.Second)
	for o.pending() > 0 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	if n := o.pending(); n > 0 {
		t.Errorf("%d of 100 messages still pending 10s after the sends were let through", n)
	}
	t.Logf("%d looks at the outbox while the sends were held", looks)
}
