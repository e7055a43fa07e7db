package deliver

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"github.com/newsdigest/newsdigest/internal/store"
)

// fullOutbox is a memOutbox whose writes fail while full is set, as a store
// on a full disk: claiming (it writes leases) and recording outcomes.
type fullOutbox struct {
	*memOutbox
	full atomic.Bool
}

var errStoreFull = errors.New("store: database file is full")

func (o *fullOutbox) ClaimDue(ctx context.Context, owner string, now time.Time, lease time.Duration, limit int) ([]store.OutMessage, error) {
	if o.full.Load() {
		return nil, errStoreFull
	}
	return o.memOutbox.ClaimDue(ctx, owner, now, lease, limit)
}

func (o *fullOutbox) MarkSent(ctx context.Context, id int64, at time.Time) error {
	if o.full.Load() {
		return errStoreFull
	}
	return o.memOutbox.MarkSent(ctx, id, at)
}

func (o *fullOutbox) MarkRetry(ctx context.Context, id int64, next time.Time, errText string) error {
	if o.full.Load() {
		return errStoreFull
	}
	return o.memOutbox.MarkRetry(ctx, id, next, errText)
}

func (o *fullOutbox) MarkFailed(ctx context.Context, id int64, errText string) error {
	if o.full.Load() {
		return errStoreFull
	}
	return o.memOutbox.MarkFailed(ctx, id, errText)
}

// TestStoreFullStopsSending: once the store cannot record a send, the
// deliverer sends nothing more than what its workers had under way (each
// would go out again after a restart), and once the store takes writes
// again it records those and sends the rest, each message once.
func TestStoreFullStopsSending(t *testing.T) {
	const chats, fillAt = 200, 20
	clk := &clock{}
	o := &fullOutbox{memOutbox: newOutbox(t)}
	for c := range chats {
		o.add(int64(c+1), "digest", true)
	}
	s := newSender(t, clk.Now, func(n int, _ Message) error {
		if n == fillAt {
			o.full.Store(true)
		}
		return nil
	})
	opts := fastOptions(clk, nil)
	d := New(o, s, opts)
	defer start(d)()

	// Full for a while: a few rounds of mark retries and outbox polls.
	deadline := time.Now().Add(5 * time.Second)
	for len(s.all()) <= fillAt && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	time.Sleep(1500 * time.Millisecond)
	whileFull := len(s.all())
	recorded := chats - o.pending()
	if unrecorded := whileFull - recorded; unrecorded > opts.withDefaults().Workers {
		t.Errorf("%d sends not recorded while the store was full (%d sends, %d recorded), want at most the %d workers' sends under way",
			unrecorded, whileFull, recorded, opts.withDefaults().Workers)
	}

	o.full.Store(false)
	deadline = time.Now().Add(10 * time.Second)
	for o.pending() > 0 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	if n := o.pending(); n > 0 {
		t.Fatalf("%d messages still pending after the store recovered", n)
	}
	if n := len(s.all()); n != chats {
		t.Errorf("%d sends for %d messages after the store recovered, want each once", n, chats)
	}
	t.Logf("%d sent before the store filled, %d while full (%d not recorded until it recovered)", fillAt, whileFull-fillAt, whileFull-recorded)
}
