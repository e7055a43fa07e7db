package deliver

import (
	"context"
	"fmt"
	"log/slog"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/newsdigest/newsdigest/internal/store"
)

// TestOutcomes sends one message per case and checks what the outbox and
// the chat end up with.
func TestOutcomes(t *testing.T) {
	const secret = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"
	tests := []struct {
		name       string
		chat       int64
		html       bool
		errs       []error // answers to successive calls; nil after
		wantStatus string
		wantCalls  int
		wantRetry  [2]time.Duration // pending: next attempt minus last call, within
		inactive   bool
		check      func(t *testing.T, o *memOutbox, calls []call)
	}{
		{name: "accepted", chat: 1, wantStatus: store.StatusSent, wantCalls: 1},
		{name: "429 waits retry_after", chat: 1, errs: []error{tooMany(3)},
			wantStatus: store.StatusPending, wantCalls: 1, wantRetry: [2]time.Duration{3 * time.Second, 3*time.Second + 200*time.Millisecond}},
		{name: "403 deactivates", chat: 1, errs: []error{forbidden()},
			wantStatus: store.StatusFailed, wantCalls: 1, inactive: true},
		{name: "400 too long fails", chat: 1, errs: []error{badRequest("Bad Request: message is too long")},
			wantStatus: store.StatusFailed, wantCalls: 1,
			check: func(t *testing.T, o *memOutbox, _ []call) {
				if e := o.get(1).LastError; !strings.Contains(e, "message is too long") {
					t.Errorf("LastError = %q", e)
				}
			}},
		{name: "400 chat not found fails", chat: -5, errs: []error{badRequest("Bad Request: chat not found")},
			wantStatus: store.StatusFailed, wantCalls: 1},
		{name: "invalid markup fails", chat: 1, errs: []error{fmt.Errorf("%w: reply markup: bad json", ErrInvalid)},
			wantStatus: store.StatusFailed, wantCalls: 1},
		{name: "502 backs off", chat: 1, errs: []error{serverError(502, "Bad Gateway")},
			wantStatus: store.StatusPending, wantCalls: 1, wantRetry: [2]time.Duration{1500 * time.Millisecond, 2600 * time.Millisecond}},
		{name: "network error backs off", chat: -7, errs: []error{networkError()},
			wantStatus: store.StatusPending, wantCalls: 1, wantRetry: [2]time.Duration{1500 * time.Millisecond, 2600 * time.Millisecond}},
		{name: "token never stored", chat: 1,
			errs:       []error{fmt.Errorf(`error do request for method sendMessage, Post "https://api.telegram.org/bot%s/sendMessage": EOF`, secret)},
			wantStatus: store.StatusPending, wantCalls: 1, wantRetry: [2]time.Duration{1500 * time.Millisecond, 2600 * time.Millisecond},
			check: func(t *testing.T, o *memOutbox, _ []call) {
				if e := o.get(1).LastError; strings.Contains(e, "AAHdq") || !strings.Contains(e, "bot<redacted>/sendMessage") {
					t.Errorf("LastError = %q", e)
				}
			}},
		{name: "migrate resends to the supergroup", chat: -100, errs: []error{migrated(-1001)},
			wantStatus: store.StatusSent, wantCalls: 2,
			check: func(t *testing.T, o *memOutbox, calls []call) {
				if calls[1].m.ChatID != -1001 {
					t.Errorf("resent to %d, want -1001", calls[1].m.ChatID)
				}
				if !slices.Equal(o.moves, [][2]int64{{-100, -1001}}) {
					t.Errorf("moves = %v", o.moves)
				}
			}},
		{name: "migrate loop gives up", chat: -100, errs: []error{migrated(-1001), migrated(-1002), migrated(-1003)},
			wantStatus: store.StatusFailed, wantCalls: 3},
		{name: "bad HTML resent as plain text", chat: 1, html: true, errs: []error{parseError()},
			wantStatus: store.StatusSent, wantCalls: 2,
			check: func(t *testing.T, _ *memOutbox, calls []call) {
				if calls[1].m.HTML || calls[1].m.Text != "Tom & Jerry <x" {
					t.Errorf("resent %+v", calls[1].m)
				}
			}},
		{name: "plain text rejected too", chat: 1, html: true, errs: []error{parseError(), parseError()},
			wantStatus: store.StatusFailed, wantCalls: 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clk := &clock{}
			logs := &logBuffer{}
			o := newOutbox(t)
			o.add(tt.chat, "<b>Tom &amp; Jerry</b> <x", tt.html)
			s := newSender(t, clk.Now, func(n int, _ Message) error {
				if n < len(tt.errs) {
					return tt.errs[n]
				}
				return nil
			})
			d := New(o, s, fastOptions(clk, slog.New(slog.NewTextHandler(logs, nil))))
			flush(t, d)

			m, calls := o.get(1), s.all()
			if m.Status != tt.wantStatus || len(calls) != tt.wantCalls {
				t.Fatalf("status %s after %d calls, want %s after %d (last error %q)", m.Status, len(calls), tt.wantStatus, tt.wantCalls, m.LastError)
			}
			if tt.wantStatus == store.StatusPending {
				got := m.NextAttempt.Sub(calls[len(calls)-1].at)
				if got < tt.wantRetry[0] || got > tt.wantRetry[1] {
					t.Errorf("retry in %v, want %v..%v", got, tt.wantRetry[0], tt.wantRetry[1])
				}
				if m.Attempts != 1 {
					t.Errorf("attempts = %d, want 1", m.Attempts)
				}
			}
			if got := o.inactive[m.ChatID]; got != tt.inactive {
				t.Errorf("inactive = %v, want %v", got, tt.inactive)
			}
			if strings.Contains(logs.String(), "AAHdq") {
				t.Error("token in the log")
			}
			if tt.check != nil {
				tt.check(t, o, calls)
			}
		})
	}
}

func TestOrderPerChat(t *testing.T) {
	clk := &clock{}
	o := newOutbox(t)
	chats := []int64{1, 2, -3}
	for i := range 6 {
		for _, c := range chats {
			o.add(c, fmt.Sprintf("%d/%d", c, i), false)
		}
	}
	s := newSender(t, clk.Now, func(int, Message) error {
		time.Sleep(time.Millisecond) // let sends overlap
		return nil
	})
	opts := fastOptions(clk, nil)
	opts.PrivateInterval, opts.GroupInterval = 10*time.Millisecond, 20*time.Millisecond
	flush(t, New(o, s, opts))

	for _, c := range chats {
		calls := s.to(c)
		var want []string
		for i := range 6 {
			want = append(want, fmt.Sprintf("%d/%d", c, i))
		}
		if got := texts(calls); !slices.Equal(got, want) {
			t.Errorf("chat %d got %v, want %v", c, got, want)
		}
		gap := opts.PrivateInterval
		if c < 0 {
			gap = opts.GroupInterval
		}
		for i := 1; i < len(calls); i++ {
			if d := calls[i].at.Sub(calls[i-1].at); d < gap {
				t.Errorf("chat %d: %v between sends, want ≥ %v", c, d, gap)
			}
		}
	}
	if n := o.pending(); n != 0 {
		t.Errorf("%d pending after Flush", n)
	}
}

// TestLanes: a message waiting for its retry holds back the later
// messages of its own lane in that chat, not the other lanes: replies to
// a person's commands go while a digest waits out a retry_after of hours
// or a back-off, and the digest's order is kept.
func TestLanes(t *testing.T) {
	for _, tc := range []struct {
		name string
		fail error
	}{
		{"429 for two hours", tooMany(7200)},
		{"server error", serverError(502, "Bad Gateway")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			clk := &clock{}
			o := newOutbox(t)
			o.add(1, "digest 1", false)
			o.add(1, "digest 2", false)
			o.addIn("reply", 1, "reply 1", false)
			o.addIn("reply", 1, "reply 2", false)
			failed := false
			s := newSender(t, clk.Now, func(_ int, m Message) error {
				if m.Text == "digest 1" && !failed {
					failed = true
					return tc.fail
				}
				return nil
			})
			d := New(o, s, fastOptions(clk, nil))
			flush(t, d)
			if got := texts(s.to(1)); !slices.Equal(got, []string{"digest 1", "reply 1", "reply 2"}) {
				t.Fatalf("chat got %v, want the replies to go while the digest waits", got)
			}
			if m := o.get(2); m.Status != store.StatusPending || m.Attempts != 0 {
				t.Errorf("digest 2 = %s after %d attempts, want waiting behind digest 1", m.Status, m.Attempts)
			}
			clk.Advance(3 * time.Hour)
			flush(t, d)
			if got := texts(s.to(1)); !slices.Equal(got, []string{"digest 1", "reply 1", "reply 2", "digest 1", "digest 2"}) {
				t.Errorf("after the retry the chat got %v", got)
			}
		})
	}
}

func TestRateLimitDelaysOnlyThatChat(t *testing.T) {
	clk := &clock{}
	o := newOutbox(t)
	o.add(1, "a1", false)
	o.add(2, "b1", false)
	o.add(1, "a2", false)
	o.add(2, "b2", false)
	limited := false
	s := newSender(t, clk.Now, func(_ int, m Message) error {
		if m.Text == "a1" && !limited {
			limited = true
			return tooMany(3)
		}
		return nil
	})
	d := New(o, s, fastOptions(clk, nil))
	start := time.Now()
	flush(t, d)
	if el := time.Since(start); el > time.Second {
		t.Errorf("Flush waited %v for a held chat", el)
	}
	if got := texts(s.to(2)); !slices.Equal(got, []string{"b1", "b2"}) {
		t.Errorf("chat 2 got %v while chat 1 waited", got)
	}
	if got := texts(s.to(1)); !slices.Equal(got, []string{"a1"}) {
		t.Errorf("chat 1 got %v; a2 must wait behind a1", got)
	}
	if m := o.get(3); m.Status != store.StatusPending || m.Attempts != 0 {
		t.Errorf("a2 = %s after %d attempts, want untouched", m.Status, m.Attempts)
	}

	// Before retry_after nothing goes to chat 1; after it, both in order.
	clk.Advance(2 * time.Second)
	flush(t, d)
	if n := len(s.to(1)); n != 1 {
		t.Fatalf("chat 1 got %d sends before retry_after", n)
	}
	clk.Advance(1500 * time.Millisecond)
	flush(t, d)
	calls := s.to(1)
	if got := texts(calls); !slices.Equal(got, []string{"a1", "a1", "a2"}) {
		t.Errorf("chat 1 got %v", got)
	}
	if gap := calls[1].at.Sub(calls[0].at); gap < 3*time.Second {
		t.Errorf("retried after %v, want ≥ retry_after 3s", gap)
	}
	if n := o.pending(); n != 0 {
		t.Errorf("%d pending", n)
	}
}

func TestBlockedChatDropsItsMessages(t *testing.T) {
	clk := &clock{}
	logs := &logBuffer{}
	o := newOutbox(t)
	for i := range 3 {
		o.add(7, fmt.Sprint("blocked ", i), false)
		o.add(8, fmt.Sprint("fine ", i), false)
	}
	s := newSender(t, clk.Now, func(_ int, m Message) error {
		if m.ChatID == 7 {
			return forbidden()
		}
		return nil
	})
	d := New(o, s, fastOptions(clk, slog.New(slog.NewTextHandler(logs, nil))))
	flush(t, d)

	if n := len(s.to(7)); n != 1 {
		t.Errorf("blocked chat got %d sends, want 1", n)
	}
	if n := len(s.to(8)); n != 3 {
		t.Errorf("other chat got %d sends, want 3", n)
	}
	for _, id := range []int64{1, 3, 5} {
		if m := o.get(id); m.Status != store.StatusFailed {
			t.Errorf("message %d to the blocked chat is %s", id, m.Status)
		}
	}
	if !o.inactive[7] || o.inactive[8] {
		t.Errorf("inactive = %v", o.inactive)
	}
	if l := logs.String(); !strings.Contains(l, "level=INFO") || !strings.Contains(l, "chat=7") {
		t.Errorf("want an info log for chat 7, got %q", l)
	}

	// A message queued after the block (the user came back) is tried again.
	o.add(7, "welcome back", false)
	s.fn = nil
	clk.Advance(time.Second)
	flush(t, d)
	if got := texts(s.to(7)); len(got) != 2 || got[1] != "welcome back" {
		t.Errorf("chat 7 got %v", got)
	}
}

func TestMigrateMovesAndResendsInOrder(t *testing.T) {
	clk := &clock{}
	o := newOutbox(t)
	o.add(-100, "one", true)
	o.add(-100, "two", true)
	o.add(-100, "three", true)
	s := newSender(t, clk.Now, func(_ int, m Message) error {
		if m.ChatID == -100 {
			return migrated(-1009)
		}
		return nil
	})
	flush(t, New(o, s, fastOptions(clk, nil)))
	if got := texts(s.to(-100)); !slices.Equal(got, []string{"one"}) {
		t.Errorf("old chat got %v", got)
	}
	if got := texts(s.to(-1009)); !slices.Equal(got, []string{"one", "two", "three"}) {
		t.Errorf("new chat got %v", got)
	}
	if !slices.Equal(o.moves, [][2]int64{{-100, -1009}}) {
		t.Errorf("moves = %v", o.moves)
	}
	if n := o.pending(); n != 0 {
		t.Errorf("%d pending", n)
	}
}

func TestParseErrorLogsAndResendsPlain(t *testing.T) {
	clk := &clock{}
	logs := &logBuffer{}
	o := newOutbox(t)
	o.add(42, `<b>Rates &lt; 5%</b> say <a href="https://ex.com/a?b=1&amp;c=2">officials</a> <i>unclosed`, true)
	s := newSender(t, clk.Now, func(_ int, m Message) error {
		if m.HTML {
			return parseError()
		}
		return nil
	})
	flush(t, New(o, s, fastOptions(clk, slog.New(slog.NewTextHandler(logs, nil)))))
	calls := s.all()
	if len(calls) != 2 {
		t.Fatalf("%d calls, want 2", len(calls))
	}
	if want := "Rates < 5% say officials (https://ex.com/a?b=1&c=2) unclosed"; calls[1].m.Text != want {
		t.Errorf("plain text %q, want %q", calls[1].m.Text, want)
	}
	if m := o.get(1); m.Status != store.StatusSent {
		t.Errorf("status %s", m.Status)
	}
	l := logs.String()
	if !strings.Contains(l, "level=ERROR") || !strings.Contains(l, "chat=42") || !strings.Contains(l, "can't parse entities") {
		t.Errorf("want an error log with chat and error, got %q", l)
	}
}

func TestServerErrorsRetryThenFail(t *testing.T) {
	clk := &clock{}
	o := newOutbox(t)
	o.add(1, "x", false)
	o.add(1, "y", false) // waits behind x the whole time
	o.add(2, "z", false)
	s := newSender(t, clk.Now, func(_ int, m Message) error {
		if m.Text == "x" {
			return serverError(500, "Internal Server Error")
		}
		return nil
	})
	opts := fastOptions(clk, nil)
	opts.MaxAttempts = 4
	d := New(o, s, opts)
	flush(t, d)
	for attempt := 1; attempt < opts.MaxAttempts; attempt++ {
		m := o.get(1)
		if m.Status != store.StatusPending || m.Attempts != attempt {
			t.Fatalf("after attempt %d: %s, attempts %d", attempt, m.Status, m.Attempts)
		}
		calls := s.to(1)
		want := 2 * time.Second << (attempt - 1)
		if got := m.NextAttempt.Sub(calls[len(calls)-1].at); got < want*3/4 || got > want*5/4+100*time.Millisecond {
			t.Errorf("attempt %d: back-off %v, want %v ±25%%", attempt, got, want)
		}
		if slices.Contains(texts(calls), "y") {
			t.Fatal("y overtook x")
		}
		clk.Advance(want * 2)
		flush(t, d)
	}
	if m := o.get(1); m.Status != store.StatusFailed || m.Attempts != opts.MaxAttempts {
		t.Errorf("x: %s after %d attempts", m.Status, m.Attempts)
	}
	if got := texts(s.to(1)); len(got) != opts.MaxAttempts+1 || got[len(got)-1] != "y" {
		t.Errorf("chat 1 got %v", got)
	}
	if m := o.get(3); m.Status != store.StatusSent {
		t.Errorf("z: %s", m.Status)
	}
}

func TestThrottlesDoNotUseUpAttempts(t *testing.T) {
	clk := &clock{}
	o := newOutbox(t)
	o.add(1, "x", false)
	answers := []error{tooMany(1), tooMany(1), tooMany(1), serverError(502, "Bad Gateway"), nil}
	s := newSender(t, clk.Now, func(n int, _ Message) error { return answers[n] })
	opts := fastOptions(clk, nil)
	opts.MaxAttempts = 2 // one 5xx retry allowed
	d := New(o, s, opts)
	for range answers {
		flush(t, d)
		clk.Advance(5 * time.Second)
	}
	if m := o.get(1); m.Status != store.StatusSent {
		t.Errorf("status %s after %d attempts (%s); 429s counted against MaxAttempts?", m.Status, m.Attempts, m.LastError)
	}
}

func TestFlushReturnsWhenDone(t *testing.T) {
	clk := &clock{}
	o := newOutbox(t)
	s := newSender(t, clk.Now, nil)
	d := New(o, s, fastOptions(clk, nil))

	flush(t, d) // empty outbox

	id := o.add(1, "later", false)
	o.mu.Lock()
	o.msgs[id-1].NextAttempt = clk.Now().Add(time.Hour)
	o.mu.Unlock()
	for i := range 300 {
		o.add(int64(i%40+2), "now", false)
	}
	flush(t, d)
	if n := o.pending(); n != 1 {
		t.Errorf("%d pending after Flush, want only the future one", n)
	}
	if n := len(s.all()); n != 300 {
		t.Errorf("%d sends, want 300", n)
	}

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	o.add(1, "no time", false)
	if err := d.Flush(ctx); err == nil {
		t.Error("Flush with a done context returned nil")
	}
}

func TestRunKickFlushAndShutdown(t *testing.T) {
	clk := &clock{}
	o := newOutbox(t)
	entered := make(chan string, 100)
	release := make(chan struct{})
	s := newSender(t, clk.Now, func(_ int, m Message) error {
		entered <- m.Text
		if m.Text == "slow" {
			<-release
		}
		return nil
	})
	opts := fastOptions(clk, nil)
	opts.Poll = time.Hour // only Kick and Flush wake it
	d := New(o, s, opts)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- d.Run(ctx) }()

	o.add(1, "kicked", false)
	d.Kick()
	select {
	case <-entered:
	case <-time.After(3 * time.Second):
		t.Fatal("Kick did not wake Run")
	}

	// Idle, Run sleeps until the poll instead of spinning on the outbox.
	time.Sleep(20 * time.Millisecond)
	o.mu.Lock()
	before := o.dueCalls
	o.mu.Unlock()
	time.Sleep(100 * time.Millisecond)
	o.mu.Lock()
	after := o.dueCalls
	o.mu.Unlock()
	if after != before {
		t.Errorf("idle Run read the outbox %d times in 100ms with a 1h poll", after-before)
	}

	// Flush while Run drains waits for Run, not for the poll.
	for i := range 20 {
		o.add(int64(i+10), "flushed", false)
	}
	fctx, fcancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer fcancel()
	if err := d.Flush(fctx); err != nil {
		t.Fatalf("Flush during Run: %v", err)
	}
	if n := o.pending(); n != 0 {
		t.Errorf("%d pending after Flush during Run", n)
	}

	// Shutdown lets the in-flight send finish and records it.
	id := o.add(2, "slow", false)
	d.Kick()
	for txt := range entered {
		if txt == "slow" {
			break
		}
	}
	cancel()
	time.Sleep(20 * time.Millisecond)
	close(release)
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Run = %v", err)
		}
	case <-time.After(3 * time.Second):
		t.Fatal("Run did not return after cancel")
	}
	if m := o.get(id); m.Status != store.StatusSent {
		t.Errorf("in-flight message is %s after shutdown", m.Status)
	}
}

func TestShutdownDrainIsBounded(t *testing.T) {
	clk := &clock{}
	o := newOutbox(t)
	o.add(1, "stuck", false)
	entered, returned := make(chan struct{}), make(chan struct{})
	s := senderFunc(func(context.Context, Message) error {
		close(entered)
		defer close(returned)
		time.Sleep(200 * time.Millisecond) // ignores its context, like a wedged connection
		return nil
	})
	opts := fastOptions(clk, nil)
	opts.Drain = 50 * time.Millisecond
	d := New(o, s, opts)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { d.Run(ctx); close(done) }()
	<-entered
	start := time.Now()
	cancel()
	select {
	case <-done:
		if el := time.Since(start); el < opts.Drain {
			t.Errorf("Run returned after %v, before Drain", el)
		}
	case <-returned:
		t.Fatal("Run waited for a send that ignores its context")
	}
	<-returned
}

func TestSendCancelledByDrainStaysPending(t *testing.T) {
	clk := &clock{}
	o := newOutbox(t)
	o.add(1, "stuck", false)
	entered := make(chan struct{})
	s := senderFunc(func(ctx context.Context, _ Message) error {
		close(entered)
		<-ctx.Done()
		// What the library returns when the HTTP request is cancelled.
		return fmt.Errorf("error do request for method %s, %w", "sendMessage",
			&url.Error{Op: "Post", URL: "https://api.telegram.org/bot***/sendMessage", Err: ctx.Err()})
	})
	opts := fastOptions(clk, nil)
	opts.Drain = 20 * time.Millisecond
	d := New(o, s, opts)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { d.Run(ctx); close(done) }()
	<-entered
	cancel()
	<-done
	if m := o.get(1); m.Status != store.StatusPending || m.Attempts != 0 {
		t.Errorf("interrupted message: %s after %d attempts, want pending and uncounted", m.Status, m.Attempts)
	}
}

func TestHooks(t *testing.T) {
	clk := &clock{}
	o := newOutbox(t)
	o.add(1, "ok", false)
	o.add(2, "no", false)
	s := newSender(t, clk.Now, func(_ int, m Message) error {
		if m.ChatID == 2 {
			return forbidden()
		}
		return nil
	})
	opts := fastOptions(clk, nil)
	opts.GlobalPerSecond = 20 // the second send waits 50ms
	sent := make(chan int64, 4)
	codes := make(chan int, 4)
	waits := make(chan time.Duration, 4)
	opts.Hooks = Hooks{
		OnSent:     func(c int64) { sent <- c },
		OnError:    func(c int) { codes <- c },
		OnRateWait: func(d time.Duration) { waits <- d },
	}
	flush(t, New(o, s, opts))
	if len(sent) != 1 || <-sent != 1 {
		t.Error("OnSent not called once for chat 1")
	}
	if len(codes) != 1 || <-codes != 403 {
		t.Error("OnError not called once with 403")
	}
	if len(waits) != 1 {
		t.Errorf("OnRateWait called %d times, want 1", len(waits))
	}
}

func TestStatusCode(t *testing.T) {
	tests := []struct {
		err  error
		want int
	}{
		{tooMany(1), 429},
		{forbidden(), 403},
		{migrated(-5), 400},
		{parseError(), 400},
		{serverError(502, "Bad Gateway"), 502},
		{fmt.Errorf("wrapped: %w", tooMany(2)), 429},
		{networkError(), 0},
	}
	for _, tt := range tests {
		if got := statusCode(tt.err); got != tt.want {
			t.Errorf("statusCode(%v) = %d, want %d", tt.err, got, tt.want)
		}
	}
}

func TestBackoff(t *testing.T) {
	for n := 1; n <= 12; n++ {
		want := min(2*time.Second<<(n-1), 5*time.Minute)
		if n > 9 {
			want = 5 * time.Minute
		}
		for range 50 {
			got := backoff(n)
			if got < want*3/4 || got > min(want*5/4, 5*time.Minute) {
				t.Fatalf("backoff(%d) = %v, want %v ±25%% capped at 5m", n, got, want)
			}
		}
	}
}

func TestPlainText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain", "plain"},
		{"<b>bold</b> &amp; <i>it</i>", "bold & it"},
		{`<a href="https://x.org/?a=1&amp;b=2">story</a>`, "story (https://x.org/?a=1&b=2)"},
		{`<a href="https://x.org">https://x.org</a>`, "https://x.org"},
		{"a < b and <b>c</b>", "a < b and c"},
		{"<tg-spoiler>s</tg-spoiler> <blockquote expandable>q</blockquote>", "s q"},
		{"&lt;script&gt; &quot;q&quot; &#39;", `<script> "q" '`},
		{"<b>unclosed", "unclosed"},
	}
	for _, tt := range tests {
		if got := plainText(tt.in); got != tt.want {
			t.Errorf("plainText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// start runs d in the background; the returned stop cancels it and waits
// for Run to return.
func start(d *Deliverer) (stop func()) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { d.Run(ctx); close(done) }()
	return func() {
		cancel()
		<-done
	}
}
