package deliver

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/go-telegram/bot"

	"github.com/newsdigest/newsdigest/internal/store"
)

// Errors shaped exactly as go-telegram/bot v1.19.0 builds them (raw_request.go).
func tooMany(retryAfter int) error {
	return &bot.TooManyRequestsError{
		Message:    fmt.Sprintf("%s, %s", bot.ErrorTooManyRequests, fmt.Sprintf("Too Many Requests: retry after %d", retryAfter)),
		RetryAfter: retryAfter,
	}
}

func forbidden() error {
	return fmt.Errorf("%w, %s", bot.ErrorForbidden, "Forbidden: bot was blocked by the user")
}

func migrated(to int) error {
	return &bot.MigrateError{
		Message:         fmt.Sprintf("%s: %s", bot.ErrorBadRequest, "Bad Request: group chat was upgraded to a supergroup chat"),
		MigrateToChatID: to,
	}
}

func badRequest(desc string) error { return fmt.Errorf("%w, %s", bot.ErrorBadRequest, desc) }

func parseError() error {
	return badRequest(`Bad Request: can't parse entities: Unsupported start tag "x" at byte offset 8`)
}

func serverError(code int, text string) error {
	return fmt.Errorf("error response from telegram for method %s, %d %s", "sendMessage", code, text)
}

func networkError() error {
	return fmt.Errorf("error do request for method %s, %w", "sendMessage",
		&url.Error{Op: "Post", URL: "https://api.telegram.org/bot***/sendMessage", Err: errors.New("read: connection reset by peer")})
}

// clock is real time shifted by an offset that tests move forward, so that
// retries become due without waiting.
type clock struct{ off atomic.Int64 }

func (c *clock) Now() time.Time          { return time.Now().Add(time.Duration(c.off.Load())) }
func (c *clock) Advance(d time.Duration) { c.off.Add(int64(d)) }

// memOutbox is an in-memory Outbox that also checks how it is used.
type memOutbox struct {
	t  testing.TB
	mu sync.Mutex

	msgs     []*store.OutMessage // ID order
	inactive map[int64]bool
	moves    [][2]int64
	dueCalls int
}

func newOutbox(t testing.TB) *memOutbox {
	return &memOutbox{t: t, inactive: map[int64]bool{}}
}

// add queues a digest message.
func (o *memOutbox) add(chatID int64, text string, html bool) int64 {
	return o.addIn("digest", chatID, text, html)
}

// addIn queues a message in a lane ("digest", "reply", …).
func (o *memOutbox) addIn(lane string, chatID int64, text string, html bool) int64 {
	o.mu.Lock()
	defer o.mu.Unlock()
	id := int64(len(o.msgs) + 1)
	o.msgs = append(o.msgs, &store.OutMessage{
		ID: id, Key: fmt.Sprintf("%s:%d:%d", lane, chatID, id), ChatID: chatID, Text: text, HTML: html,
		Status: store.StatusPending, Created: time.Now(),
	})
	return id
}

func (o *memOutbox) get(id int64) store.OutMessage {
	o.mu.Lock()
	defer o.mu.Unlock()
	return *o.msgs[id-1]
}

func (o *memOutbox) pending() int {
	o.mu.Lock()
	defer o.mu.Unlock()
	n := 0
	for _, m := range o.msgs {
		if m.Status == store.StatusPending {
			n++
		}
	}
	return n
}

// ReleaseChats has nothing to release: the fake keeps no leases.
func (o *memOutbox) ReleaseChats(context.Context, string) error { return nil }

// ClaimDue ignores leases: one deliverer uses the fake.
func (o *memOutbox) ClaimDue(ctx context.Context, owner string, now time.Time, lease time.Duration, limit int) ([]store.OutMessage, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	o.dueCalls++
	var out []store.OutMessage
	for _, m := range o.msgs {
		if len(out) == limit {
			break
		}
		if m.Status == store.StatusPending && !m.NextAttempt.After(now) {
			out = append(out, *m)
		}
	}
	return out, nil
}

func (o *memOutbox) update(id int64, f func(m *store.OutMessage)) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	if id < 1 || int(id) > len(o.msgs) {
		return fmt.Errorf("no message %d", id)
	}
	m := o.msgs[id-1]
	if m.Status != store.StatusPending {
		o.t.Errorf("message %d updated while %s", id, m.Status)
	}
	m.Attempts++
	f(m)
	return nil
}

func (o *memOutbox) MarkSent(_ context.Context, id int64, at time.Time) error {
	return o.update(id, func(m *store.OutMessage) { m.Status, m.Sent, m.LastError = store.StatusSent, at, "" })
}

func (o *memOutbox) MarkRetry(_ context.Context, id int64, next time.Time, errText string) error {
	return o.update(id, func(m *store.OutMessage) { m.NextAttempt, m.LastError = next, errText })
}

func (o *memOutbox) MarkFailed(_ context.Context, id int64, errText string) error {
	return o.update(id, func(m *store.OutMessage) { m.Status, m.LastError = store.StatusFailed, errText })
}

func (o *memOutbox) SetActive(_ context.Context, chatID int64, active bool) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.inactive[chatID] = !active
	return nil
}

func (o *memOutbox) MoveSubscriber(_ context.Context, from, to int64) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.moves = append(o.moves, [2]int64{from, to})
	for _, m := range o.msgs {
		if m.ChatID == from && m.Status == store.StatusPending {
			m.ChatID = to
		}
	}
	return nil
}

// senderFunc adapts a function to Sender.
type senderFunc func(ctx context.Context, m Message) error

func (f senderFunc) Send(ctx context.Context, m Message) error { return f(ctx, m) }

// call is one Send the fake saw.
type call struct {
	at  time.Time
	m   Message
	err error
}

// fakeSender records every call and answers with fn (nil: accepted). It
// reports two sends in flight to one chat.
type fakeSender struct {
	t   testing.TB
	now func() time.Time
	fn  func(n int, m Message) error // n counts calls from 0

	mu       sync.Mutex
	calls    []call
	inflight map[int64]bool
}

func newSender(t testing.TB, now func() time.Time, fn func(n int, m Message) error) *fakeSender {
	return &fakeSender{t: t, now: now, fn: fn, inflight: map[int64]bool{}}
}

func (s *fakeSender) Send(ctx context.Context, m Message) error {
	s.mu.Lock()
	n := len(s.calls)
	s.calls = append(s.calls, call{at: s.now(), m: m})
	if s.inflight[m.ChatID] {
		s.t.Errorf("two sends in flight to chat %d", m.ChatID)
	}
	s.inflight[m.ChatID] = true
	s.mu.Unlock()

	var err error
	if s.fn != nil {
		err = s.fn(n, m)
	}

	s.mu.Lock()
	delete(s.inflight, m.ChatID)
	s.calls[n].err = err
	s.mu.Unlock()
	return err
}

func (s *fakeSender) all() []call {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.calls)
}

// to returns the calls to one chat.
func (s *fakeSender) to(chatID int64) []call {
	var out []call
	for _, c := range s.all() {
		if c.m.ChatID == chatID {
			out = append(out, c)
		}
	}
	return out
}

func texts(calls []call) []string {
	var out []string
	for _, c := range calls {
		out = append(out, c.m.Text)
	}
	return out
}

// logBuffer collects log output safely.
type logBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func discardLog() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// fastOptions keep tests quick: high global rate, tiny per-chat gaps.
func fastOptions(clk *clock, log *slog.Logger) Options {
	if log == nil {
		log = discardLog()
	}
	return Options{
		GlobalPerSecond: 1000,
		PrivateInterval: time.Millisecond,
		GroupInterval:   time.Millisecond,
		Poll:            20 * time.Millisecond,
		Now:             clk.Now,
		Log:             log,
	}
}

func flush(t testing.TB, d *Deliverer) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := d.Flush(ctx); err != nil {
		t.Fatalf("Flush: %v", err)
	}
}
