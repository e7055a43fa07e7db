package telegram

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/newsdigest/newsdigest/internal/telegram/telegramtest"
)

// TestOnePollerAmongInstances starts two instances in polling mode on one
// store: only the lease holder long-polls (Telegram would answer the second
// with 409), each update is handled once, and when the poller stops the
// other takes over.
func TestOnePollerAmongInstances(t *testing.T) {
	api := telegramtest.New(t)
	st := openStore(t, filepath.Join(t.TempDir(), "shared.db"))
	first := start(t, api, st, Webhook{})
	second := start(t, api, st, Webhook{})
	chat, user := telegramtest.Chat{ID: 11, Type: "private"}, telegramtest.User{ID: 11}

	api.SendText(chat, user, "/help")
	api.WaitFor(t, 5*time.Second, "the update handled", func() bool { return first.calls.Load()+second.calls.Load() == 1 })
	time.Sleep(200 * time.Millisecond)
	if got := first.calls.Load() + second.calls.Load(); got != 1 {
		t.Errorf("update handled %d times, want once", got)
	}
	leader, other := first, second
	if second.calls.Load() == 1 {
		leader, other = second, first
	}

	leader.stop()
	api.SendText(chat, user, "/help")
	api.WaitFor(t, 5*time.Second, "the other instance took over", func() bool { return other.calls.Load() == 1 })
	for _, e := range api.Errors() {
		if e.Method == "getUpdates" && e.Code == 409 {
			t.Errorf("two instances polled at once: %s", e.Description)
		}
	}
}
