package app_test

import (
	"context"
	"io"
	"log/slog"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/newsdigest/newsdigest/internal/app"
	"github.com/newsdigest/newsdigest/internal/config"
	"github.com/newsdigest/newsdigest/internal/schedule"
	"github.com/newsdigest/newsdigest/internal/store"
	"github.com/newsdigest/newsdigest/internal/telegram/telegramtest"
)

// serve runs the whole service in-process on cfg until the test ends;
// prepare, when given, runs first (to set a clock or seed the store).
func serve(t *testing.T, cfg *config.Config, prepare func(*app.App)) *app.App {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	a, err := app.Open(ctx, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	if prepare != nil {
		prepare(a)
	}
	done := make(chan error, 1)
	go func() { done <- a.Serve(ctx) }()
	t.Cleanup(func() {
		cancel()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			t.Error("service did not stop within 10s")
		}
		a.Close()
	})
	return a
}

// botConfig is the default config (the bundled feeds) talking to api.
func botConfig(t *testing.T, api *telegramtest.Server) *config.Config {
	t.Helper()
	t.Setenv("NEWSDIGEST_DATA_DIR", t.TempDir())
	cfg, err := config.Load("../../configs/newsdigest.yaml")
	if err != nil {
		t.Fatal(err)
	}
	cfg.Telegram.Token, cfg.Telegram.APIURL = telegramtest.Token, api.URL()
	return cfg
}

// waitPolled waits until every configured feed has been polled once.
func waitPolled(t *testing.T, api *telegramtest.Server, a *app.App) {
	t.Helper()
	api.WaitFor(t, 20*time.Second, "feeds polled", func() bool {
		states, err := a.Store.FeedStates(context.Background())
		if err != nil {
			return false
		}
		for _, f := range a.Config().Feeds {
			if states[f.Name].LastPoll.IsZero() {
				return false
			}
		}
		return true
	})
}

// startService runs the whole service — poller on the bundled feeds, bot,
// scheduler, deliverer — against a fake Bot API on loopback.
func startService(t *testing.T, api *telegramtest.Server) *app.App {
	t.Helper()
	a := serve(t, botConfig(t, api), nil)
	waitPolled(t, api, a)
	return a
}

// converse sends text and returns the first message of the bot's reply,
// having waited for the whole reply (a digest can take several messages).
func converse(t *testing.T, api *telegramtest.Server, chat telegramtest.Chat, user telegramtest.User, text string) telegramtest.Sent {
	t.Helper()
	before := len(api.MessagesTo(chat.ID))
	api.SendText(chat, user, text)
	first := api.WaitMessages(t, chat.ID, before+1, 10*time.Second)[before]
	settle(api, chat.ID)
	return first
}

// settle waits until no message has reached the chat for a while: the
// deliverer spaces one chat's messages a second apart.
func settle(api *telegramtest.Server, chatID int64) {
	n := len(api.MessagesTo(chatID))
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); {
		time.Sleep(1500 * time.Millisecond)
		m := len(api.MessagesTo(chatID))
		if m == n {
			return
		}
		n = m
	}
}

func TestBotConversation(t *testing.T) {
	api := telegramtest.New(t)
	a := startService(t, api)
	ann := telegramtest.User{ID: 42, FirstName: "Ann"}
	chat := telegramtest.Chat{ID: 42, Type: "private"}

	if got := api.Commands(); len(got) < 10 {
		t.Errorf("setMyCommands registered %d commands", len(got))
	}

	m := converse(t, api, chat, ann, "/start")
	if !strings.Contains(m.Plain, "Welcome to newsdigest") || !strings.Contains(m.Plain, "08:00 every day (Europe/Brussels)") {
		t.Errorf("/start reply: %q", m.Plain)
	}

	m = converse(t, api, chat, ann, "/topics")
	b, ok := m.Button("➕ Ukraine peace talks")
	if !ok || b.Data != "t:ukraine-peace" {
		t.Fatalf("/topics buttons: %+v", m.Buttons())
	}
	api.PressButton(chat, ann, m.MessageID, b.Data)
	api.WaitFor(t, 5*time.Second, "topic followed", func() bool {
		sub, _, _ := a.Store.Subscriber(context.Background(), chat.ID)
		return slices.Contains(sub.Topics, "ukraine-peace")
	})
	api.WaitFor(t, 5*time.Second, "button answered", func() bool {
		return slices.Contains(api.CallbackAnswers(), "Following Ukraine peace talks")
	})

	if m = converse(t, api, chat, ann, "/timezone Europe/Kyiv"); !strings.Contains(m.Plain, "Time zone set") {
		t.Errorf("/timezone reply: %q", m.Plain)
	}
	if m = converse(t, api, chat, ann, "/schedule daily 08:00"); !strings.Contains(m.Plain, "08:00 every day (Europe/Kyiv)") {
		t.Errorf("/schedule reply: %q", m.Plain)
	}
	sub, _, _ := a.Store.Subscriber(context.Background(), chat.ID)
	if sub.Schedule != "0 8 * * *" || sub.TimeZone != "Europe/Kyiv" || !sub.Active {
		t.Errorf("stored subscriber: %+v", sub)
	}

	m = converse(t, api, chat, ann, "/ask peace talks NATO")
	if !strings.Contains(m.Plain, "Rutte") || len(m.Buttons()) == 0 || !strings.HasPrefix(m.Buttons()[0].Data, "m:") {
		t.Errorf("/ask reply: %q buttons %+v", m.Plain, m.Buttons())
	}

	m = converse(t, api, chat, ann, "/digest")
	// Which seed article heads the story depends on the order articles were
	// grouped in (online grouping), so the test asks for the story, not a title.
	first, _, _ := strings.Cut(m.Text, "</blockquote>")
	if !strings.Contains(first, "Rutte") || !strings.Contains(m.Plain, "Mark Rutte, NATO Secretary General") ||
		!strings.Contains(m.Text, "<blockquote>") || !strings.Contains(m.Plain, "7 outlets") {
		t.Errorf("/digest lacks the seed story with its quotes:\n%s", m.Text)
	}
	if strings.Contains(m.Plain, "Super Bowl") {
		t.Errorf("/digest shows a story outside the followed topic:\n%s", m.Plain)
	}

	more := m.Buttons()[0]
	before := len(api.MessagesTo(chat.ID))
	api.PressButton(chat, ann, m.MessageID, more.Data)
	api.WaitMessages(t, chat.ID, before+1, 10*time.Second)
	settle(api, chat.ID)
	var full []string
	for _, m := range api.MessagesTo(chat.ID)[before:] {
		full = append(full, m.Plain)
	}
	if text := strings.Join(full, "\n"); !strings.Contains(text, "Volodymyr Zelensky") || !strings.Contains(text, "7 outlets") {
		t.Errorf("full story lacks all quotes and outlets:\n%s", text)
	}

	if m = converse(t, api, chat, ann, "/frobnicate"); !strings.Contains(m.Plain, "I don't know /frobnicate") {
		t.Errorf("unknown command reply: %q", m.Plain)
	}
	if m = converse(t, api, chat, ann, "/subscribe"); !strings.Contains(m.Plain, "Follow what?") {
		t.Errorf("/subscribe without argument: %q", m.Plain)
	}
	if m = converse(t, api, chat, ann, "/schedule at noonish"); !strings.Contains(m.Plain, "not a") {
		t.Errorf("bad schedule reply: %q", m.Plain)
	}

	m = converse(t, api, chat, ann, "/stop")
	if !strings.Contains(m.Plain, "Digests stopped") {
		t.Errorf("/stop reply: %q", m.Plain)
	}
	if sub, _, _ := a.Store.Subscriber(context.Background(), chat.ID); sub.Active {
		t.Error("subscriber still active after /stop")
	}
	del, ok := m.Button("Delete my data")
	if !ok {
		t.Fatalf("/stop offers no data deletion: %+v", m.Buttons())
	}
	api.PressButton(chat, ann, m.MessageID, del.Data)
	api.WaitFor(t, 5*time.Second, "subscriber deleted", func() bool {
		_, ok, _ := a.Store.Subscriber(context.Background(), chat.ID)
		return !ok
	})
}

// TestConversationWithUnreadableAnswers: a Bot API whose successful
// answers go-telegram/bot cannot read — a field of a type it does not
// expect in every answer, updates included, and sendMessage answers cut
// off or not JSON now and then. Every step of a conversation gets its
// reply, promptly, and none arrives twice.
func TestConversationWithUnreadableAnswers(t *testing.T) {
	api := telegramtest.New(t, telegramtest.WithFault(func(method string, _ int64, call int) *telegramtest.Fault {
		switch {
		case method == "sendMessage" && call%5 == 2:
			return &telegramtest.Fault{Answer: telegramtest.AnswerCutOff}
		case method == "sendMessage" && call%5 == 4:
			return &telegramtest.Fault{Answer: telegramtest.AnswerNotJSON}
		}
		return &telegramtest.Fault{Answer: telegramtest.AnswerMistyped}
	}))
	startService(t, api)
	ann := telegramtest.User{ID: 42, FirstName: "Ann"}
	chat := telegramtest.Chat{ID: 42, Type: "private"}
	for _, step := range []struct{ say, want string }{
		{"/start", "Welcome to newsdigest"},
		{"/help", "/subscribe"},
		{"/topics", "Ukraine peace talks"},
		{"/ask peace talks NATO", "Rutte"},
		{"what's new on the peace talks?", "Rutte"},
		{"/digest", "Rutte"},
		{"/timezone Mars/Olympus_Mons", "time zone"},
		{"/frobnicate", "I don't know /frobnicate"},
	} {
		before := len(api.MessagesTo(chat.ID))
		m := converse(t, api, chat, ann, step.say)
		if !strings.Contains(strings.ToLower(m.Plain), strings.ToLower(step.want)) {
			t.Errorf("%s: reply %q, want it to mention %q", step.say, m.Plain, step.want)
		}
		seen := map[string]bool{}
		for _, m := range api.MessagesTo(chat.ID)[before:] {
			if seen[m.Text] {
				t.Errorf("%s: a reply arrived twice: %.80q", step.say, m.Plain)
			}
			seen[m.Text] = true
		}
	}
}

func TestGroupSettingsNeedAdmin(t *testing.T) {
	api := telegramtest.New(t)
	startService(t, api)
	group := telegramtest.Chat{ID: -1001, Type: "supergroup", Title: "Newsroom"}
	admin, member := telegramtest.User{ID: 1, FirstName: "Ed"}, telegramtest.User{ID: 2, FirstName: "Mo"}
	api.SetAdmins(group.ID, admin.ID)

	if m := converse(t, api, group, member, "/start@"+telegramtest.BotUsername); !strings.Contains(m.Plain, "Only this group's admins") {
		t.Errorf("non-admin /start: %q", m.Plain)
	}
	if m := converse(t, api, group, admin, "/start@"+telegramtest.BotUsername); !strings.Contains(m.Plain, "Welcome") {
		t.Errorf("admin /start: %q", m.Plain)
	}
	if m := converse(t, api, group, member, "/help"); !strings.Contains(m.Plain, "/digest") {
		t.Errorf("anyone may ask for help: %q", m.Plain)
	}
}

// TestDigestAtEachSubscribersEight crosses 08:00 in Kyiv and in New York
// on a manual clock: each subscriber gets exactly one digest, at 08:00 in
// its own zone and titled in its own language.
func TestDigestAtEachSubscribersEight(t *testing.T) {
	api := telegramtest.New(t)
	start := time.Date(2025, 2, 14, 4, 0, 0, 0, time.UTC) // 06:00 Kyiv, 23:00 (13 Feb) New York
	clock := schedule.NewManualClock(start)

	ctx := context.Background()
	subs := map[int64]struct{ tz, lang, title string }{
		1: {"Europe/Kyiv", "uk", "Дайджест новин, "},
		2: {"America/New_York", "", "News digest, "},
	}
	a := serve(t, botConfig(t, api), func(a *app.App) {
		a.Clock, a.Now = clock, clock.Now
		for chat, s := range subs {
			sub := store.Subscriber{ChatID: chat, Kind: "private", Schedule: "0 8 * * *", TimeZone: s.tz, Language: s.lang, Active: true}
			if err := a.Store.SaveSubscriber(ctx, sub); err != nil {
				t.Fatal(err)
			}
		}
	})
	waitPolled(t, api, a)

	clock.Advance(14*time.Hour, time.Minute, func() { time.Sleep(time.Millisecond) })
	for chat := range subs {
		api.WaitMessages(t, chat, 1, 30*time.Second) // a digest per chat; generous for -race on a busy machine
		settle(api, chat)
	}
	for chat, s := range subs {
		loc, _ := time.LoadLocation(s.tz)
		digests := 0
		for _, m := range api.MessagesTo(chat) {
			if strings.HasPrefix(m.Plain, s.title) {
				digests++
			}
		}
		sub, _, _ := a.Store.Subscriber(ctx, chat)
		if want := time.Date(2025, 2, 14, 8, 0, 0, 0, loc); digests != 1 || !sub.LastDigest.Equal(want) {
			t.Errorf("chat %d (%s): %d digests titled %q, last at %v; want 1 at %v", chat, s.tz, digests, s.title, sub.LastDigest.In(loc), want)
		}
	}
}

// TestBlockAndUnblock follows the bot's membership: a user who blocks the
// bot is deactivated, and unblocking brings the subscription back.
func TestBlockAndUnblock(t *testing.T) {
	api := telegramtest.New(t)
	a := startService(t, api)
	bo := telegramtest.User{ID: 77, FirstName: "Bo"}
	chat := telegramtest.Chat{ID: 77, Type: "private"}
	converse(t, api, chat, bo, "/start")
	active := func(want bool) func() bool {
		return func() bool {
			sub, ok, _ := a.Store.Subscriber(context.Background(), chat.ID)
			return ok && sub.Active == want
		}
	}
	api.ChangeMemberStatus(chat, bo, "kicked")
	api.WaitFor(t, 5*time.Second, "deactivated on block", active(false))
	api.ChangeMemberStatus(chat, bo, "member")
	api.WaitFor(t, 5*time.Second, "reactivated on unblock", active(true))
}
