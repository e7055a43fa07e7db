package deliver

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-telegram/bot"

	"github.com/newsdigest/newsdigest/internal/botapi"
	"github.com/newsdigest/newsdigest/internal/store"
	"github.com/newsdigest/newsdigest/internal/store/sqlite"
)

const testToken = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"

// fakeAPI is a Bot API server that records sendMessage forms and answers
// with reply (nil: ok).
type fakeAPI struct {
	mu    sync.Mutex
	forms []map[string]string
	reply func(form map[string]string) (status int, body string)
}

func (f *fakeAPI) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !strings.HasSuffix(r.URL.Path, "/bot"+testToken+"/sendMessage") {
		http.Error(w, `{"ok":false,"error_code":404,"description":"Not Found"}`, http.StatusNotFound)
		return
	}
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	form := map[string]string{}
	for k, v := range r.MultipartForm.Value {
		form[k] = v[0]
	}
	f.mu.Lock()
	f.forms = append(f.forms, form)
	reply := f.reply
	f.mu.Unlock()
	status, body := http.StatusOK, `{"ok":true,"result":{"message_id":1,"date":0,"chat":{"id":1,"type":"private"}}}`
	if reply != nil {
		status, body = reply(form)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	fmt.Fprint(w, body)
}

func newTelegram(t *testing.T, api *fakeAPI) Telegram {
	srv := httptest.NewServer(api)
	t.Cleanup(srv.Close)
	b, err := bot.New(testToken, bot.WithServerURL(srv.URL), bot.WithSkipGetMe())
	if err != nil {
		t.Fatal(err)
	}
	return Telegram{Bot: b}
}

func TestTelegramSendParams(t *testing.T) {
	api := &fakeAPI{}
	tg := newTelegram(t, api)
	markup := `{"inline_keyboard":[[{"text":"More","callback_data":"more:1"}]]}`
	if err := tg.Send(context.Background(), Message{ChatID: -1001, ThreadID: 7, Text: "<b>hi</b>", HTML: true, Markup: markup}); err != nil {
		t.Fatal(err)
	}
	if err := tg.Send(context.Background(), Message{ChatID: 5, Text: "plain"}); err != nil {
		t.Fatal(err)
	}
	f := api.forms[0]
	for k, want := range map[string]string{"chat_id": "-1001", "message_thread_id": "7", "text": "<b>hi</b>", "parse_mode": "HTML"} {
		if f[k] != want {
			t.Errorf("%s = %q, want %q", k, f[k], want)
		}
	}
	var lp struct {
		IsDisabled bool `json:"is_disabled"`
	}
	if err := json.Unmarshal([]byte(f["link_preview_options"]), &lp); err != nil || !lp.IsDisabled {
		t.Errorf("link_preview_options = %q", f["link_preview_options"])
	}
	if !strings.Contains(f["reply_markup"], `"callback_data":"more:1"`) {
		t.Errorf("reply_markup = %q", f["reply_markup"])
	}
	if f := api.forms[1]; f["parse_mode"] != "" || f["message_thread_id"] != "" || f["reply_markup"] != "" {
		t.Errorf("plain message sent with %v", f)
	}

	err := tg.Send(context.Background(), Message{ChatID: 5, Text: "x", Markup: "{not json"})
	if !errors.Is(err, ErrInvalid) {
		t.Errorf("bad markup: %v, want ErrInvalid", err)
	}
}

// TestTelegramErrors checks that the real library's errors, as they come off
// the wire, are classified as the Deliverer expects.
func TestTelegramErrors(t *testing.T) {
	tests := []struct {
		status int
		body   string
		check  func(error) bool
	}{
		{429, `{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 7","parameters":{"retry_after":7}}`,
			func(err error) bool { var e *bot.TooManyRequestsError; return errors.As(err, &e) && e.RetryAfter == 7 }},
		{403, `{"ok":false,"error_code":403,"description":"Forbidden: bot was blocked by the user"}`,
			func(err error) bool { return errors.Is(err, bot.ErrorForbidden) }},
		{400, `{"ok":false,"error_code":400,"description":"Bad Request: group chat was upgraded to a supergroup chat","parameters":{"migrate_to_chat_id":-100123}}`,
			func(err error) bool {
				var e *bot.MigrateError
				return errors.As(err, &e) && e.MigrateToChatID == -100123
			}},
		{400, `{"ok":false,"error_code":400,"description":"Bad Request: can't parse entities: Unexpected end tag at byte offset 3"}`,
			func(err error) bool {
				return errors.Is(err, bot.ErrorBadRequest) && strings.Contains(err.Error(), "can't parse entities")
			}},
		{502, `{"ok":false,"error_code":502,"description":"Bad Gateway"}`,
			func(err error) bool { return statusCode(err) == 502 }},
	}
	for _, tt := range tests {
		api := &fakeAPI{reply: func(map[string]string) (int, string) { return tt.status, tt.body }}
		err := newTelegram(t, api).Send(context.Background(), Message{ChatID: 1, Text: "x"})
		if err == nil || !tt.check(err) {
			t.Errorf("%d %s: got %v", tt.status, tt.body, err)
		}
		if strings.Contains(botapi.Redact(err.Error()), "AAHdq") {
			t.Errorf("token in %q", botapi.Redact(err.Error()))
		}
	}

	// A transport error: the library redacts the URL; redact must agree.
	b, err := bot.New(testToken, bot.WithServerURL("http://127.0.0.1:1"), bot.WithSkipGetMe())
	if err != nil {
		t.Fatal(err)
	}
	err = Telegram{Bot: b}.Send(context.Background(), Message{ChatID: 1, Text: "x"})
	if err == nil || strings.Contains(botapi.Redact(err.Error()), "AAHdq") || statusCode(err) != 0 {
		t.Errorf("transport error %v", err)
	}
}

// TestTelegramEndToEnd drains the real SQLite store through the real
// library against a fake Bot API.
func TestTelegramEndToEnd(t *testing.T) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, t.TempDir()+"/news.db")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	now := time.Now()
	for _, sub := range []store.Subscriber{
		{ChatID: 11, Kind: "private", Active: true, Created: now},
		{ChatID: 22, Kind: "private", Active: true, Created: now},
		{ChatID: -33, Kind: "group", Active: true, Created: now},
	} {
		if err := db.SaveSubscriber(ctx, sub); err != nil {
			t.Fatal(err)
		}
		var msgs []store.OutMessage
		for part := range 2 {
			msgs = append(msgs, store.OutMessage{
				Key: fmt.Sprintf("%d:run1:%d", sub.ChatID, part), ChatID: sub.ChatID,
				Text: fmt.Sprintf("<b>part %d</b>", part), HTML: true, Created: now,
			})
		}
		if err := db.EnqueueDigest(ctx, sub.ChatID, now, msgs); err != nil {
			t.Fatal(err)
		}
	}
	api := &fakeAPI{reply: func(f map[string]string) (int, string) {
		switch f["chat_id"] {
		case "22":
			return 403, `{"ok":false,"error_code":403,"description":"Forbidden: bot was blocked by the user"}`
		case "-33":
			return 400, `{"ok":false,"error_code":400,"description":"Bad Request: group chat was upgraded to a supergroup chat","parameters":{"migrate_to_chat_id":-10033}}`
		}
		return 200, `{"ok":true,"result":{"message_id":1,"date":0,"chat":{"id":1,"type":"private"}}}`
	}}
	d := New(db, newTelegram(t, api), Options{
		GlobalPerSecond: 100, PrivateInterval: 5 * time.Millisecond, GroupInterval: 5 * time.Millisecond, Log: discardLog(),
	})
	fctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if err := d.Flush(fctx); err != nil {
		t.Fatal(err)
	}

	if n, err := db.OutboxDepth(ctx); err != nil || n != 0 {
		t.Errorf("OutboxDepth = %d, %v", n, err)
	}
	if sub, ok, _ := db.Subscriber(ctx, 22); !ok || sub.Active {
		t.Errorf("blocked chat: %+v %v", sub, ok)
	}
	if sub, ok, _ := db.Subscriber(ctx, -10033); !ok || !sub.Active {
		t.Errorf("migrated chat: %+v %v", sub, ok)
	}
	var got []string
	for _, f := range api.forms {
		got = append(got, f["chat_id"]+" "+f["text"])
	}
	want := map[string][]string{
		"11":     {"<b>part 0</b>", "<b>part 1</b>"},
		"22":     {"<b>part 0</b>"},
		"-33":    {"<b>part 0</b>"},
		"-10033": {"<b>part 0</b>", "<b>part 1</b>"},
	}
	for chat, texts := range want {
		var seen []string
		for _, f := range api.forms {
			if f["chat_id"] == chat {
				seen = append(seen, f["text"])
			}
		}
		if strings.Join(seen, "|") != strings.Join(texts, "|") {
			t.Errorf("chat %s got %v, want %v (all: %v)", chat, seen, texts, got)
		}
	}
}

func TestConsole(t *testing.T) {
	var b strings.Builder
	c := Console{W: &b}
	if err := c.Send(context.Background(), Message{ChatID: -5, ThreadID: 3, Text: "<b>x</b>", HTML: true, Markup: `{"inline_keyboard":[]}`}); err != nil {
		t.Fatal(err)
	}
	want := "--- chat -5 topic 3 (HTML) ---\n<b>x</b>\n[markup] {\"inline_keyboard\":[]}\n\n"
	if b.String() != want {
		t.Errorf("got %q, want %q", b.String(), want)
	}
}
