package telegramtest_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/newsdigest/newsdigest/internal/telegram/telegramtest"
)

var (
	alice   = telegramtest.User{ID: 1001, FirstName: "Alice", Username: "alice"}
	bob     = telegramtest.User{ID: 1002, FirstName: "Bob"}
	private = telegramtest.Chat{ID: alice.ID, Type: "private"}
	group   = telegramtest.Chat{ID: -4001, Type: "group", Title: "Readers"}
)

const wait = 2 * time.Second

// newBot connects a go-telegram/bot client to s. It does not poll.
//
// Handlers run synchronously: by default the library starts a goroutine per
// update that Start does not wait for, so a handler could still run (and
// report to t) after the test ended, and updates could be handled out of
// order.
func newBot(t *testing.T, s *telegramtest.Server, opts ...bot.Option) *bot.Bot {
	t.Helper()
	opts = append([]bot.Option{
		bot.WithServerURL(s.URL()),
		bot.WithSkipGetMe(),
		bot.WithNotAsyncHandlers(),
		bot.WithErrorsHandler(func(error) {}), // polling errors are asserted through s.Errors
		bot.WithDefaultHandler(func(context.Context, *bot.Bot, *models.Update) {}),
	}, opts...)
	b, err := bot.New(telegramtest.Token, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// start runs b.Start until the test ends.
func start(t *testing.T, b *bot.Bot) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { b.Start(ctx); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
}

// recorder collects the updates a bot's default handler sees.
type recorder struct {
	mu   sync.Mutex
	upds []*models.Update
}

func (r *recorder) handle(_ context.Context, _ *bot.Bot, u *models.Update) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.upds = append(r.upds, u)
}

func (r *recorder) updates() []*models.Update {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]*models.Update(nil), r.upds...)
}

func (r *recorder) count() int { return len(r.updates()) }

func send(b *bot.Bot, chatID int64, text string) (*models.Message, error) {
	return b.SendMessage(context.Background(), &bot.SendMessageParams{ChatID: chatID, Text: text, ParseMode: models.ParseModeHTML})
}

func TestStartCommandAndButton(t *testing.T) {
	t.Parallel()
	s := telegramtest.New(t)
	b := newBot(t, s)
	b.RegisterHandler(bot.HandlerTypeMessageText, "start", bot.MatchTypeCommand, func(ctx context.Context, b *bot.Bot, u *models.Update) {
		_, err := b.SendMessage(ctx, &bot.SendMessageParams{
			ChatID:    u.Message.Chat.ID,
			Text:      "<b>Welcome</b>, " + u.Message.From.FirstName + " &amp; co",
			ParseMode: models.ParseModeHTML,
			ReplyMarkup: &models.InlineKeyboardMarkup{InlineKeyboard: [][]models.InlineKeyboardButton{{
				{Text: "Subscribe", CallbackData: "sub:daily"},
				{Text: "Site", URL: "https://example.org/"},
			}}},
		})
		if err != nil && ctx.Err() == nil {
			t.Errorf("reply: %v", err)
		}
	})
	b.RegisterHandler(bot.HandlerTypeCallbackQueryData, "sub:", bot.MatchTypePrefix, func(ctx context.Context, b *bot.Bot, u *models.Update) {
		msg := u.CallbackQuery.Message.Message
		if _, err := b.EditMessageText(ctx, &bot.EditMessageTextParams{
			ChatID: msg.Chat.ID, MessageID: msg.ID, Text: "Subscribed: <i>daily</i>", ParseMode: models.ParseModeHTML,
		}); err != nil && ctx.Err() == nil {
			t.Errorf("edit: %v", err)
		}
		if _, err := b.AnswerCallbackQuery(ctx, &bot.AnswerCallbackQueryParams{CallbackQueryID: u.CallbackQuery.ID, Text: "Done"}); err != nil && ctx.Err() == nil {
			t.Errorf("answer: %v", err)
		}
	})
	start(t, b)

	s.SendText(private, alice, "/start")
	msgs := s.WaitMessages(t, private.ID, 1, wait)
	m := msgs[0]
	if m.Method != "sendMessage" || m.Plain != "Welcome, Alice & co" || m.ParseMode != "HTML" {
		t.Fatalf("reply = %+v", m)
	}
	if len(m.Entities) != 1 || m.Entities[0].Type != "bold" {
		t.Errorf("entities = %+v", m.Entities)
	}
	btn, ok := m.Button("Subscribe")
	if !ok || btn.Data != "sub:daily" || len(m.Buttons()) != 2 {
		t.Fatalf("buttons = %+v", m.Buttons())
	}

	s.PressButton(private, alice, m.MessageID, btn.Data)
	msgs = s.WaitMessages(t, private.ID, 2, wait)
	if e := msgs[1]; e.Method != "editMessageText" || e.MessageID != m.MessageID || e.Plain != "Subscribed: daily" {
		t.Fatalf("edit = %+v", e)
	}
	s.WaitFor(t, wait, "the callback answer", func() bool { return len(s.CallbackAnswers()) == 1 })
	if got := s.CallbackAnswers(); got[0] != "Done" {
		t.Errorf("answers = %q", got)
	}
	if u := s.Unanswered(); len(u) != 0 {
		t.Errorf("unanswered = %v", u)
	}
	cur, ok := s.Current(private.ID, m.MessageID)
	if !ok || cur.Plain != "Subscribed: daily" || cur.ReplyMarkup != nil {
		t.Errorf("current = %+v (editMessageText without reply_markup removes the keyboard)", cur)
	}
}

func TestGroupCommandsAndPrivacyMode(t *testing.T) {
	t.Parallel()
	s := telegramtest.New(t)
	reply := func(text string) bot.HandlerFunc {
		return func(ctx context.Context, b *bot.Bot, u *models.Update) {
			_, _ = b.SendMessage(ctx, &bot.SendMessageParams{ChatID: u.Message.Chat.ID, Text: text})
		}
	}
	b := newBot(t, s, bot.WithDefaultHandler(reply("default")))
	b.RegisterHandler(bot.HandlerTypeMessageText, "start", bot.MatchTypeCommand, reply("command"))
	start(t, b)

	s.SendText(group, alice, "good morning")                     // privacy mode: not delivered
	s.SendText(group, alice, "/start@other_bot")                 // for another bot: not delivered
	s.SendText(group, alice, "/start@"+telegramtest.BotUsername) // library quirk: no MatchTypeCommand match
	s.SendText(group, bob, "/start")
	msgs := s.WaitMessages(t, group.ID, 2, wait)
	if msgs[0].Plain != "default" || msgs[1].Plain != "command" || len(msgs) != 2 {
		t.Fatalf("replies = %+v", msgs)
	}
}

func TestSendMessageValidation(t *testing.T) {
	t.Parallel()
	s := telegramtest.New(t)
	b := newBot(t, s)

	_, err := send(b, private.ID, "Price < 5 <br>")
	if !errors.Is(err, bot.ErrorBadRequest) || !strings.Contains(err.Error(), "can't parse entities") {
		t.Errorf("bad HTML: err = %v", err)
	}
	_, err = send(b, private.ID, "<b>unclosed")
	if err == nil || !strings.Contains(err.Error(), `Can't find end tag corresponding to start tag "b"`) {
		t.Errorf("unbalanced: err = %v", err)
	}

	// The limit counts UTF-16 units of the text without tags.
	if _, err := send(b, private.ID, "<b>"+strings.Repeat("a", 4096)+"</b>"); err != nil {
		t.Errorf("4096 characters: %v", err)
	}
	if _, err := send(b, private.ID, strings.Repeat("😀", 2048)); err != nil {
		t.Errorf("2048 emoji = 4096 UTF-16 units: %v", err)
	}
	for _, text := range []string{strings.Repeat("a", 4097), strings.Repeat("😀", 2049), strings.Repeat("&amp;", 4097)} {
		if _, err := send(b, private.ID, text); err == nil || !strings.Contains(err.Error(), "Bad Request: message is too long") {
			t.Errorf("too long (%d bytes): err = %v", len(text), err)
		}
	}
	for _, text := range []string{"", "  \n", "<b></b>"} {
		if _, err := send(b, private.ID, text); err == nil || !strings.Contains(err.Error(), "Bad Request: message text is empty") {
			t.Errorf("empty %q: err = %v", text, err)
		}
	}

	button := func(data string) *bot.SendMessageParams {
		return &bot.SendMessageParams{ChatID: private.ID, Text: "x", ReplyMarkup: &models.InlineKeyboardMarkup{
			InlineKeyboard: [][]models.InlineKeyboardButton{{{Text: "b", CallbackData: data}}}}}
	}
	if _, err := b.SendMessage(context.Background(), button(strings.Repeat("d", 64))); err != nil {
		t.Errorf("64-byte callback data: %v", err)
	}
	_, err = b.SendMessage(context.Background(), button(strings.Repeat("d", 65)))
	if !errors.Is(err, bot.ErrorBadRequest) || !strings.Contains(err.Error(), "BUTTON_DATA_INVALID") {
		t.Errorf("65-byte callback data: err = %v", err)
	}

	if _, err := b.GetChat(context.Background(), &bot.GetChatParams{ChatID: private.ID}); !errors.Is(err, bot.ErrorNotFound) {
		t.Errorf("unknown method: err = %v", err)
	}

	if got := len(s.Messages()); got != 3 {
		t.Errorf("accepted messages = %d, want 3", got)
	}
	if got, rejected := s.Calls("sendMessage"), len(s.Errors()); got != 12 || rejected != 10 {
		t.Errorf("calls = %d, rejected = %d; want 12 and 10 (9 sendMessage + getChat)", got, rejected)
	}
	if s.Calls("getchat") != 1 {
		t.Errorf("getChat calls = %d", s.Calls("getChat"))
	}
}

func TestThreadAndPreviewRecorded(t *testing.T) {
	t.Parallel()
	forum := telegramtest.Chat{ID: -1001234567890, Type: "supergroup", Title: "Forum", IsForum: true}
	s := telegramtest.New(t)
	s.AddChat(forum)
	b := newBot(t, s)
	m, err := b.SendMessage(context.Background(), &bot.SendMessageParams{
		ChatID: forum.ID, MessageThreadID: 42, Text: "in a topic",
		LinkPreviewOptions: &models.LinkPreviewOptions{IsDisabled: bot.True()}, DisableNotification: true,
	})
	if err != nil {
		t.Fatal(err)
	}
	if m.MessageThreadID != 42 || !m.IsTopicMessage || m.Chat.Type != models.ChatTypeSupergroup || m.From == nil || !m.From.IsBot {
		t.Errorf("returned message = %+v", m)
	}
	got := s.MessagesTo(forum.ID)[0]
	if got.ThreadID != 42 || !got.DisableLinkPreview || !got.DisableNotification {
		t.Errorf("recorded = %+v", got)
	}
}

func TestMessageIDsIncreasePerChat(t *testing.T) {
	t.Parallel()
	s := telegramtest.New(t)
	b := newBot(t, s)
	userMsg := s.SendText(private, alice, "hi") // users' messages share the chat's counter
	var wg sync.WaitGroup
	for i := range 40 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			chat := []int64{private.ID, bob.ID}[i%2]
			if _, err := send(b, chat, fmt.Sprintf("n%d", i)); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	for chat, first := range map[int64]int{private.ID: userMsg + 1, bob.ID: 1} {
		msgs := s.MessagesTo(chat)
		if len(msgs) != 20 {
			t.Fatalf("chat %d: %d messages", chat, len(msgs))
		}
		for i, m := range msgs {
			if m.MessageID != first+i {
				t.Errorf("chat %d: message %d has id %d, want %d", chat, i, m.MessageID, first+i)
			}
		}
	}
}

func TestTooManyRequests(t *testing.T) {
	t.Parallel()
	s := telegramtest.New(t, telegramtest.WithFault(func(method string, chatID int64, call int) *telegramtest.Fault {
		if method == "sendMessage" && call%3 == 0 {
			return &telegramtest.Fault{Status: http.StatusTooManyRequests, RetryAfter: 7}
		}
		return nil
	}))
	b := newBot(t, s)
	var errs []error
	for range 6 {
		if _, err := send(b, private.ID, "x"); err != nil {
			errs = append(errs, fmt.Errorf("wrapped by the caller: %w", err))
		}
	}
	if len(errs) != 2 {
		t.Fatalf("errors = %v, want 2", errs)
	}
	var tmr *bot.TooManyRequestsError
	if !errors.As(errs[0], &tmr) || tmr.RetryAfter != 7 {
		t.Fatalf("errors.As(%v) = %v, RetryAfter %+v", errs[0], tmr != nil, tmr)
	}
	if !strings.Contains(tmr.Message, "Too Many Requests: retry after 7") {
		t.Errorf("message = %q", tmr.Message)
	}
	// Surprises in v1.19.0, pinned so an upgrade that changes them is noticed:
	if errors.Is(errs[0], bot.ErrorTooManyRequests) {
		t.Error("TooManyRequestsError now wraps ErrorTooManyRequests")
	}
	if bot.IsTooManyRequestsError(errs[0]) {
		t.Error("IsTooManyRequestsError now sees through wrapping")
	}
	if e := s.Errors(); len(e) != 2 || e[0].Code != 429 || e[0].RetryAfter != 7 || e[0].ChatID != private.ID {
		t.Errorf("recorded errors = %+v", e)
	}
}

func TestForbidden(t *testing.T) {
	t.Parallel()
	s := telegramtest.New(t)
	var rec recorder
	b := newBot(t, s, bot.WithDefaultHandler(rec.handle))
	start(t, b)

	s.Block(private.ID)
	_, err := send(b, private.ID, "x")
	if !errors.Is(err, bot.ErrorForbidden) || !strings.Contains(err.Error(), "Forbidden: bot was blocked by the user") {
		t.Fatalf("blocked: err = %v", err)
	}
	s.Unblock(private.ID)
	if _, err := send(b, private.ID, "x"); err != nil {
		t.Fatalf("unblocked: %v", err)
	}

	// The full story: the user blocks the bot, the bot is told, later the
	// user comes back and writes /start.
	s.ChangeMemberStatus(private, alice, "kicked")
	s.WaitFor(t, wait, "my_chat_member", func() bool { return rec.count() == 1 })
	u := rec.updates()[0].MyChatMember
	if u == nil || u.NewChatMember.Type != models.ChatMemberTypeBanned || u.OldChatMember.Type != models.ChatMemberTypeMember || u.From.ID != alice.ID {
		t.Fatalf("update = %+v", rec.updates()[0])
	}
	if _, err := send(b, private.ID, "x"); !errors.Is(err, bot.ErrorForbidden) {
		t.Fatalf("after kicked: err = %v", err)
	}
	s.SendText(private, alice, "/start")
	s.WaitFor(t, wait, "unblock and /start", func() bool { return rec.count() == 3 })
	if u := rec.updates()[1]; u.MyChatMember == nil || u.MyChatMember.NewChatMember.Type != models.ChatMemberTypeMember {
		t.Errorf("update 2 = %+v", u)
	}
	if u := rec.updates()[2]; u.Message == nil || u.Message.Text != "/start" {
		t.Errorf("update 3 = %+v", u)
	}
	if _, err := send(b, private.ID, "welcome back"); err != nil {
		t.Errorf("after /start: %v", err)
	}

	s.ChangeMemberStatus(group, bob, "kicked")
	if _, err := send(b, group.ID, "x"); err == nil || !strings.Contains(err.Error(), "Forbidden: bot was kicked from the group chat") {
		t.Errorf("kicked from group: err = %v", err)
	}
}

func TestMigrate(t *testing.T) {
	t.Parallel()
	const super = int64(-1009876543210)
	s := telegramtest.New(t)
	var rec recorder
	b := newBot(t, s, bot.WithDefaultHandler(rec.handle))
	start(t, b)
	s.AddChat(group)

	s.Migrate(group.ID, super)
	_, err := send(b, group.ID, "x")
	var me *bot.MigrateError
	if !errors.As(err, &me) || int64(me.MigrateToChatID) != super || !bot.IsMigrateError(err) {
		t.Fatalf("err = %v", err)
	}
	if !strings.Contains(me.Message, "group chat was upgraded to a supergroup chat") {
		t.Errorf("message = %q", me.Message)
	}
	m, err := send(b, super, "x")
	if err != nil || m.Chat.Type != models.ChatTypeSupergroup || m.Chat.Title != group.Title {
		t.Fatalf("send to the supergroup: %+v, %v", m, err)
	}
	s.WaitFor(t, wait, "the migration service messages", func() bool { return rec.count() == 2 })
	to, from := rec.updates()[0].Message, rec.updates()[1].Message
	if to.Chat.ID != group.ID || to.MigrateToChatID != super || from.Chat.ID != super || from.MigrateFromChatID != group.ID {
		t.Errorf("service messages = %+v / %+v", to, from)
	}
}

func TestRateLimits(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	now := time.Date(2026, 1, 1, 8, 0, 0, 0, time.UTC)
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	advance := func(d time.Duration) { mu.Lock(); defer mu.Unlock(); now = now.Add(d) }
	s := telegramtest.New(t, telegramtest.WithTelegramRateLimits(), telegramtest.WithRateLimits(3, 1, 20), telegramtest.WithClock(clock))
	b := newBot(t, s)
	retryAfter := func(err error) int {
		var e *bot.TooManyRequestsError
		if !errors.As(err, &e) {
			return 0
		}
		return e.RetryAfter
	}

	// One message a second per chat.
	if _, err := send(b, 1, "a"); err != nil {
		t.Fatal(err)
	}
	if _, err := send(b, 1, "b"); retryAfter(err) != 1 {
		t.Fatalf("second message in the same second: err = %v", err)
	}
	advance(time.Second)
	if _, err := send(b, 1, "b"); err != nil {
		t.Fatalf("a second later: %v", err)
	}

	// Three a second overall.
	for chat := int64(2); chat <= 3; chat++ {
		if _, err := send(b, chat, "x"); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := send(b, 4, "x"); retryAfter(err) != 1 {
		t.Fatalf("fourth message in a second: err = %v", err)
	}
	if s.MaxPerSecond() != 3 || s.MaxPerSecondChat() != 1 {
		t.Errorf("MaxPerSecond = %d, MaxPerSecondChat = %d; want 3 and 1", s.MaxPerSecond(), s.MaxPerSecondChat())
	}

	// Twenty a minute per group, even at one a second.
	for i := range 20 {
		advance(time.Second)
		if _, err := send(b, group.ID, fmt.Sprint(i)); err != nil {
			t.Fatalf("group message %d: %v", i, err)
		}
	}
	advance(time.Second)
	if _, err := send(b, group.ID, "21st"); retryAfter(err) != 40 {
		t.Fatalf("21st group message in a minute: err = %v, want retry after 40", err)
	}
	if got := len(s.MessagesTo(group.ID)); got != 20 {
		t.Errorf("group messages = %d", got)
	}
}

func TestCountersWithoutLimits(t *testing.T) {
	t.Parallel()
	s := telegramtest.New(t)
	b := newBot(t, s)
	for range 5 {
		if _, err := send(b, private.ID, "burst"); err != nil {
			t.Fatal(err)
		}
	}
	if s.MaxPerSecond() != 5 || s.MaxPerSecondChat() != 5 {
		t.Errorf("MaxPerSecond = %d, MaxPerSecondChat = %d; want 5 and 5", s.MaxPerSecond(), s.MaxPerSecondChat())
	}
}

func TestFaults(t *testing.T) {
	t.Parallel()
	s := telegramtest.New(t, telegramtest.WithFault(func(method string, chatID int64, call int) *telegramtest.Fault {
		switch chatID {
		case 2:
			return &telegramtest.Fault{Status: http.StatusInternalServerError}
		case 3:
			return &telegramtest.Fault{Status: http.StatusBadGateway, Body: "<html>502 Bad Gateway</html>"}
		case 4:
			return &telegramtest.Fault{Delay: 50 * time.Millisecond}
		case 5:
			return &telegramtest.Fault{Delay: time.Minute, Status: http.StatusInternalServerError}
		}
		return nil
	}))
	b := newBot(t, s)
	if _, err := send(b, 2, "x"); err == nil || !strings.Contains(err.Error(), "500 Internal Server Error") {
		t.Errorf("500: err = %v", err)
	}
	if _, err := send(b, 3, "x"); err == nil || !strings.Contains(err.Error(), "error decode response body") {
		t.Errorf("502 HTML: err = %v", err)
	}
	t0 := time.Now()
	if _, err := send(b, 4, "x"); err != nil || time.Since(t0) < 50*time.Millisecond {
		t.Errorf("slow reply: err = %v after %v", err, time.Since(t0))
	}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if _, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: 5, Text: "x"}); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("client timeout on a hanging server: err = %v", err)
	}
}

func TestLongPollingDeliversEachUpdateOnce(t *testing.T) {
	t.Parallel()
	s := telegramtest.New(t)
	var rec recorder
	b := newBot(t, s, bot.WithDefaultHandler(rec.handle))
	for i := range 30 { // some before the bot starts, some while it polls
		s.SendText(private, alice, fmt.Sprint("before ", i))
	}
	start(t, b)
	var wg sync.WaitGroup
	for i := range 70 {
		wg.Add(1)
		go func() { defer wg.Done(); s.SendText(private, alice, fmt.Sprint("during ", i)) }()
	}
	wg.Wait()
	s.WaitFor(t, wait, "100 updates", func() bool { return rec.count() >= 100 })
	s.WaitFor(t, wait, "all updates confirmed", func() bool { return s.Pending() == 0 })
	seen := map[int64]bool{}
	for _, u := range rec.updates() {
		if seen[u.ID] {
			t.Errorf("update %d delivered twice", u.ID)
		}
		seen[u.ID] = true
	}
	if len(seen) != 100 {
		t.Errorf("distinct updates = %d", len(seen))
	}
}

// rawCall calls the fake without the library, to check protocol details.
// It reports failures with t.Error, so goroutines may use it.
func rawCall(t *testing.T, s *telegramtest.Server, ctx context.Context, method string, params url.Values) (status int, body map[string]json.RawMessage) {
	t.Helper()
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, s.URL()+"/bot"+telegramtest.Token+"/"+method,
		strings.NewReader(params.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		if ctx.Err() == nil {
			t.Error(err)
		}
		return 0, nil
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	if err := json.Unmarshal(data, &body); err != nil {
		t.Errorf("%s: %s: %v", method, data, err)
	}
	return resp.StatusCode, body
}

func updateIDs(t *testing.T, body map[string]json.RawMessage) []int64 {
	var upds []struct {
		ID int64 `json:"update_id"`
	}
	if err := json.Unmarshal(body["result"], &upds); err != nil {
		t.Errorf("result %s: %v", body["result"], err)
	}
	var ids []int64
	for _, u := range upds {
		ids = append(ids, u.ID)
	}
	return ids
}

func TestGetUpdatesProtocol(t *testing.T) {
	t.Parallel()
	s := telegramtest.New(t)
	ctx := context.Background()
	s.SendText(private, alice, "one")
	s.SendText(private, alice, "two")

	// Unconfirmed updates come again; an offset confirms.
	for range 2 {
		if _, body := rawCall(t, s, ctx, "getUpdates", nil); fmt.Sprint(updateIDs(t, body)) != "[1 2]" {
			t.Fatalf("offset 0: %s", body["result"])
		}
	}
	if _, body := rawCall(t, s, ctx, "getUpdates", url.Values{"offset": {"2"}, "limit": {"1"}}); fmt.Sprint(updateIDs(t, body)) != "[2]" {
		t.Fatalf("offset 2: %s", body["result"])
	}
	if _, body := rawCall(t, s, ctx, "getUpdates", url.Values{"offset": {"3"}}); len(updateIDs(t, body)) != 0 || s.Pending() != 0 {
		t.Fatalf("offset 3: %s", body["result"])
	}

	// A long poll returns as soon as an update arrives.
	got := make(chan []int64)
	go func() {
		_, body := rawCall(t, s, ctx, "getUpdates", url.Values{"offset": {"3"}, "timeout": {"30"}})
		got <- updateIDs(t, body)
	}()
	s.WaitFor(t, wait, "the long poll to start", func() bool { return s.Calls("getUpdates") == 5 })
	s.SendText(private, alice, "three")
	select {
	case ids := <-got:
		if fmt.Sprint(ids) != "[3]" {
			t.Fatalf("long poll = %v", ids)
		}
	case <-time.After(wait):
		t.Fatal("long poll did not return")
	}

	// A second poller ends the first with 409 Conflict.
	conflict := make(chan int)
	go func() {
		status, _ := rawCall(t, s, ctx, "getUpdates", url.Values{"offset": {"4"}, "timeout": {"30"}})
		conflict <- status
	}()
	s.WaitFor(t, wait, "the first poller", func() bool { return s.Calls("getUpdates") == 6 })
	pollCtx, cancel := context.WithCancel(ctx)
	go func() { rawCall(t, s, pollCtx, "getUpdates", url.Values{"offset": {"4"}, "timeout": {"30"}}) }()
	if status := <-conflict; status != http.StatusConflict {
		t.Errorf("first poller: status %d, want 409", status)
	}
	cancel()

	// No getUpdates while a webhook is set.
	b := newBot(t, s)
	if _, err := b.SetWebhook(ctx, &bot.SetWebhookParams{URL: "https://bot.example/hook", SecretToken: "s3cr3t"}); err != nil {
		t.Fatal(err)
	}
	if u, tok := s.Webhook(); u != "https://bot.example/hook" || tok != "s3cr3t" {
		t.Errorf("webhook = %q %q", u, tok)
	}
	if status, _ := rawCall(t, s, ctx, "getUpdates", nil); status != http.StatusConflict {
		t.Errorf("getUpdates with a webhook: %d", status)
	}
	if _, err := b.DeleteWebhook(ctx, &bot.DeleteWebhookParams{DropPendingUpdates: true}); err != nil {
		t.Fatal(err)
	}
	if status, _ := rawCall(t, s, ctx, "getUpdates", nil); status != http.StatusOK {
		t.Errorf("getUpdates after deleteWebhook: %d", status)
	}
	if _, err := b.SetWebhook(ctx, &bot.SetWebhookParams{URL: "http://insecure/"}); !errors.Is(err, bot.ErrorBadRequest) {
		t.Errorf("http webhook: err = %v", err)
	}
}

func TestBotMethods(t *testing.T) {
	t.Parallel()
	s := telegramtest.New(t)
	ctx := context.Background()

	b, err := bot.New(telegramtest.Token, bot.WithServerURL(s.URL())) // runs getMe
	if err != nil {
		t.Fatal(err)
	}
	me, err := b.GetMe(ctx)
	if err != nil || me.ID != telegramtest.BotID || me.Username != telegramtest.BotUsername || !me.IsBot {
		t.Fatalf("getMe = %+v, %v", me, err)
	}
	if _, err := bot.New("999:WRONG", bot.WithServerURL(s.URL())); !errors.Is(err, bot.ErrorUnauthorized) {
		t.Errorf("wrong token: err = %v", err)
	}

	// Commands, per scope.
	cmds := []models.BotCommand{{Command: "start", Description: "Subscribe"}, {Command: "topics", Description: "Your topics"}}
	if _, err := b.SetMyCommands(ctx, &bot.SetMyCommandsParams{Commands: cmds}); err != nil {
		t.Fatal(err)
	}
	if _, err := b.SetMyCommands(ctx, &bot.SetMyCommandsParams{Commands: cmds[:1], Scope: &models.BotCommandScopeAllGroupChats{}}); err != nil {
		t.Fatal(err)
	}
	if got := s.Commands(); len(got) != 2 || got[1] != cmds[1] {
		t.Errorf("commands = %+v", got)
	}
	if got := s.CommandsFor(telegramtest.CommandScope{Type: "all_group_chats"}, ""); len(got) != 1 {
		t.Errorf("group commands = %+v", got)
	}
	if _, err := b.SetMyCommands(ctx, &bot.SetMyCommandsParams{Commands: []models.BotCommand{{Command: "Start", Description: "x"}}}); err == nil ||
		!strings.Contains(err.Error(), "BOT_COMMAND_INVALID") {
		t.Errorf("upper-case command: err = %v", err)
	}
	if _, err := b.DeleteMyCommands(ctx, &bot.DeleteMyCommandsParams{}); err != nil || len(s.Commands()) != 0 {
		t.Errorf("deleteMyCommands: %v, %+v", err, s.Commands())
	}

	// Chat members.
	s.AddChat(group)
	s.SetAdmins(group.ID, alice.ID, telegramtest.BotID)
	for user, want := range map[int64]models.ChatMemberType{alice.ID: models.ChatMemberTypeOwner,
		telegramtest.BotID: models.ChatMemberTypeAdministrator, bob.ID: models.ChatMemberTypeMember} {
		m, err := b.GetChatMember(ctx, &bot.GetChatMemberParams{ChatID: group.ID, UserID: user})
		if err != nil || m.Type != want {
			t.Errorf("getChatMember(%d) = %+v, %v; want %s", user, m, err, want)
		}
	}
	admins, err := b.GetChatAdministrators(ctx, &bot.GetChatAdministratorsParams{ChatID: group.ID})
	if err != nil || len(admins) != 2 || admins[0].Owner == nil || admins[1].Administrator.User.ID != telegramtest.BotID {
		t.Errorf("getChatAdministrators = %+v, %v", admins, err)
	}
	if _, err := b.GetChatAdministrators(ctx, &bot.GetChatAdministratorsParams{ChatID: private.ID}); !errors.Is(err, bot.ErrorBadRequest) {
		t.Errorf("admins of a private chat: err = %v", err)
	}

	// Edits: "message is not modified", keyboard-only edits, unknown ids.
	kb := &models.InlineKeyboardMarkup{InlineKeyboard: [][]models.InlineKeyboardButton{{{Text: "More", CallbackData: "more"}}}}
	m, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: private.ID, Text: "<b>Digest</b>", ParseMode: models.ParseModeHTML, ReplyMarkup: kb})
	if err != nil {
		t.Fatal(err)
	}
	if m.ReplyMarkup == nil || m.ReplyMarkup.InlineKeyboard[0][0].CallbackData != "more" || m.Entities[0].Type != models.MessageEntityTypeBold {
		t.Errorf("sent = %+v", m)
	}
	_, err = b.EditMessageText(ctx, &bot.EditMessageTextParams{ChatID: private.ID, MessageID: m.ID, Text: "<b>Digest</b>", ParseMode: models.ParseModeHTML, ReplyMarkup: kb})
	if err == nil || !strings.Contains(err.Error(), "message is not modified") {
		t.Errorf("same content: err = %v", err)
	}
	if _, err := b.EditMessageReplyMarkup(ctx, &bot.EditMessageReplyMarkupParams{ChatID: private.ID, MessageID: m.ID}); err != nil {
		t.Errorf("remove keyboard: %v", err)
	}
	if cur, _ := s.Current(private.ID, m.ID); cur.ReplyMarkup != nil {
		t.Errorf("keyboard still there: %s", cur.ReplyMarkup)
	}
	if _, err := b.EditMessageText(ctx, &bot.EditMessageTextParams{ChatID: private.ID, MessageID: 999, Text: "x"}); err == nil ||
		!strings.Contains(err.Error(), "message to edit not found") {
		t.Errorf("unknown message: err = %v", err)
	}
	if _, err := b.AnswerCallbackQuery(ctx, &bot.AnswerCallbackQueryParams{CallbackQueryID: "nope"}); !errors.Is(err, bot.ErrorBadRequest) {
		t.Errorf("unknown callback: err = %v", err)
	}
	if ok, err := b.DeleteMessage(ctx, &bot.DeleteMessageParams{ChatID: private.ID, MessageID: m.ID}); !ok || err != nil {
		t.Errorf("deleteMessage: %v", err)
	}
	if _, ok := s.Current(private.ID, m.ID); ok {
		t.Error("deleted message still current")
	}
}

func TestStrictChatsAndJSONBody(t *testing.T) {
	t.Parallel()
	s := telegramtest.New(t, telegramtest.WithStrictChats())
	b := newBot(t, s)
	if _, err := send(b, 777, "x"); err == nil || !strings.Contains(err.Error(), "Bad Request: chat not found") {
		t.Errorf("unknown chat: err = %v", err)
	}
	s.AddChat(telegramtest.Chat{ID: -1005550001, Type: "channel", Title: "News", Username: "newsdigest_ch"})
	if _, err := send(b, 0, "x"); err == nil {
		t.Error("chat_id 0 accepted")
	}
	m, err := b.SendMessage(context.Background(), &bot.SendMessageParams{ChatID: "@newsdigest_ch", Text: "x"})
	if err != nil || m.Chat.ID != -1005550001 || m.SenderChat == nil {
		t.Errorf("send to @channel: %+v, %v", m, err)
	}

	// Other clients post JSON; the fake reads it too.
	resp, err := http.Post(s.URL()+"/bot"+telegramtest.Token+"/sendMessage", "application/json",
		bytes.NewReader([]byte(`{"chat_id":-1005550001,"text":"<i>json</i>","parse_mode":"HTML","reply_markup":{"inline_keyboard":[[{"text":"a","url":"https://e.org"}]]}}`)))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if got := s.MessagesTo(-1005550001); len(got) != 2 || got[1].Plain != "json" || len(got[1].Buttons()) != 1 {
		t.Errorf("JSON request recorded as %+v", got)
	}
}
