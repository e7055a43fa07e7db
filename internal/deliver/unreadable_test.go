package deliver_test

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/go-telegram/bot"

	"github.com/newsdigest/newsdigest/internal/botapi"
	"github.com/newsdigest/newsdigest/internal/deliver"
	"github.com/newsdigest/newsdigest/internal/store"
	"github.com/newsdigest/newsdigest/internal/telegram/telegramtest"
)

// TestUnreadableAnswerIsSent: Telegram takes a digest message but answers
// in a way go-telegram/bot cannot read — a field of a type it does not
// expect, an answer cut off after the 200, an HTML page. The message is
// delivered exactly once (marked sent, not retried), the reply queued
// after it in the same chat follows within the chat's pacing, and the
// answer is logged once and counted. A 502 with the same HTML page is a
// failure: sent again later.
func TestUnreadableAnswerIsSent(t *testing.T) {
	const chat = int64(4242)
	for _, tc := range []struct {
		name  string
		fault telegramtest.Fault
		sent  bool // the spoilt call counts as delivered
	}{
		{"mistyped field", telegramtest.Fault{Answer: telegramtest.AnswerMistyped}, true},
		{"cut off", telegramtest.Fault{Answer: telegramtest.AnswerCutOff}, true},
		{"not JSON", telegramtest.Fault{Answer: telegramtest.AnswerNotJSON}, true},
		{"502 page", telegramtest.Fault{Status: http.StatusBadGateway, Body: "<html>502 Bad Gateway</html>"}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			api := telegramtest.New(t, telegramtest.WithFault(func(method string, chatID int64, call int) *telegramtest.Fault {
				if method == "sendMessage" && call == 1 {
					f := tc.fault
					return &f
				}
				return nil
			}))
			var logs bytes.Buffer
			log := slog.New(slog.NewTextHandler(&logs, nil))
			var unreadable atomic.Int32
			client := &botapi.Client{HTTP: &http.Client{Timeout: 10 * time.Second}, Log: log,
				Unreadable: func(string) { unreadable.Add(1) }}
			b, err := bot.New(telegramtest.Token, bot.WithServerURL(api.URL()), bot.WithSkipGetMe(), bot.WithHTTPClient(10*time.Second, client))
			if err != nil {
				t.Fatal(err)
			}
			db := openStore(t, filepath.Join(t.TempDir(), "deliver.db"))
			t.Cleanup(func() { db.Close() })
			ctx := context.Background()
			now := time.Now()
			msgs := []store.OutMessage{
				{Key: "digest:4242:run:0", ChatID: chat, Text: "<b>Digest</b>", HTML: true, Created: now},
				{Key: "reply:4242:7:0", ChatID: chat, Text: "Reply to /help", Created: now},
			}
			if err := db.Enqueue(ctx, msgs); err != nil {
				t.Fatal(err)
			}
			d := deliver.New(db, deliver.Telegram{Bot: b}, deliver.Options{Log: log})
			runCtx, cancel := context.WithCancel(ctx)
			done := make(chan error, 1)
			go func() { done <- d.Run(runCtx) }()
			defer func() { cancel(); <-done }()

			if !tc.sent {
				// The digest waits for its retry (2 s ± 25 %); the reply,
				// in its own lane, goes at once.
				got := api.WaitMessages(t, chat, 1, 3*time.Second)
				if got[0].Text != "Reply to /help" {
					t.Fatalf("first delivered %q, want the reply", got[0].Text)
				}
				api.WaitMessages(t, chat, 2, 10*time.Second)
				return
			}
			start := time.Now()
			got := api.WaitMessages(t, chat, 2, 5*time.Second)
			if el := time.Since(start); el > 3*time.Second {
				t.Errorf("the reply came %v after the spoilt answer", el)
			}
			api.WaitFor(t, 5*time.Second, "outbox drained", func() bool {
				n, err := db.OutboxDepth(ctx)
				return err == nil && n == 0
			})
			time.Sleep(2500 * time.Millisecond) // a wrongly retried digest would be sent again by now
			got = api.MessagesTo(chat)
			if len(got) != 2 || got[0].Text != "Digest" && got[0].Plain != "Digest" || got[1].Text != "Reply to /help" {
				var texts []string
				for _, m := range got {
					texts = append(texts, m.Text)
				}
				t.Fatalf("chat got %q, want the digest and the reply once each", texts)
			}
			if n := unreadable.Load(); n != 1 {
				t.Errorf("%d unreadable answers counted, want 1", n)
			}
			if n := strings.Count(logs.String(), "answer could not be read"); n != 1 {
				t.Errorf("logged %d times, want once:\n%s", n, logs.String())
			}
			if strings.Contains(logs.String(), "will retry") {
				t.Errorf("the digest was retried:\n%s", logs.String())
			}
		})
	}
}
