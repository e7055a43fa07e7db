// Package deliver drains the persistent outbox to Telegram.
//
// A Deliverer takes due messages from an Outbox (store.Store satisfies it),
// sends them through a Sender and records the outcome. It keeps Telegram's
// limits: a global rate over any rolling second, a minimum gap per chat, one
// message in flight per chat, and the retry_after of every 429. A chat's
// messages go in outbox order within their lane (the first part of their
// key: "reply", "digest", "admin"); a message waiting for its retry holds
// back the later messages of its lane only, so replies to a person's
// commands are not held behind a digest waiting out a retry_after. A message is marked sent only after Telegram accepted it, so a crash
// re-sends at most the messages that were in flight.
package deliver // import "github.com/newsdigest/newsdigest/internal/deliver"

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/newsdigest/newsdigest/internal/botapi"
	"github.com/newsdigest/newsdigest/internal/store"
)

// Message is one message to send.
type Message struct {
	ChatID   int64
	ThreadID int // forum topic; 0 for none
	Text     string
	HTML     bool   // Text is Telegram HTML
	Markup   string // reply markup as JSON (an inline keyboard); "" for none
}

// Sender sends one message. Implementations return the Telegram library's
// errors unchanged (the Deliverer classifies them with errors.As/errors.Is)
// and must be safe for concurrent use.
type Sender interface {
	Send(ctx context.Context, m Message) error
}

// ErrInvalid marks a message that can never be sent as it is (for example
// unreadable reply markup). A Sender wraps it; the message is failed without
// retry.
var ErrInvalid = errors.New("deliver: invalid message")

// Outbox is what the Deliverer needs from the store.
type Outbox interface {
	ClaimDue(ctx context.Context, owner string, now time.Time, lease time.Duration, limit int) ([]store.OutMessage, error)
	ReleaseChats(ctx context.Context, owner string) error
	MarkSent(ctx context.Context, id int64, at time.Time) error
	MarkRetry(ctx context.Context, id int64, next time.Time, errText string) error
	MarkFailed(ctx context.Context, id int64, errText string) error
	SetActive(ctx context.Context, chatID int64, active bool) error
	MoveSubscriber(ctx context.Context, from, to int64) error
}

var _ Outbox = store.Store(nil)

// Hooks are optional callbacks for metrics. They are called from the sending
// goroutines, so they must be safe for concurrent use and quick.
type Hooks struct {
	OnSent     func(chatID int64)    // Telegram accepted a message
	OnError    func(code int)        // a send failed: HTTP-like code (429, 403, 400, 5xx), 0 for network errors
	OnRateWait func(d time.Duration) // a send waited d for the global rate limit
	OnFailed   func(chatID int64)    // a message was given up on
}

// Options tune a Deliverer. Zero values take the defaults.
type Options struct {
	// GlobalPerSecond caps sends over any rolling second; default 30.
	GlobalPerSecond float64
	// PrivateInterval is the minimum gap between two messages to one private
	// chat (positive chat ID); default 1s, negative for none.
	PrivateInterval time.Duration
	// GroupInterval is the minimum gap for groups, supergroups and channels
	// (negative chat IDs); default 3s (20 a minute), negative for none.
	GroupInterval time.Duration
	// MaxAttempts bounds sends that fail with a server or network error
	// before a message is marked failed; default 8. 429s count separately:
	// a message is failed once its attempts of any kind reach 4×MaxAttempts.
	MaxAttempts int
	// Workers is the number of concurrent sends; default 8.
	Workers int
	// Poll is how often to look for due messages when idle; default 1s.
	Poll time.Duration
	// Drain bounds how long in-flight sends (and the store writes after
	// them) may run once the context is done: their context is cancelled
	// then, and a send that ignores it is abandoned min(Drain, 1s) later.
	// Default 10s.
	Drain time.Duration
	// Owner names this deliverer when several share one outbox; a chat's
	// messages are claimed by one owner at a time. Default: host and PID.
	Owner string
	// Lease is how long a claim on a chat lasts unless renewed; a crashed
	// deliverer's chats are taken over after it. Default 15s.
	Lease time.Duration
	// Now is the clock; default time.Now. It must advance with real time
	// (waits are real), but tests may shift it forward to make retries due.
	Now func() time.Time
	// Log receives the delivery log; default slog.Default().
	Log   *slog.Logger
	Hooks Hooks
}

func (o Options) withDefaults() Options {
	if o.GlobalPerSecond <= 0 {
		o.GlobalPerSecond = 30
	}
	if o.PrivateInterval == 0 {
		o.PrivateInterval = time.Second
	}
	o.PrivateInterval = max(o.PrivateInterval, 0)
	if o.GroupInterval == 0 {
		o.GroupInterval = 3 * time.Second
	}
	o.GroupInterval = max(o.GroupInterval, 0)
	if o.MaxAttempts <= 0 {
		o.MaxAttempts = 8
	}
	if o.Workers <= 0 {
		o.Workers = 8
	}
	if o.Poll <= 0 {
		o.Poll = time.Second
	}
	if o.Drain <= 0 {
		o.Drain = 10 * time.Second
	}
	if o.Owner == "" {
		host, _ := os.Hostname()
		o.Owner = fmt.Sprintf("%s:%d:%x", host, os.Getpid(), rand.Uint32())
	}
	if o.Lease <= 0 {
		o.Lease = 15 * time.Second
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Log == nil {
		o.Log = slog.Default()
	}
	return o
}

const (
	fetchBatch     = 256  // new messages taken per look at the outbox
	maxClaimed     = 4096 // messages held in memory at most
	maxMigrations  = 2    // migrate errors followed for one message
	throttleFactor = 4    // attempts of any kind allowed: throttleFactor×MaxAttempts
)

// Deliverer drains an Outbox through a Sender. It is safe for concurrent
// use; only one Run or Flush drains at a time, and a Flush during Run waits
// for Run to reach an idle point instead.
type Deliverer struct {
	out    Outbox
	sender Sender
	opts   Options
	log    *slog.Logger
	global *limiter

	kick    chan struct{}
	flushes chan chan error
	sem     chan struct{} // held by the draining loop; guards the state below

	chats    map[int64]*chat
	notes    map[int64]*note     // per message, while it is being worked on
	blocked  map[int64]time.Time // chat → when it answered 403
	unmarked map[int64]time.Time // sent, but MarkSent failed: id → sent at
}

// chat is the delivery state of one chat.
type chat struct {
	id    int64
	queue []store.OutMessage // claimed due messages, ID order
	busy  bool               // a message is in flight
	next  time.Time          // pacing: no send before
	// hold says, per lane, until when a message of it waits for its
	// retry; the lane's later messages wait too. allLanes holds them all.
	hold map[string]time.Time
}

// allLanes is the hold key that holds every lane of a chat.
const allLanes = ""

// lane is the line a message queues in within its chat: the first part
// of its key ("reply:…", "digest:…", "admin:…").
func lane(m store.OutMessage) string {
	l, _, _ := strings.Cut(m.Key, ":")
	return l
}

// held reports whether lane l of c waits for a retry at now.
func (c *chat) held(l string, now time.Time) bool {
	return c.hold[l].After(now) || c.hold[allLanes].After(now)
}

// holdLane makes lane l (or allLanes) wait until t.
func (c *chat) holdLane(l string, t time.Time) {
	if c.hold == nil {
		c.hold = map[string]time.Time{}
	}
	c.hold[l] = t
}

// nextHold is the end of c's earliest hold after now (zero when none),
// forgetting holds that are over.
func (c *chat) nextHold(now time.Time) time.Time {
	var next time.Time
	for l, t := range c.hold {
		if !t.After(now) {
			delete(c.hold, l)
			continue
		}
		next = earliest(next, t)
	}
	return next
}

// note is what the Deliverer remembers about one message between attempts.
type note struct {
	throttled  int  // 429s seen in this process
	migrations int  // migrate errors followed
	plain      bool // resend as plain text
}

// New returns a Deliverer; nothing runs until Run or Flush.
func New(out Outbox, s Sender, opts Options) *Deliverer {
	opts = opts.withDefaults()
	return &Deliverer{
		out:      out,
		sender:   s,
		opts:     opts,
		log:      opts.Log,
		global:   newLimiter(opts.GlobalPerSecond, time.Second, opts.Now),
		kick:     make(chan struct{}, 1),
		flushes:  make(chan chan error),
		sem:      make(chan struct{}, 1),
		chats:    make(map[int64]*chat),
		notes:    make(map[int64]*note),
		blocked:  make(map[int64]time.Time),
		unmarked: make(map[int64]time.Time),
	}
}

// Kick wakes Run early, for example right after a digest was enqueued.
func (d *Deliverer) Kick() {
	select {
	case d.kick <- struct{}{}:
	default:
	}
}

// Run delivers until ctx is done. It then stops taking work, lets in-flight
// sends finish (bounded by Options.Drain) and returns nil. Store errors are
// logged and retried at the poll interval.
func (d *Deliverer) Run(ctx context.Context) error {
	select {
	case d.sem <- struct{}{}:
	case <-ctx.Done():
		return nil
	}
	defer func() { <-d.sem }()
	d.loop(ctx, false)
	d.release()
	return nil
}

// release hands this deliverer's chats back at once, so that another
// instance (or the next start) need not wait for the leases to expire.
func (d *Deliverer) release() {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := d.out.ReleaseChats(ctx, d.opts.Owner); err != nil {
		d.log.Warn("deliver: releasing chat leases", "err", botapi.Redact(err.Error()))
	}
}

// errRestart tells a Flush waiting on a loop that the loop stopped first.
var errRestart = errors.New("deliver: loop stopped")

// Flush sends every message that is due now, respecting all limits, and
// returns once nothing is due and nothing is in flight. Messages that wait
// for a retry (429, back-off), and later messages of the same chat and
// lane, are left for later. It returns ctx's error if ctx ends first, or
// the store's error.
func (d *Deliverer) Flush(ctx context.Context) error {
	for {
		w := make(chan error, 1)
		select {
		case d.sem <- struct{}{}:
			err := d.loop(ctx, true)
			<-d.sem
			return err
		case d.flushes <- w:
			select {
			case err := <-w:
				if err == errRestart {
					continue
				}
				return err
			case <-ctx.Done():
				return ctx.Err()
			}
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

func (d *Deliverer) interval(chatID int64) time.Duration {
	if chatID < 0 {
		return d.opts.GroupInterval
	}
	return d.opts.PrivateInterval
}

func (d *Deliverer) chat(id int64) *chat {
	c := d.chats[id]
	if c == nil {
		c = &chat{id: id}
		d.chats[id] = c
	}
	return c
}

func (d *Deliverer) note(id int64) *note {
	n := d.notes[id]
	if n == nil {
		n = &note{}
		d.notes[id] = n
	}
	return n
}

// job is one send handed to a worker.
type job struct {
	msg store.OutMessage
	note
}

type outcome int

const (
	kindAbandoned outcome = iota // not sent (shutdown); message untouched
	kindSent                     // marked sent
	kindFailed                   // marked failed
	kindRetry                    // marked for retry at retryAt
	kindBlocked                  // 403: chat deactivated, message failed
	kindMigrate                  // chat moved to newChat; resend there
	kindReparse                  // HTML rejected; resend as plain text
)

type result struct {
	job
	kind        outcome
	at          time.Time // when the send returned
	retryAt     time.Time
	rateLimited bool   // the retry is for a 429
	newChat     int64  // kindMigrate
	errText     string // redacted
	unmarked    bool   // sent, but MarkSent failed
}

// run is the state of one draining loop.
type run struct {
	d         *Deliverer
	ctx       context.Context // stop taking work when done
	sendCtx   context.Context // in-flight sends and store writes
	jobs      chan job
	results   chan result
	claimed   map[int64]bool // message IDs queued or in flight
	inflight  int
	more      bool // the last fetch was full
	skipped   int  // due messages the last fetch left for held chats
	holdWake  time.Time
	pacedWake time.Time
	waiters   []chan error
}

// loop drains until ctx is done or, with untilIdle, until nothing is due.
func (d *Deliverer) loop(ctx context.Context, untilIdle bool) error {
	sendCtx, cancelSend := context.WithCancel(context.WithoutCancel(ctx))
	defer cancelSend()
	r := &run{
		d:       d,
		ctx:     ctx,
		sendCtx: sendCtx,
		jobs:    make(chan job, d.opts.Workers),
		results: make(chan result, d.opts.Workers),
		claimed: make(map[int64]bool),
	}
	var wg sync.WaitGroup
	for range d.opts.Workers {
		wg.Go(func() {
			for j := range r.jobs {
				r.results <- d.work(ctx, sendCtx, j)
			}
		})
	}

	var (
		err         error
		needFetch   = true
		fresh       bool // the last fetch found nothing to do and nothing happened since
		fetchFailed bool
		lastFetch   time.Time
	)
	timer := time.NewTimer(time.Hour)
	defer timer.Stop()
loop:
	for ctx.Err() == nil {
		now := d.opts.Now()
		if needFetch {
			needFetch = false
			lastFetch = now
			progress, ferr := r.fetch(now)
			fetchFailed = ferr != nil
			switch {
			case ferr != nil && ctx.Err() != nil:
				break loop
			case ferr != nil:
				if untilIdle {
					err = ferr
					break loop
				}
				d.log.Warn("deliver: reading the outbox failed", "err", botapi.Redact(ferr.Error()))
				fresh = false
			default:
				fresh = progress == 0 && !r.more
				if progress == 0 && r.more {
					needFetch = true // everything returned was held; look further
					continue
				}
			}
		}
		r.dispatch(now)
		if r.inflight == 0 && len(r.claimed) == 0 {
			if fresh {
				r.notify(nil)
				if untilIdle {
					break
				}
			} else if !fetchFailed {
				needFetch = true
				continue
			}
		} else if r.more && len(r.claimed) < fetchBatch/2 {
			needFetch = true
			continue
		}

		wake := lastFetch.Add(d.opts.Poll)
		if !r.holdWake.IsZero() && r.holdWake.Before(wake) {
			wake = r.holdWake
		}
		if !r.pacedWake.IsZero() && r.pacedWake.Before(wake) {
			wake = r.pacedWake
		}
		timer.Reset(max(wake.Sub(now), 0))
		select {
		case res := <-r.results:
			r.handle(res)
			fresh = false
		case <-timer.C:
			now := d.opts.Now()
			if !now.Before(lastFetch.Add(d.opts.Poll)) || (!r.holdWake.IsZero() && !now.Before(r.holdWake)) {
				needFetch = true
			}
		case <-d.kick:
			needFetch = true
		case w := <-d.flushes:
			r.waiters = append(r.waiters, w)
			needFetch = true
			fresh = false
		case <-ctx.Done():
		}
	}

	// Stop taking work; let what is in flight finish. At Drain the sends'
	// context is cancelled; a Sender that ignores it is abandoned shortly
	// after, so shutdown stays bounded.
	stop := time.AfterFunc(d.opts.Drain, cancelSend)
	giveUp := time.NewTimer(d.opts.Drain + min(d.opts.Drain, time.Second))
drain:
	for r.inflight > 0 {
		select {
		case res := <-r.results:
			r.handle(res)
		case <-giveUp.C:
			d.log.Warn("deliver: sends still in flight at shutdown; abandoning them", "sends", r.inflight)
			break drain
		}
	}
	stop.Stop()
	giveUp.Stop()
	close(r.jobs)
	if r.inflight == 0 {
		wg.Wait()
	}
	for id, c := range d.chats {
		c.queue, c.busy = nil, false
		d.prune(id, c, d.opts.Now())
	}
	r.notify(errRestart)
	if err == nil && untilIdle && ctx.Err() != nil {
		err = ctx.Err()
	}
	return err
}

func (r *run) notify(err error) {
	for _, w := range r.waiters {
		w <- err
	}
	r.waiters = nil
}

// maxHeld is how many messages a deliverer claims at most.
func (d *Deliverer) maxHeld() int {
	return max(16, int(d.opts.GlobalPerSecond*d.opts.Lease.Seconds()/3))
}

// fetch claims due messages and reports how many it claimed or settled.
func (r *run) fetch(now time.Time) (progress int, err error) {
	d := r.d
	// Hold no more than can be sent in a third of a lease: claimed chats
	// wait for this deliverer, and after a crash for their leases to run
	// out, so claiming more only starves other instances.
	limit := min(fetchBatch+len(r.claimed)+r.skipped, d.maxHeld())
	msgs, err := d.out.ClaimDue(r.ctx, d.opts.Owner, now, d.opts.Lease, limit)
	if err != nil {
		r.more = false
		return 0, err
	}
	r.more = len(msgs) >= limit
	r.skipped = 0
	for _, m := range msgs {
		if r.claimed[m.ID] {
			continue
		}
		if at, ok := d.unmarked[m.ID]; ok { // sent before; only the mark is missing
			if err := d.out.MarkSent(r.sendCtx, m.ID, at); err == nil {
				delete(d.unmarked, m.ID)
				delete(d.notes, m.ID)
				progress++
			}
			continue
		}
		if at, ok := d.blocked[m.ChatID]; ok && !m.Created.After(at) {
			if err := d.out.MarkFailed(r.sendCtx, m.ID, "deliver: chat blocked the bot"); err != nil {
				d.log.Error("deliver: marking a message failed", "chat", m.ChatID, "msg", m.ID, "err", botapi.Redact(err.Error()))
				continue
			}
			delete(d.notes, m.ID)
			progress++
			continue
		}
		c := d.chat(m.ChatID)
		if c.held(lane(m), now) {
			r.skipped++
			continue
		}
		if len(r.claimed) >= maxClaimed {
			continue
		}
		r.claim(c, m)
		progress++
	}
	// Forget blocks old enough that nothing queued before them is left.
	for id, at := range d.blocked {
		if now.Sub(at) > time.Hour {
			delete(d.blocked, id)
		}
	}
	// A full fetch at the cap that brought nothing new brings the same
	// messages if repeated: the oldest due are all held here already (a
	// deliverer can hold more than the cap, once the chats of a crashed
	// one come free) or wait for a retry. Looking further at once would
	// spin on ClaimDue and never send them; wait for sends or the poll.
	if progress == 0 && limit >= d.maxHeld() {
		r.more = false
	}
	return progress, nil
}

// claim inserts m into its chat's queue in ID order.
func (r *run) claim(c *chat, m store.OutMessage) {
	i, _ := slices.BinarySearchFunc(c.queue, m.ID, func(q store.OutMessage, id int64) int {
		switch {
		case q.ID < id:
			return -1
		case q.ID > id:
			return 1
		}
		return 0
	})
	c.queue = slices.Insert(c.queue, i, m)
	r.claimed[m.ID] = true
}

// dispatch hands ready chats' next messages to idle workers, oldest first,
// and notes when the next chat becomes ready.
func (r *run) dispatch(now time.Time) {
	d := r.d
	idle := d.opts.Workers - r.inflight
	r.holdWake, r.pacedWake = time.Time{}, time.Time{}
	var ready []*chat // the idle oldest, by head message ID
	for id, c := range d.chats {
		if c.busy {
			continue
		}
		if h := c.nextHold(now); !h.IsZero() {
			r.holdWake = earliest(r.holdWake, h) // its lane is fetched again then
		}
		if len(c.queue) == 0 {
			d.prune(id, c, now)
			continue
		}
		// The queue holds no message of a held lane: fetch skips them, and
		// a retry hands its lane's queued messages back.
		if c.next.After(now) {
			r.pacedWake = earliest(r.pacedWake, c.next)
			continue
		}
		if idle == 0 {
			continue
		}
		if len(ready) == idle && c.queue[0].ID > ready[len(ready)-1].queue[0].ID {
			continue
		}
		i := len(ready)
		for i > 0 && ready[i-1].queue[0].ID > c.queue[0].ID {
			i--
		}
		ready = slices.Insert(ready, i, c)
		if len(ready) > idle {
			ready = ready[:idle]
		}
	}
	for _, c := range ready {
		m := c.queue[0]
		c.queue = c.queue[1:]
		c.busy = true
		r.inflight++
		j := job{msg: m}
		if n := d.notes[m.ID]; n != nil {
			j.note = *n
		}
		r.jobs <- j
	}
}

// prune forgets a chat with nothing left to remember.
func (d *Deliverer) prune(id int64, c *chat, now time.Time) {
	if len(c.queue) == 0 && !c.busy && !c.next.After(now) && c.nextHold(now).IsZero() {
		delete(d.chats, id)
	}
}

// handle applies a worker's result to the loop's state.
func (r *run) handle(res result) {
	d := r.d
	r.inflight--
	m := res.msg
	c := d.chat(m.ChatID)
	c.busy = false
	log := d.log.With("chat", m.ChatID, "msg", m.ID)
	switch res.kind {
	case kindAbandoned:
		c.queue = slices.Insert(c.queue, 0, m)
	case kindSent, kindFailed:
		delete(r.claimed, m.ID)
		delete(d.notes, m.ID)
		c.next = res.at.Add(d.interval(c.id))
		if res.unmarked {
			d.unmarked[m.ID] = res.at
			// The store took no record of the send (a full disk, say):
			// every queued message sent now would go out again after a
			// restart. Hand the queues back, so that only the sends in
			// flight go unrecorded; the next fetch claims them again once
			// the store takes writes (while it does not, ClaimDue fails).
			for _, q := range d.chats {
				r.unclaim(q, allLanes)
			}
		}
	case kindRetry:
		delete(r.claimed, m.ID)
		if res.rateLimited {
			d.note(m.ID).throttled++
		}
		c.next = res.at.Add(d.interval(c.id))
		c.holdLane(lane(m), res.retryAt)
		r.unclaim(c, lane(m)) // later messages of its lane wait for this one
	case kindReparse:
		d.note(m.ID).plain = true
		c.next = res.at.Add(d.interval(c.id))
		c.queue = slices.Insert(c.queue, 0, m)
	case kindBlocked:
		delete(r.claimed, m.ID)
		delete(d.notes, m.ID)
		d.blocked[c.id] = res.at
		for _, q := range c.queue {
			delete(r.claimed, q.ID)
			delete(d.notes, q.ID)
			if err := d.out.MarkFailed(r.sendCtx, q.ID, "deliver: chat blocked the bot: "+res.errText); err != nil {
				log.Error("deliver: marking a message failed", "id", q.ID, "err", botapi.Redact(err.Error()))
			}
		}
		log.Info("deliver: chat blocked the bot; deactivated", "err", res.errText, "dropped", len(c.queue))
		c.queue = nil
		c.next = res.at.Add(d.interval(c.id))
	case kindMigrate:
		r.migrate(c, res)
	}
}

// unclaim returns a chat's queued messages of lane l (allLanes: all of
// them) to the outbox.
func (r *run) unclaim(c *chat, l string) {
	kept := c.queue[:0]
	for _, q := range c.queue {
		if l == allLanes || lane(q) == l {
			delete(r.claimed, q.ID)
		} else {
			kept = append(kept, q)
		}
	}
	c.queue = kept
}

// migrate follows a group that became a supergroup: the store moves the
// subscriber and its pending messages, and the queue moves here, with the
// message that hit the error first in line for the new chat.
func (r *run) migrate(old *chat, res result) {
	d := r.d
	m := res.msg
	log := d.log.With("chat", old.id, "msg", m.ID, "to", res.newChat)
	if err := d.out.MoveSubscriber(r.sendCtx, old.id, res.newChat); err != nil {
		log.Error("deliver: moving a migrated chat failed", "err", botapi.Redact(err.Error()))
		delete(r.claimed, m.ID)
		next := res.at.Add(backoff(1))
		if err := d.out.MarkRetry(r.sendCtx, m.ID, next, res.errText); err != nil {
			log.Error("deliver: marking a message for retry failed", "err", botapi.Redact(err.Error()))
		}
		old.holdLane(allLanes, next)
		r.unclaim(old, allLanes)
		return
	}
	log.Info("deliver: chat migrated to a supergroup; resending there")
	d.note(m.ID).migrations++
	nc := d.chat(res.newChat)
	queue := append([]store.OutMessage{m}, old.queue...)
	old.queue = nil
	delete(d.chats, old.id)
	for _, q := range queue {
		q.ChatID = nc.id
		delete(r.claimed, q.ID)
		r.claim(nc, q)
	}
}

func earliest(a, b time.Time) time.Time {
	if a.IsZero() || b.Before(a) {
		return b
	}
	return a
}

func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}
