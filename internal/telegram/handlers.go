package telegram

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"slices"
	"strings"
	"time"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/newsdigest/newsdigest/internal/botapi"
	"github.com/newsdigest/newsdigest/internal/config"
	"github.com/newsdigest/newsdigest/internal/i18n"
	"github.com/newsdigest/newsdigest/internal/news"
	"github.com/newsdigest/newsdigest/internal/render"
	"github.com/newsdigest/newsdigest/internal/schedule"
	"github.com/newsdigest/newsdigest/internal/store"
	"github.com/newsdigest/newsdigest/internal/text"
)

// handle dispatches one update. Every path answers: no command is met with
// silence, and a panic in a handler is logged, not fatal.
func (b *Bot) handle(ctx context.Context, _ *bot.Bot, u *models.Update) {
	b.inflight.Add(1)
	defer b.inflight.Done()
	// A handler that has started finishes its store writes even when the
	// service is stopping: the outbox keeps the reply for the next start.
	ctx = context.WithoutCancel(ctx)
	defer func() {
		if r := recover(); r != nil {
			b.o.Log.Error("telegram: handler panic", "update", u.ID, "panic", r)
		}
	}()
	switch {
	case u.Message != nil:
		b.message(ctx, u.ID, u.Message)
	case u.ChannelPost != nil:
		b.message(ctx, u.ID, u.ChannelPost)
	case u.CallbackQuery != nil:
		b.callback(ctx, u.ID, u.CallbackQuery)
	case u.MyChatMember != nil:
		b.membership(ctx, u.MyChatMember)
	}
}

func chatOf(m *models.Message) chat {
	c := chat{id: m.Chat.ID, kind: string(m.Chat.Type), title: m.Chat.Title}
	if m.Chat.IsForum && m.MessageThreadID != 0 {
		c.thread = m.MessageThreadID
	}
	if c.title == "" {
		c.title = strings.TrimSpace(m.Chat.FirstName + " " + m.Chat.LastName)
	}
	return c
}

// language picks the language to answer a chat in: the one it chose (or
// was subscribed with), else that of the sender's Telegram app (client,
// an IETF tag, "" for a channel post), else English.
func (b *Bot) language(ctx context.Context, c *chat, client string) {
	c.client, _ = i18n.Match(client)
	c.lang = i18n.Normalize(c.client)
	sub, ok, err := b.o.Store.Subscriber(ctx, c.id)
	if err != nil {
		b.o.Log.Warn("telegram: loading the chat's language", "chat", c.id, "err", err)
		return
	}
	if ok && sub.Language != "" {
		c.lang = i18n.Normalize(sub.Language)
	}
}

func (b *Bot) message(ctx context.Context, updateID int64, m *models.Message) {
	c := chatOf(m)
	text := strings.TrimSpace(m.Text)
	key := fmt.Sprintf("reply:%d:%d", c.id, updateID)
	var from int64
	var client string
	if m.From != nil {
		from, client = m.From.ID, m.From.LanguageCode
	}
	if !strings.HasPrefix(text, "/") {
		if c.kind == "private" && text != "" {
			b.language(ctx, &c, client)
			b.ask(ctx, c, key, text)
		}
		return
	}
	b.language(ctx, &c, client)
	cmd, arg, _ := strings.Cut(text, " ")
	cmd, _, _ = strings.Cut(strings.ToLower(cmd[1:]), "@") // "/start@newsdigest_bot"
	arg = strings.TrimSpace(arg)

	// Settings change the whole group's digest: only its admins may.
	switch cmd {
	case "start", "subscribe", "unsubscribe", "schedule", "timezone", "language", "stop":
		if !b.isAdmin(ctx, c, from) {
			b.reply(ctx, c, key, i18n.T(c.lang, i18n.AdminsOnly))
			return
		}
	}
	switch cmd {
	case "status", "feeds", "reload":
		if !b.o.Backend.IsAdmin(from) && !b.o.Backend.IsAdmin(c.id) {
			b.o.Log.Warn("telegram: admin command refused", "command", cmd, "chat", c.id, "user", from)
			b.reply(ctx, c, key, i18n.T(c.lang, i18n.AdminCommand, cmd))
			return
		}
		b.admin(ctx, c, key, cmd)
		return
	}
	switch cmd {
	case "start":
		b.start(ctx, c, key)
	case "help":
		b.reply(ctx, c, key, i18n.T(c.lang, i18n.Help))
	case "topics":
		b.topics(ctx, c, key)
	case "subscribe":
		b.subscribe(ctx, c, key, arg)
	case "unsubscribe":
		b.unsubscribe(ctx, c, key, arg)
	case "digest":
		b.digestNow(ctx, c, key)
	case "schedule":
		b.setSchedule(ctx, c, key, arg)
	case "timezone":
		b.setZone(ctx, c, key, arg)
	case "language":
		b.setLanguage(ctx, c, key, arg)
	case "ask":
		if arg == "" {
			b.reply(ctx, c, key, i18n.T(c.lang, i18n.AskHowTo))
			return
		}
		b.ask(ctx, c, key, arg)
	case "story":
		b.story(ctx, c, key, arg)
	case "stop":
		b.stop(ctx, c, key)
	default:
		b.reply(ctx, c, key, i18n.T(c.lang, i18n.UnknownCommand, html.EscapeString(cmd)))
	}
}

func (b *Bot) reply(ctx context.Context, c chat, key, text string, markup ...string) {
	b.out(ctx, c, key, []string{text}, markup)
}

// subscriber loads the chat's subscription.
func (b *Bot) subscriber(ctx context.Context, c chat) (store.Subscriber, error) {
	sub, ok, err := b.o.Store.Subscriber(ctx, c.id)
	if err != nil {
		return sub, err
	}
	if !ok {
		return sub, errNotSubscribed
	}
	return sub, nil
}

// withSubscriber runs fn on the chat's subscription and saves it, or tells
// the chat to /start first.
func (b *Bot) withSubscriber(ctx context.Context, c chat, key string, fn func(*store.Subscriber) (string, string)) {
	sub, err := b.subscriber(ctx, c)
	if err == errNotSubscribed {
		b.reply(ctx, c, key, i18n.T(c.lang, i18n.NotSubscribed))
		return
	}
	if err != nil {
		b.fail(ctx, c, key, err)
		return
	}
	text, markup := fn(&sub)
	if err := b.o.Store.SaveSubscriber(ctx, sub); err != nil {
		b.fail(ctx, c, key, err)
		return
	}
	if sub.Active {
		if err := b.o.Planner.Set(sub.ChatID, sub.Schedule, sub.TimeZone); err != nil {
			b.o.Log.Warn("telegram: plan", "chat", sub.ChatID, "err", err)
		}
	}
	if text != "" {
		b.reply(ctx, c, key, text, markup)
	}
}

func (b *Bot) fail(ctx context.Context, c chat, key string, err error) {
	b.o.Log.Error("telegram: handling update", "chat", c.id, "err", err)
	b.reply(ctx, c, key, i18n.T(c.lang, i18n.Failure))
}

func (b *Bot) start(ctx context.Context, c chat, key string) {
	sub, err := b.subscriber(ctx, c)
	switch {
	case err == errNotSubscribed:
		spec, tz := b.o.Backend.Defaults()
		sub = store.Subscriber{ChatID: c.id, ThreadID: c.thread, Kind: c.kind, Title: c.title, Schedule: spec, TimeZone: tz, Created: b.o.Now()}
	case err != nil:
		b.fail(ctx, c, key, err)
		return
	}
	if sub.Language == "" {
		// Subscribing takes the sender's app language (when the bot
		// speaks it), so that digests come in it too.
		sub.Language = c.client
	}
	sub.Active, sub.ThreadID = true, c.thread
	if err := b.o.Store.SaveSubscriber(ctx, sub); err != nil {
		b.fail(ctx, c, key, err)
		return
	}
	if err := b.o.Planner.Set(sub.ChatID, sub.Schedule, sub.TimeZone); err != nil {
		b.o.Log.Warn("telegram: plan", "chat", sub.ChatID, "err", err)
	}
	follow := i18n.T(c.lang, i18n.AllTopics)
	if len(sub.Topics)+len(sub.Keywords) > 0 {
		follow = strings.Join(append(slices.Clone(sub.Topics), sub.Keywords...), ", ")
	}
	b.reply(ctx, c, key, i18n.T(c.lang, i18n.Welcome,
		html.EscapeString(schedule.Describe(c.lang, sub.Schedule, sub.TimeZone)), html.EscapeString(follow)))
}

func (b *Bot) topicKeyboard(sub store.Subscriber) string {
	var rows [][]button
	for _, t := range b.o.Backend.Topics() {
		mark := "➕ "
		if slices.Contains(sub.Topics, t.ID) {
			mark = "✅ "
		}
		rows = append(rows, []button{{mark + t.Title, "t:" + t.ID}})
	}
	return keyboard(rows...)
}

func (b *Bot) topics(ctx context.Context, c chat, key string) {
	topics := b.o.Backend.Topics()
	if len(topics) == 0 {
		b.reply(ctx, c, key, i18n.T(c.lang, i18n.NoTopics))
		return
	}
	sub, _ := b.subscriber(ctx, c)
	var lines []string
	for _, t := range topics {
		lines = append(lines, fmt.Sprintf("• <b>%s</b> (<code>%s</code>)", html.EscapeString(t.Title), html.EscapeString(t.ID)))
	}
	b.reply(ctx, c, key, i18n.T(c.lang, i18n.TopicsList)+"\n"+strings.Join(lines, "\n"), b.topicKeyboard(sub))
}

func (b *Bot) topicByID(id string) (config.Topic, bool) {
	for _, t := range b.o.Backend.Topics() {
		if strings.EqualFold(t.ID, id) {
			return t, true
		}
	}
	return config.Topic{}, false
}

// maxKeywords bounds one chat's keyword subscriptions.
const maxKeywords = 20

func (b *Bot) subscribe(ctx context.Context, c chat, key, arg string) {
	if arg == "" {
		b.reply(ctx, c, key, i18n.T(c.lang, i18n.SubscribeHowTo))
		return
	}
	b.withSubscriber(ctx, c, key, func(sub *store.Subscriber) (string, string) {
		if t, ok := b.topicByID(arg); ok {
			if !slices.Contains(sub.Topics, t.ID) {
				sub.Topics = append(sub.Topics, t.ID)
			}
			return i18n.T(c.lang, i18n.FollowingTopic, html.EscapeString(t.Title)), ""
		}
		phrase := strings.Join(strings.Fields(arg), " ")
		if len(phrase) > 100 {
			return i18n.T(c.lang, i18n.KeywordsTooLong), ""
		}
		if len(sub.Keywords) >= maxKeywords {
			return i18n.N(c.lang, i18n.TooManyKeywords, maxKeywords), ""
		}
		if !slices.Contains(sub.Keywords, phrase) {
			sub.Keywords = append(sub.Keywords, phrase)
		}
		return i18n.T(c.lang, i18n.FollowingKeywords, html.EscapeString(phrase)), ""
	})
}

func (b *Bot) unsubscribe(ctx context.Context, c chat, key, arg string) {
	b.withSubscriber(ctx, c, key, func(sub *store.Subscriber) (string, string) {
		if arg == "" {
			var all []string
			for _, t := range sub.Topics {
				all = append(all, "<code>"+html.EscapeString(t)+"</code>")
			}
			for _, k := range sub.Keywords {
				all = append(all, i18n.T(c.lang, i18n.Quoted, html.EscapeString(k)))
			}
			if len(all) == 0 {
				return i18n.T(c.lang, i18n.FollowAll), ""
			}
			return i18n.T(c.lang, i18n.YouFollow, strings.Join(all, ", ")), ""
		}
		if strings.EqualFold(arg, "all") {
			sub.Topics, sub.Keywords = nil, nil
			return i18n.T(c.lang, i18n.UnfollowedAll), ""
		}
		phrase := strings.Join(strings.Fields(arg), " ")
		before := len(sub.Topics) + len(sub.Keywords)
		sub.Topics = slices.DeleteFunc(sub.Topics, func(t string) bool { return strings.EqualFold(t, phrase) })
		sub.Keywords = slices.DeleteFunc(sub.Keywords, func(k string) bool { return strings.EqualFold(k, phrase) })
		if len(sub.Topics)+len(sub.Keywords) == before {
			return i18n.T(c.lang, i18n.NotFollowing, html.EscapeString(phrase)), ""
		}
		return i18n.T(c.lang, i18n.Unfollowed, html.EscapeString(phrase)), ""
	})
}

func (b *Bot) setSchedule(ctx context.Context, c chat, key, arg string) {
	if arg == "" {
		sub, err := b.subscriber(ctx, c)
		now := i18n.T(c.lang, i18n.ScheduleNone)
		if err == nil {
			now = schedule.Describe(c.lang, sub.Schedule, sub.TimeZone)
		}
		var rows [][]button
		for i, p := range schedule.Presets {
			rows = append(rows, []button{{i18n.T(c.lang, p.Label), fmt.Sprintf("s:%d", i)}})
		}
		b.reply(ctx, c, key, i18n.T(c.lang, i18n.ScheduleNow, html.EscapeString(now)), keyboard(rows...))
		return
	}
	spec, err := schedule.Parse(arg)
	if err != nil {
		b.reply(ctx, c, key, i18n.T(c.lang, i18n.ScheduleInvalid, html.EscapeString(text.Clip(arg, echoRunes))))
		return
	}
	b.withSubscriber(ctx, c, key, func(sub *store.Subscriber) (string, string) {
		sub.Schedule = spec
		return i18n.T(c.lang, i18n.ScheduleSet, html.EscapeString(schedule.Describe(c.lang, spec, sub.TimeZone))), ""
	})
}

// commonZones are offered as buttons.
var commonZones = []string{"Europe/Kyiv", "Europe/London", "Europe/Berlin", "America/New_York", "America/Los_Angeles", "Asia/Tokyo", "UTC"}

func (b *Bot) setZone(ctx context.Context, c chat, key, arg string) {
	if arg == "" {
		var rows [][]button
		for _, z := range commonZones {
			rows = append(rows, []button{{z, "z:" + z}})
		}
		b.reply(ctx, c, key, i18n.T(c.lang, i18n.ZonePick), keyboard(rows...))
		return
	}
	if _, err := config.LoadLocation(arg); err != nil {
		b.reply(ctx, c, key, i18n.T(c.lang, i18n.ZoneInvalid, html.EscapeString(text.Clip(arg, echoRunes))))
		return
	}
	b.withSubscriber(ctx, c, key, func(sub *store.Subscriber) (string, string) {
		sub.TimeZone = arg
		return i18n.T(c.lang, i18n.ZoneSet, html.EscapeString(schedule.Describe(c.lang, sub.Schedule, arg))), ""
	})
}

// setLanguage shows the chat's language with a button for each, or sets
// it to the one arg names (a code such as "uk" or "de-AT", or a name in
// the language itself).
func (b *Bot) setLanguage(ctx context.Context, c chat, key, arg string) {
	if arg == "" {
		var rows [][]button
		for i, l := range i18n.Languages {
			if i%2 == 0 {
				rows = append(rows, nil)
			}
			mark := ""
			if l.Code == c.lang {
				mark = "✅ "
			}
			rows[len(rows)-1] = append(rows[len(rows)-1], button{mark + l.Name, "l:" + l.Code})
		}
		b.reply(ctx, c, key, i18n.T(c.lang, i18n.LanguageNow, html.EscapeString(i18n.Name(c.lang))), keyboard(rows...))
		return
	}
	lang, ok := i18n.Match(arg)
	for _, l := range i18n.Languages {
		if strings.EqualFold(arg, l.Name) {
			lang, ok = l.Code, true
		}
	}
	if !ok {
		var known []string
		for _, l := range i18n.Languages {
			known = append(known, "<code>"+l.Code+"</code> ("+html.EscapeString(l.Name)+")")
		}
		b.reply(ctx, c, key, i18n.T(c.lang, i18n.LanguageUnknown, html.EscapeString(text.Clip(arg, echoRunes)), strings.Join(known, ", ")))
		return
	}
	b.withSubscriber(ctx, c, key, func(sub *store.Subscriber) (string, string) {
		sub.Language = lang
		return i18n.T(lang, i18n.LanguageSet), ""
	})
}

func (b *Bot) stop(ctx context.Context, c chat, key string) {
	b.withSubscriber(ctx, c, key, func(sub *store.Subscriber) (string, string) {
		sub.Active = false
		b.o.Planner.Remove(sub.ChatID)
		return i18n.T(c.lang, i18n.Stopped), keyboard([]button{{i18n.T(c.lang, i18n.DeleteButton), "x:delete"}})
	})
}

// askLimit is how many stories an answer shows; echoRunes is how much of
// the question it shows back.
const (
	askLimit  = 3
	echoRunes = 100
)

func (b *Bot) ask(ctx context.Context, c chat, key, query string) {
	stories, err := b.o.Backend.Ask(ctx, query, askLimit)
	if err != nil {
		b.fail(ctx, c, key, err)
		return
	}
	if len(stories) == 0 {
		b.reply(ctx, c, key, i18n.T(c.lang, i18n.AskNothing, html.EscapeString(text.Clip(query, echoRunes))))
		return
	}
	b.sendDigest(ctx, c, key, news.Digest{Title: i18n.T(c.lang, i18n.AskTitle, text.Clip(query, echoRunes)), Stories: stories})
}

func (b *Bot) story(ctx context.Context, c chat, key, id string) {
	if id == "" {
		b.reply(ctx, c, key, i18n.T(c.lang, i18n.StoryHowTo))
		return
	}
	s, ok, err := b.o.Backend.Story(ctx, strings.TrimSpace(id))
	if err != nil {
		b.fail(ctx, c, key, err)
		return
	}
	if !ok {
		b.reply(ctx, c, key, i18n.T(c.lang, i18n.NoStory, html.EscapeString(id)))
		return
	}
	b.out(ctx, c, key, render.StoryHTML(s, c.lang), nil)
}

func (b *Bot) digestNow(ctx context.Context, c chat, key string) {
	sub, err := b.subscriber(ctx, c)
	if err == errNotSubscribed {
		sub = store.Subscriber{ChatID: c.id, ThreadID: c.thread, Kind: c.kind}
	} else if err != nil {
		b.fail(ctx, c, key, err)
		return
	}
	sub.Language = c.lang // the one chosen, or else the sender's
	d, err := b.o.Backend.SubscriberDigest(ctx, sub, false)
	if err != nil {
		b.fail(ctx, c, key, err)
		return
	}
	if len(d.Stories) == 0 {
		b.reply(ctx, c, key, i18n.T(c.lang, i18n.NothingNewTopics))
		return
	}
	b.sendDigest(ctx, c, key, d)
}

// digestMessages renders a digest, labelled in lang, with a "More" button
// per story.
func digestMessages(d news.Digest, lang string) (texts, markups []string) {
	for _, m := range render.HTMLMessages(d, lang) {
		texts = append(texts, m.Text)
		var rows [][]button
		for i, id := range m.Stories {
			rows = append(rows, []button{{i18n.T(lang, i18n.MoreButton, i+1), "m:" + id}})
		}
		markups = append(markups, keyboard(rows...))
	}
	return texts, markups
}

func (b *Bot) sendDigest(ctx context.Context, c chat, key string, d news.Digest) {
	texts, markups := digestMessages(d, c.lang)
	b.out(ctx, c, key, texts, markups)
}

// RunDigest is the scheduled job for one chat: what is new since its last
// digest, enqueued with the run's time in its keys so that a run is
// enqueued once, together with the subscriber's new last-digest time.
func (b *Bot) RunDigest(ctx context.Context, chatID int64, at time.Time) {
	sub, ok, err := b.o.Store.Subscriber(ctx, chatID)
	if err != nil || !ok || !sub.Active {
		if err != nil {
			b.o.Log.Error("telegram: digest run", "chat", chatID, "err", err)
		}
		return
	}
	d, err := b.o.Backend.SubscriberDigest(ctx, sub, true)
	if err != nil {
		b.o.Log.Error("telegram: digest run", "chat", chatID, "err", err)
		return
	}
	// No one is writing: the chat's language is the one it keeps.
	lang := i18n.Normalize(sub.Language)
	var texts, markups []string
	switch {
	case len(d.Stories) > 0:
		texts, markups = digestMessages(d, lang)
	case b.o.EmptyNotice:
		texts = []string{i18n.T(lang, i18n.NothingSinceLast)}
	}
	key := fmt.Sprintf("digest:%d:%d", chatID, at.Unix())
	var msgs []store.OutMessage
	for i, t := range texts {
		m := store.OutMessage{Key: fmt.Sprintf("%s:%d", key, i), ChatID: chatID, ThreadID: sub.ThreadID, Text: t, HTML: true, Created: b.o.Now()}
		if i < len(markups) {
			m.Markup = markups[i]
		}
		msgs = append(msgs, m)
	}
	if err := b.o.Store.EnqueueDigest(ctx, chatID, at, msgs); err != nil {
		b.o.Log.Error("telegram: enqueue digest", "chat", chatID, "err", err)
		return
	}
	b.o.Log.Info("digest enqueued", "chat", chatID, "stories", len(d.Stories), "messages", len(msgs))
	b.o.Kick()
}

func (b *Bot) callback(ctx context.Context, updateID int64, q *models.CallbackQuery) {
	answer := ""
	defer func() {
		err := botapi.Call(ctx, "answerCallbackQuery", func(ctx context.Context) error {
			_, err := b.api.AnswerCallbackQuery(ctx, &bot.AnswerCallbackQueryParams{CallbackQueryID: q.ID, Text: answer})
			return err
		})
		if err != nil {
			b.o.Log.Warn("telegram: answerCallbackQuery", "err", botapi.Redact(err.Error()))
		}
	}()
	m := q.Message.Message
	if m == nil {
		answer = i18n.T(i18n.Normalize(q.From.LanguageCode), i18n.TooOld)
		return
	}
	c := chatOf(m)
	b.language(ctx, &c, q.From.LanguageCode)
	key := fmt.Sprintf("reply:%d:%d", c.id, updateID)
	kind, arg, _ := strings.Cut(q.Data, ":")
	if kind != "m" && !b.isAdmin(ctx, c, q.From.ID) {
		answer = i18n.T(c.lang, i18n.AdminsOnly)
		return
	}
	switch kind {
	case "t": // toggle a topic
		t, ok := b.topicByID(arg)
		if !ok {
			answer = i18n.T(c.lang, i18n.TopicGone)
			return
		}
		b.withSubscriber(ctx, c, key, func(sub *store.Subscriber) (string, string) {
			if i := slices.Index(sub.Topics, t.ID); i >= 0 {
				sub.Topics = slices.Delete(sub.Topics, i, i+1)
				answer = i18n.T(c.lang, i18n.TopicUnfollowed, t.Title)
			} else {
				sub.Topics = append(sub.Topics, t.ID)
				answer = i18n.T(c.lang, i18n.TopicFollowed, t.Title)
			}
			b.editMarkup(ctx, c, m.ID, b.topicKeyboard(*sub))
			return "", ""
		})
	case "s": // schedule preset
		var i int
		if _, err := fmt.Sscan(arg, &i); err != nil || i < 0 || i >= len(schedule.Presets) {
			answer = i18n.T(c.lang, i18n.UnknownSchedule)
			return
		}
		b.setSchedule(ctx, c, key, schedule.Presets[i].Name)
	case "z":
		b.setZone(ctx, c, key, arg)
	case "l":
		b.setLanguage(ctx, c, key, arg)
	case "m":
		b.story(ctx, c, key, arg)
	case "x":
		if err := b.o.Store.DeleteSubscriber(ctx, c.id); err != nil {
			b.fail(ctx, c, key, err)
			return
		}
		b.o.Planner.Remove(c.id)
		answer = i18n.T(c.lang, i18n.Deleted)
		b.reply(ctx, c, key, i18n.T(c.lang, i18n.DataDeleted))
	default:
		answer = i18n.T(c.lang, i18n.UnknownButton)
	}
}

func (b *Bot) editMarkup(ctx context.Context, c chat, messageID int, markup string) {
	var kb models.InlineKeyboardMarkup
	if markup != "" {
		if err := json.Unmarshal([]byte(markup), &kb); err != nil {
			return
		}
	}
	err := botapi.Call(ctx, "editMessageReplyMarkup", func(ctx context.Context) error {
		_, err := b.api.EditMessageReplyMarkup(ctx, &bot.EditMessageReplyMarkupParams{ChatID: c.id, MessageID: messageID, ReplyMarkup: kb})
		return err
	})
	if err != nil {
		b.o.Log.Warn("telegram: editMessageReplyMarkup", "chat", c.id, "err", botapi.Redact(err.Error()))
	}
}

// membership follows the bot's own status in a chat: blocked or removed
// turns delivery off, unblocked or re-added turns it back on.
func (b *Bot) membership(ctx context.Context, u *models.ChatMemberUpdated) {
	var active bool
	switch u.NewChatMember.Type {
	case models.ChatMemberTypeBanned, models.ChatMemberTypeLeft:
		active = false
	case models.ChatMemberTypeMember, models.ChatMemberTypeAdministrator, models.ChatMemberTypeOwner:
		active = true
	default:
		return
	}
	sub, ok, err := b.o.Store.Subscriber(ctx, u.Chat.ID)
	if err != nil || !ok {
		return
	}
	if err := b.o.Store.SetActive(ctx, u.Chat.ID, active); err != nil {
		b.o.Log.Error("telegram: set active", "chat", u.Chat.ID, "err", err)
		return
	}
	if active {
		if err := b.o.Planner.Set(sub.ChatID, sub.Schedule, sub.TimeZone); err != nil {
			b.o.Log.Warn("telegram: plan", "chat", sub.ChatID, "err", err)
		}
	} else {
		b.o.Planner.Remove(sub.ChatID)
	}
	b.o.Log.Info("telegram: chat membership changed", "chat", u.Chat.ID, "status", u.NewChatMember.Type, "active", active)
}

// admin answers the operators' commands.
func (b *Bot) admin(ctx context.Context, c chat, key, cmd string) {
	var text string
	var err error
	switch cmd {
	case "status":
		text, err = b.o.Backend.Status(ctx)
	case "feeds":
		text, err = b.o.Backend.FeedList(ctx)
	case "reload":
		if rerr := b.o.Backend.Reload(ctx); rerr != nil {
			text = i18n.T(c.lang, i18n.ReloadRejected, rerr.Error())
		} else {
			text = i18n.T(c.lang, i18n.Reloaded)
		}
	}
	if err != nil {
		b.fail(ctx, c, key, err)
		return
	}
	b.out(ctx, c, key, render.PlainHTML(text), nil)
}
