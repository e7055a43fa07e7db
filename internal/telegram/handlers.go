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

func (b *Bot) message(ctx context.Context, updateID int64, m *models.Message) {
	c := chatOf(m)
	text := strings.TrimSpace(m.Text)
	key := fmt.Sprintf("reply:%d:%d", c.id, updateID)
	var from int64
	if m.From != nil {
		from = m.From.ID
	}
	if !strings.HasPrefix(text, "/") {
		if c.kind == "private" && text != "" {
			b.ask(ctx, c, key, text)
		}
		return
	}
	cmd, arg, _ := strings.Cut(text, " ")
	cmd, _, _ = strings.Cut(strings.ToLower(cmd[1:]), "@") // "/start@newsdigest_bot"
	arg = strings.TrimSpace(arg)

	// Settings change the whole group's digest: only its admins may.
	switch cmd {
	case "start", "subscribe", "unsubscribe", "schedule", "timezone", "stop":
		if !b.isAdmin(ctx, c, from) {
			b.reply(ctx, c, key, "Only this group's admins can change its digest settings.")
			return
		}
	}
	switch cmd {
	case "status", "feeds", "reload":
		if !b.o.Backend.IsAdmin(from) && !b.o.Backend.IsAdmin(c.id) {
			b.o.Log.Warn("telegram: admin command refused", "command", cmd, "chat", c.id, "user", from)
			b.reply(ctx, c, key, "Sorry, /"+cmd+" is for the bot's admins.")
			return
		}
		b.admin(ctx, c, key, cmd)
		return
	}
	switch cmd {
	case "start":
		b.start(ctx, c, key)
	case "help":
		b.reply(ctx, c, key, helpText)
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
	case "ask":
		if arg == "" {
			b.reply(ctx, c, key, "Ask me about a topic, e.g. <code>/ask peace talks NATO</code>.")
			return
		}
		b.ask(ctx, c, key, arg)
	case "story":
		b.story(ctx, c, key, arg)
	case "stop":
		b.stop(ctx, c, key)
	default:
		b.reply(ctx, c, key, fmt.Sprintf("I don't know /%s. Try /help.", html.EscapeString(cmd)))
	}
}

const helpText = `<b>newsdigest</b> groups the news of many outlets into short stories: what happened, who said what, who reported it.

/start — subscribe this chat to digests
/topics — topics you can follow (tap to follow or unfollow)
/subscribe <i>topic or keywords</i> — follow a topic, or any words
/unsubscribe <i>topic or keywords</i> — stop following them
/digest — your digest now
/schedule <i>daily 08:00 | weekdays 7:30 | 08:00,18:00 | cron</i> — when digests come
/timezone <i>Europe/Kyiv</i> — your time zone
/ask <i>question</i> — e.g. <code>/ask what's new on the peace talks?</code> (or just write to me)
/story <i>id</i> — a story in full
/stop — stop all digests`

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
		b.reply(ctx, c, key, "This chat is not subscribed yet: send /start first.")
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
	b.reply(ctx, c, key, "Sorry, something went wrong on my side. Please try again in a minute.")
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
	sub.Active, sub.ThreadID = true, c.thread
	if err := b.o.Store.SaveSubscriber(ctx, sub); err != nil {
		b.fail(ctx, c, key, err)
		return
	}
	if err := b.o.Planner.Set(sub.ChatID, sub.Schedule, sub.TimeZone); err != nil {
		b.o.Log.Warn("telegram: plan", "chat", sub.ChatID, "err", err)
	}
	follow := "all topics"
	if len(sub.Topics)+len(sub.Keywords) > 0 {
		follow = strings.Join(append(slices.Clone(sub.Topics), sub.Keywords...), ", ")
	}
	b.reply(ctx, c, key, fmt.Sprintf(`Welcome to <b>newsdigest</b>. I read many news outlets, group their reports into stories and send you a short digest: what happened, the key quotes with who said them, and who reported it.

This chat is subscribed: digests at %s, following %s.
Pick topics with /topics, change the time with /schedule and /timezone, or just ask me, e.g. <i>what's new on the peace talks?</i> — /help lists everything.`,
		html.EscapeString(schedule.Describe(sub.Schedule, sub.TimeZone)), html.EscapeString(follow)))
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
		b.reply(ctx, c, key, "No topics are configured; follow any words with /subscribe <i>keywords</i>.")
		return
	}
	sub, _ := b.subscriber(ctx, c)
	var lines []string
	for _, t := range topics {
		lines = append(lines, fmt.Sprintf("• <b>%s</b> (<code>%s</code>)", html.EscapeString(t.Title), html.EscapeString(t.ID)))
	}
	b.reply(ctx, c, key, "Topics — tap to follow or unfollow:\n"+strings.Join(lines, "\n"), b.topicKeyboard(sub))
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
		b.reply(ctx, c, key, "Follow what? Send <code>/subscribe ukraine-peace</code> for a topic (see /topics) or <code>/subscribe any words</code>.")
		return
	}
	b.withSubscriber(ctx, c, key, func(sub *store.Subscriber) (string, string) {
		if t, ok := b.topicByID(arg); ok {
			if !slices.Contains(sub.Topics, t.ID) {
				sub.Topics = append(sub.Topics, t.ID)
			}
			return fmt.Sprintf("Following <b>%s</b>.", html.EscapeString(t.Title)), ""
		}
		phrase := strings.Join(strings.Fields(arg), " ")
		if len(phrase) > 100 {
			return "That is too long for keywords; use a few words.", ""
		}
		if len(sub.Keywords) >= maxKeywords {
			return fmt.Sprintf("You follow %d keyword phrases already; /unsubscribe some first.", maxKeywords), ""
		}
		if !slices.Contains(sub.Keywords, phrase) {
			sub.Keywords = append(sub.Keywords, phrase)
		}
		return fmt.Sprintf("Following stories about “%s”.", html.EscapeString(phrase)), ""
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
				all = append(all, "“"+html.EscapeString(k)+"”")
			}
			if len(all) == 0 {
				return "You follow all topics. /topics lets you narrow that down.", ""
			}
			return "You follow: " + strings.Join(all, ", ") + ".\nSend <code>/unsubscribe name</code>, or <code>/unsubscribe all</code>.", ""
		}
		if strings.EqualFold(arg, "all") {
			sub.Topics, sub.Keywords = nil, nil
			return "You no longer follow particular topics: digests cover all news.", ""
		}
		phrase := strings.Join(strings.Fields(arg), " ")
		before := len(sub.Topics) + len(sub.Keywords)
		sub.Topics = slices.DeleteFunc(sub.Topics, func(t string) bool { return strings.EqualFold(t, phrase) })
		sub.Keywords = slices.DeleteFunc(sub.Keywords, func(k string) bool { return strings.EqualFold(k, phrase) })
		if len(sub.Topics)+len(sub.Keywords) == before {
			return fmt.Sprintf("You don't follow “%s”. /unsubscribe lists what you do.", html.EscapeString(phrase)), ""
		}
		return fmt.Sprintf("Stopped following “%s”.", html.EscapeString(phrase)), ""
	})
}

func (b *Bot) setSchedule(ctx context.Context, c chat, key, arg string) {
	if arg == "" {
		sub, err := b.subscriber(ctx, c)
		now := "not subscribed yet (/start)"
		if err == nil {
			now = schedule.Describe(sub.Schedule, sub.TimeZone)
		}
		var rows [][]button
		for i, p := range schedule.Presets {
			rows = append(rows, []button{{p.Name, fmt.Sprintf("s:%d", i)}})
		}
		b.reply(ctx, c, key, "Digests come "+html.EscapeString(now)+".\nPick one, or send e.g. <code>/schedule weekdays 7:30</code>, <code>/schedule 08:00,18:00</code> or a cron expression.", keyboard(rows...))
		return
	}
	spec, err := schedule.Parse(arg)
	if err != nil {
		b.reply(ctx, c, key, html.EscapeString(err.Error()))
		return
	}
	b.withSubscriber(ctx, c, key, func(sub *store.Subscriber) (string, string) {
		sub.Schedule = spec
		return "Digests will come " + html.EscapeString(schedule.Describe(spec, sub.TimeZone)) + ".", ""
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
		b.reply(ctx, c, key, "Pick your time zone, or send e.g. <code>/timezone Europe/Kyiv</code>.", keyboard(rows...))
		return
	}
	if _, err := config.LoadLocation(arg); err != nil {
		b.reply(ctx, c, key, html.EscapeString(err.Error()))
		return
	}
	b.withSubscriber(ctx, c, key, func(sub *store.Subscriber) (string, string) {
		sub.TimeZone = arg
		return "Time zone set: digests will come " + html.EscapeString(schedule.Describe(sub.Schedule, arg)) + ".", ""
	})
}

func (b *Bot) stop(ctx context.Context, c chat, key string) {
	b.withSubscriber(ctx, c, key, func(sub *store.Subscriber) (string, string) {
		sub.Active = false
		b.o.Planner.Remove(sub.ChatID)
		return "Digests stopped. /start brings them back. Your settings are kept unless you delete them:",
			keyboard([]button{{"Delete my data", "x:delete"}})
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
		b.reply(ctx, c, key, fmt.Sprintf("I have nothing on “%s” yet. Try other words, or /topics.", html.EscapeString(text.Clip(query, echoRunes))))
		return
	}
	b.sendDigest(ctx, c, key, news.Digest{Title: "On “" + text.Clip(query, echoRunes) + "”", Stories: stories})
}

func (b *Bot) story(ctx context.Context, c chat, key, id string) {
	if id == "" {
		b.reply(ctx, c, key, "Which story? Send <code>/story ID</code>, or tap “More” under a story.")
		return
	}
	s, ok, err := b.o.Backend.Story(ctx, strings.TrimSpace(id))
	if err != nil {
		b.fail(ctx, c, key, err)
		return
	}
	if !ok {
		b.reply(ctx, c, key, fmt.Sprintf("I have no story %s (stories are kept for a while, then pruned).", html.EscapeString(id)))
		return
	}
	b.out(ctx, c, key, render.StoryHTML(s), nil)
}

func (b *Bot) digestNow(ctx context.Context, c chat, key string) {
	sub, err := b.subscriber(ctx, c)
	if err == errNotSubscribed {
		sub = store.Subscriber{ChatID: c.id, ThreadID: c.thread, Kind: c.kind}
	} else if err != nil {
		b.fail(ctx, c, key, err)
		return
	}
	d, err := b.o.Backend.SubscriberDigest(ctx, sub, false)
	if err != nil {
		b.fail(ctx, c, key, err)
		return
	}
	if len(d.Stories) == 0 {
		b.reply(ctx, c, key, "Nothing new for your topics right now.")
		return
	}
	b.sendDigest(ctx, c, key, d)
}

// digestMessages renders a digest with a "More" button per story.
func digestMessages(d news.Digest) (texts, markups []string) {
	for _, m := range render.HTMLMessages(d) {
		texts = append(texts, m.Text)
		var rows [][]button
		for i, id := range m.Stories {
			rows = append(rows, []button{{fmt.Sprintf("More: story %d", i+1), "m:" + id}})
		}
		markups = append(markups, keyboard(rows...))
	}
	return texts, markups
}

func (b *Bot) sendDigest(ctx context.Context, c chat, key string, d news.Digest) {
	texts, markups := digestMessages(d)
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
	var texts, markups []string
	switch {
	case len(d.Stories) > 0:
		texts, markups = digestMessages(d)
	case b.o.EmptyNotice:
		texts = []string{"Nothing new since your last digest."}
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
		answer = "That message is too old; send the command again."
		return
	}
	c := chatOf(m)
	key := fmt.Sprintf("reply:%d:%d", c.id, updateID)
	kind, arg, _ := strings.Cut(q.Data, ":")
	if kind != "m" && !b.isAdmin(ctx, c, q.From.ID) {
		answer = "Only this group's admins can change its digest settings."
		return
	}
	switch kind {
	case "t": // toggle a topic
		t, ok := b.topicByID(arg)
		if !ok {
			answer = "That topic no longer exists."
			return
		}
		b.withSubscriber(ctx, c, key, func(sub *store.Subscriber) (string, string) {
			if i := slices.Index(sub.Topics, t.ID); i >= 0 {
				sub.Topics = slices.Delete(sub.Topics, i, i+1)
				answer = "Unfollowed " + t.Title
			} else {
				sub.Topics = append(sub.Topics, t.ID)
				answer = "Following " + t.Title
			}
			b.editMarkup(ctx, c, m.ID, b.topicKeyboard(*sub))
			return "", ""
		})
	case "s": // schedule preset
		var i int
		if _, err := fmt.Sscan(arg, &i); err != nil || i < 0 || i >= len(schedule.Presets) {
			answer = "Unknown schedule."
			return
		}
		b.setSchedule(ctx, c, key, schedule.Presets[i].Name)
	case "z":
		b.setZone(ctx, c, key, arg)
	case "m":
		b.story(ctx, c, key, arg)
	case "x":
		if err := b.o.Store.DeleteSubscriber(ctx, c.id); err != nil {
			b.fail(ctx, c, key, err)
			return
		}
		b.o.Planner.Remove(c.id)
		answer = "Deleted"
		b.reply(ctx, c, key, "Your data is deleted. /start subscribes you again from scratch.")
	default:
		answer = "Unknown button."
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
			text = "Reload rejected, the running config stays in force:\n" + rerr.Error()
		} else {
			text = "Config reloaded."
		}
	}
	if err != nil {
		b.fail(ctx, c, key, err)
		return
	}
	b.out(ctx, c, key, render.PlainHTML(text), nil)
}
