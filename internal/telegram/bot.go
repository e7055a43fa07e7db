// Package telegram is the bot people talk to: commands, buttons, and the
// scheduled digest run for each subscriber. It never sends directly: every
// reply and digest goes through the persistent outbox, which the deliver
// package drains within Telegram's limits.
package telegram // import "github.com/newsdigest/newsdigest/internal/telegram"

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/newsdigest/newsdigest/internal/botapi"
	"github.com/newsdigest/newsdigest/internal/config"
	"github.com/newsdigest/newsdigest/internal/i18n"
	"github.com/newsdigest/newsdigest/internal/news"
	"github.com/newsdigest/newsdigest/internal/store"
)

// Backend is what the bot needs from the rest of the service.
type Backend interface {
	Topics() []config.Topic
	// Defaults are the schedule and zone a new subscriber starts with.
	Defaults() (spec, tz string)
	SubscriberDigest(ctx context.Context, sub store.Subscriber, sinceLast bool) (news.Digest, error)
	Ask(ctx context.Context, query string, limit int) ([]news.Story, error)
	Story(ctx context.Context, id string) (news.Story, bool, error)

	// For the admin commands.
	IsAdmin(id int64) bool
	Status(ctx context.Context) (string, error)
	FeedList(ctx context.Context) (string, error)
	Reload(ctx context.Context) error
}

// Planner plans each subscriber's digest runs.
type Planner interface {
	Set(chatID int64, spec, tz string) error
	Remove(chatID int64)
}

// Options configure a Bot.
type Options struct {
	Token       string
	APIURL      string // Bot API server; "" for Telegram's
	Store       store.Store
	Backend     Backend
	Planner     Planner
	Kick        func() // wakes the deliverer after messages are enqueued
	Log         *slog.Logger
	EmptyNotice bool // send "nothing new" instead of skipping an empty digest
	Now         func() time.Time
	// Unreadable, when set, is told of each Bot API call Telegram took
	// whose answer the client library could not read (see botapi).
	Unreadable func(method string)
	// SkipGetMe skips the token check at start (tests).
	SkipGetMe bool
	// PollLease is how long the instance that long-polls holds its lease
	// (renewed every third of it); another instance takes over within it
	// after a crash. Default 30s.
	PollLease time.Duration
	// Webhook, when its URL is set, makes Start take updates that Telegram
	// posts instead of long-polling for them.
	Webhook Webhook
}

// Bot handles updates from Telegram.
type Bot struct {
	owner    string // this instance, for the polling lease
	api      *bot.Bot
	o        Options
	inflight sync.WaitGroup // handlers run in their own goroutines

	// dispatch handles one update in either mode; it is handle, and a
	// test may wrap it before Start.
	dispatch func(context.Context, *models.Update)
	hook     webhookState
}

// pollTimeout bounds a getUpdates long poll (the library asks Telegram to
// hold it a second less) and every other call.
const pollTimeout = time.Minute

// allowedUpdates are the update kinds the bot asks for, in both modes.
var allowedUpdates = []string{"message", "channel_post", "callback_query", "my_chat_member"}

// New creates the bot; it checks the token with getMe unless told not to.
func New(o Options) (*Bot, error) {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Kick == nil {
		o.Kick = func() {}
	}
	if o.PollLease <= 0 {
		o.PollLease = 30 * time.Second
	}
	if err := o.Webhook.check(); err != nil {
		return nil, err
	}
	host, _ := os.Hostname()
	b := &Bot{o: o, owner: fmt.Sprintf("%s:%d:%x", host, os.Getpid(), rand.Uint32())}
	b.dispatch = func(ctx context.Context, u *models.Update) { b.handle(ctx, b.api, u) }
	if o.Webhook.URL != "" {
		b.hook.seen = newRecentIDs(recentUpdates)
	}
	client := &botapi.Client{HTTP: &http.Client{Timeout: pollTimeout}, Log: o.Log, Unreadable: o.Unreadable}
	opts := []bot.Option{
		bot.WithHTTPClient(pollTimeout, client),
		bot.WithDefaultHandler(func(ctx context.Context, _ *bot.Bot, u *models.Update) { b.dispatch(ctx, u) }),
		bot.WithErrorsHandler(func(err error) { o.Log.Warn("telegram: polling", "err", botapi.Redact(err.Error())) }),
		bot.WithAllowedUpdates(bot.AllowedUpdates(allowedUpdates)),
	}
	if o.APIURL != "" {
		opts = append(opts, bot.WithServerURL(strings.TrimRight(o.APIURL, "/")))
	}
	if o.SkipGetMe {
		opts = append(opts, bot.WithSkipGetMe())
	}
	api, err := bot.New(o.Token, opts...)
	if err != nil {
		return nil, fmt.Errorf("telegram: %s", botapi.Redact(err.Error()))
	}
	b.api = api
	return b, nil
}

// API is the underlying client, for the deliverer's sender.
func (b *Bot) API() *bot.Bot { return b.api }

// commands are the commands clients offer, with their descriptions.
var commands = []struct {
	name string
	desc i18n.Key
}{
	{"start", i18n.CmdStart},
	{"help", i18n.CmdHelp},
	{"topics", i18n.CmdTopics},
	{"subscribe", i18n.CmdSubscribe},
	{"unsubscribe", i18n.CmdUnsubscribe},
	{"digest", i18n.CmdDigest},
	{"schedule", i18n.CmdSchedule},
	{"timezone", i18n.CmdTimezone},
	{"language", i18n.CmdLanguage},
	{"ask", i18n.CmdAsk},
	{"story", i18n.CmdStory},
	{"stop", i18n.CmdStop},
}

// CommandsIn are the commands described in lang.
func CommandsIn(lang string) []models.BotCommand {
	out := make([]models.BotCommand, len(commands))
	for i, c := range commands {
		out[i] = models.BotCommand{Command: c.name, Description: i18n.T(lang, c.desc)}
	}
	return out
}

// Commands are registered with setMyCommands so clients offer them; this
// English list is the default, for clients in other languages.
var Commands = CommandsIn(i18n.English)

// Start registers the commands, plans every active subscriber's digests
// and takes updates until ctx ends: from the webhook listener when one is
// configured, else by long polling.
func (b *Bot) Start(ctx context.Context) error {
	b.setCommands(ctx)
	if err := b.PlanAll(ctx); err != nil {
		return err
	}
	var err error
	if b.o.Webhook.URL != "" {
		err = b.serveWebhook(ctx)
	} else {
		b.poll(ctx)
	}
	b.drain()
	if err != nil {
		return err
	}
	return ctx.Err()
}

// setCommands registers the commands so that clients offer them: English
// by default, and described in each other language for the clients set to
// it. A failure only costs the menu.
func (b *Bot) setCommands(ctx context.Context) {
	for _, l := range i18n.Languages {
		p := &bot.SetMyCommandsParams{Commands: CommandsIn(l.Code)}
		if l.Code != i18n.English {
			p.LanguageCode = l.Code
		}
		err := botapi.Call(ctx, "setMyCommands", func(ctx context.Context) error {
			_, err := b.api.SetMyCommands(ctx, p)
			return err
		})
		if err != nil {
			b.o.Log.Warn("telegram: setMyCommands", "language", l.Code, "err", botapi.Redact(err.Error()))
		}
	}
}

// poll long-polls for updates until ctx ends. A webhook left set (by an
// earlier run in webhook mode) makes getUpdates fail with 409, so it goes
// first; its pending updates stay and are polled.
//
// Telegram allows one poller per bot, so among instances sharing a store
// only the holder of the "telegram-updates" lease polls; the others wait
// and take over when its lease lapses (it crashed) or is released.
func (b *Bot) poll(ctx context.Context) {
	if _, err := b.api.DeleteWebhook(ctx, &bot.DeleteWebhookParams{}); err != nil && ctx.Err() == nil {
		b.o.Log.Warn("telegram: deleteWebhook", "err", botapi.Redact(err.Error()))
	}
	for ctx.Err() == nil {
		if !b.lead(ctx) {
			select {
			case <-ctx.Done():
			case <-time.After(b.o.PollLease / 3):
			}
			continue
		}
		b.o.Log.Info("telegram: this instance polls for updates", "owner", b.owner)
		pctx, stop := context.WithCancel(ctx)
		done := make(chan struct{})
		go func() { b.api.Start(pctx); close(done) }()
		for held := true; held; {
			select {
			case <-ctx.Done():
				held = false
			case <-time.After(b.o.PollLease / 3):
				held = b.lead(ctx)
			}
		}
		stop()
		<-done
		rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		if err := b.o.Store.ReleaseLease(rctx, updatesLease, b.owner); err != nil {
			b.o.Log.Warn("telegram: releasing the polling lease", "err", err)
		}
		cancel()
		if ctx.Err() == nil {
			b.o.Log.Warn("telegram: lost the polling lease; another instance polls")
		}
	}
}

// updatesLease names the polling lease.
const updatesLease = "telegram-updates"

// lead takes or renews the polling lease.
func (b *Bot) lead(ctx context.Context) bool {
	ok, err := b.o.Store.ClaimLease(ctx, updatesLease, b.owner, b.o.Now(), b.o.PollLease)
	if err != nil {
		if ctx.Err() == nil {
			b.o.Log.Warn("telegram: polling lease", "err", err)
		}
		return false
	}
	return ok
}

// drain waits (bounded) for running handlers at shutdown: the library
// does not wait for them, and a handler's reply is in the outbox once it
// returns.
func (b *Bot) drain() {
	done := make(chan struct{})
	go func() { b.inflight.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(handlerDrain):
		b.o.Log.Warn("telegram: handlers still running at shutdown")
	}
}

// handlerDrain bounds the wait for running handlers at shutdown.
const handlerDrain = 5 * time.Second

// PlanAll (re)plans the digests of every active subscriber.
func (b *Bot) PlanAll(ctx context.Context) error {
	subs, err := b.o.Store.Subscribers(ctx)
	if err != nil {
		return err
	}
	for _, s := range subs {
		if !s.Active {
			b.o.Planner.Remove(s.ChatID)
			continue
		}
		if err := b.o.Planner.Set(s.ChatID, s.Schedule, s.TimeZone); err != nil {
			b.o.Log.Warn("telegram: bad stored schedule", "chat", s.ChatID, "err", err)
		}
	}
	return nil
}

// chat is where a reply goes, and in which language.
type chat struct {
	id     int64
	thread int
	kind   string
	title  string
	lang   string // what replies are in (see Bot.language)
	client string // the sender's app language if the bot speaks it, else ""
}

// out enqueues messages for a chat. key makes them idempotent: an update
// handled twice (after a restart) replies once.
func (b *Bot) out(ctx context.Context, c chat, key string, texts []string, markups []string) {
	var msgs []store.OutMessage
	now := b.o.Now()
	for i, t := range texts {
		m := store.OutMessage{Key: fmt.Sprintf("%s:%d", key, i), ChatID: c.id, ThreadID: c.thread, Text: t, HTML: true, Created: now}
		if i < len(markups) {
			m.Markup = markups[i]
		}
		msgs = append(msgs, m)
	}
	if err := b.o.Store.Enqueue(ctx, msgs); err != nil {
		b.o.Log.Error("telegram: enqueue reply", "chat", c.id, "err", err)
		return
	}
	b.o.Kick()
}

// button is one inline button.
type button struct{ text, data string }

// keyboard encodes rows of buttons as reply markup JSON. Callback data is
// at most 64 bytes (Telegram's limit); longer data is a programming error
// caught by tests, and is dropped rather than sent.
func keyboard(rows ...[]button) string {
	var kb models.InlineKeyboardMarkup
	for _, r := range rows {
		var row []models.InlineKeyboardButton
		for _, bt := range r {
			if len(bt.data) <= 64 {
				row = append(row, models.InlineKeyboardButton{Text: bt.text, CallbackData: bt.data})
			}
		}
		if len(row) > 0 {
			kb.InlineKeyboard = append(kb.InlineKeyboard, row)
		}
	}
	if len(kb.InlineKeyboard) == 0 {
		return ""
	}
	b, _ := json.Marshal(kb)
	return string(b)
}

// isAdmin reports whether user may change a group's settings.
func (b *Bot) isAdmin(ctx context.Context, c chat, userID int64) bool {
	if c.kind == "private" || c.kind == "channel" {
		return true // a channel post comes from its admins
	}
	m, err := b.api.GetChatMember(ctx, &bot.GetChatMemberParams{ChatID: c.id, UserID: userID})
	if err != nil {
		b.o.Log.Warn("telegram: getChatMember", "chat", c.id, "err", botapi.Redact(err.Error()))
		return false
	}
	return m.Type == models.ChatMemberTypeOwner || m.Type == models.ChatMemberTypeAdministrator
}

var errNotSubscribed = errors.New("not subscribed")
