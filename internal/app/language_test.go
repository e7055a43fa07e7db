package app_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/go-telegram/bot/models"

	"github.com/newsdigest/newsdigest/internal/telegram/telegramtest"
)

// TestBotSpeaksTheReadersLanguage follows readers whose Telegram apps are
// set to other languages: the bot answers in the app's language when it
// speaks it, in English when not, and in the one a reader picks with
// /language from then on.
func TestBotSpeaksTheReadersLanguage(t *testing.T) {
	api := telegramtest.New(t)
	a := startService(t, api)
	ctx := context.Background()

	hasCommand := func(lang, command, desc string) bool {
		return slices.ContainsFunc(api.CommandsFor(telegramtest.CommandScope{}, lang), func(c models.BotCommand) bool {
			return c.Command == command && c.Description == desc
		})
	}
	if !hasCommand("", "language", "Language of replies and digests") || !hasCommand("uk", "language", "Мова відповідей і дайджестів") ||
		!hasCommand("de", "digest", "Meinen Digest jetzt senden") {
		t.Errorf("commands: default %+v, uk %+v", api.Commands(), api.CommandsFor(telegramtest.CommandScope{}, "uk"))
	}

	olena := telegramtest.User{ID: 77, FirstName: "Olena", LanguageCode: "uk"}
	chat := telegramtest.Chat{ID: 77, Type: "private"}
	expect := func(m telegramtest.Sent, command string, want ...string) {
		t.Helper()
		for _, w := range want {
			if !strings.Contains(m.Plain, w) {
				t.Errorf("%s: reply lacks %q:\n%s", command, w, m.Plain)
			}
		}
	}
	language := func(id int64) string {
		sub, _, _ := a.Store.Subscriber(ctx, id)
		return sub.Language
	}

	expect(converse(t, api, chat, olena, "/start"), "/start", "Вітаю в newsdigest", "щодня о 08:00 (Europe/Brussels)", "теми — усі")
	if got := language(chat.ID); got != "uk" {
		t.Errorf("stored language after /start = %q, want uk", got)
	}
	expect(converse(t, api, chat, olena, "/help"), "/help", "збирає новини", "/language", "зупинити всі дайджести")
	expect(converse(t, api, chat, olena, "/frobnicate"), "/frobnicate", "Я не знаю команди /frobnicate")

	m := converse(t, api, chat, olena, "/language")
	expect(m, "/language", "Мова відповідей і дайджестів: Українська")
	if b, ok := m.Button("✅ Українська"); !ok || b.Data != "l:uk" {
		t.Errorf("/language buttons: %+v", m.Buttons())
	}
	picker := m

	expect(converse(t, api, chat, olena, "/language pt"), "/language pt", "Мови «pt» я поки не знаю", "de (Deutsch)", "tr (Türkçe)")
	expect(converse(t, api, chat, olena, "/language de"), "/language de", "Ab jetzt antworte ich auf Deutsch.")
	if got := language(chat.ID); got != "de" {
		t.Errorf("stored language after /language de = %q", got)
	}
	expect(converse(t, api, chat, olena, "/help"), "/help in German", "fasst die Nachrichten", "/language")
	expect(converse(t, api, chat, olena, "/schedule"), "/schedule in German", "Digests kommen: täglich um 08:00 (Europe/Brussels)")
	expect(converse(t, api, chat, olena, "/schedule gegen Mittag"), "a bad /schedule in German", "„gegen Mittag“ ist kein Zeitplan", "/schedule weekdays 7:30")
	expect(converse(t, api, chat, olena, "/timezone Mars/Olympus"), "a bad /timezone in German", "Die Zeitzone „Mars/Olympus“ kenne ich nicht")

	m = converse(t, api, chat, olena, "/digest")
	if !strings.HasPrefix(m.Plain, "Nachrichten-Digest vom ") {
		t.Errorf("/digest title in German: %q", m.Plain)
	}
	if bs := m.Buttons(); len(bs) == 0 || bs[0].Text != "Mehr: Meldung 1" {
		t.Errorf("/digest buttons in German: %+v", bs)
	}

	before := len(api.MessagesTo(chat.ID))
	api.PressButton(chat, olena, picker.MessageID, "l:fr")
	m = api.WaitMessages(t, chat.ID, before+1, 10*time.Second)[before]
	expect(m, "the Français button", "Désormais, je réponds en français.")
	api.WaitFor(t, 5*time.Second, "language stored", func() bool { return language(chat.ID) == "fr" })

	// An app language the bot does not speak gets English, and stays
	// unchosen.
	pedro := telegramtest.User{ID: 78, FirstName: "Pedro", LanguageCode: "pt-BR"}
	pchat := telegramtest.Chat{ID: 78, Type: "private"}
	expect(converse(t, api, pchat, pedro, "/start"), "/start in pt-BR", "Welcome to newsdigest", "08:00 every day (Europe/Brussels)")
	expect(converse(t, api, pchat, pedro, "/help"), "/help in pt-BR", "groups the news", "/language")
	if got := language(pchat.ID); got != "" {
		t.Errorf("stored language for pt-BR = %q, want none", got)
	}

	// Someone not subscribed is answered in their app's language, its
	// region ignored.
	hanna := telegramtest.User{ID: 79, FirstName: "Hanna", LanguageCode: "de-AT"}
	expect(converse(t, api, telegramtest.Chat{ID: 79, Type: "private"}, hanna, "/help"), "/help in de-AT", "fasst die Nachrichten")
}
