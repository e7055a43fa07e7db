package app

import (
	"context"
	"fmt"
	"hash/fnv"
	"sort"
	"strings"
	"time"

	"github.com/newsdigest/newsdigest/internal/poll"
	"github.com/newsdigest/newsdigest/internal/store"
)

// failureReport is how many failures in a row make a feed worth an admin's
// attention; its recovery is reported once too.
const failureReport = 3

// NotifyAdmins sends text to the configured admin chats through the
// outbox. Without a bot it is only logged.
func (a *App) NotifyAdmins(ctx context.Context, text string) {
	admins := a.Config().Telegram.AdminChatIDs
	if len(admins) == 0 || a.kick == nil {
		return
	}
	h := fnv.New64a()
	h.Write([]byte(text))
	now := a.Now()
	var msgs []store.OutMessage
	for _, id := range admins {
		msgs = append(msgs, store.OutMessage{
			Key:    fmt.Sprintf("admin:%d:%d:%x", id, now.UnixNano(), h.Sum64()),
			ChatID: id, Text: htmlEscape(text), HTML: true, Created: now,
		})
	}
	if err := a.Store.Enqueue(ctx, msgs); err != nil {
		a.Log.Error("notify admins", "err", err)
		return
	}
	a.kick()
}

// reportFeeds tells the admins about feeds that started failing (once, at
// failureReport failures in a row) and about their recovery (once).
func (a *App) reportFeeds(ctx context.Context, reports []poll.Report) {
	for _, r := range reports {
		switch {
		case r.Err != nil && r.Failures == failureReport:
			a.NotifyAdmins(ctx, fmt.Sprintf("⚠️ Feed %s has failed %d times in a row: %v\nNext try %s.",
				r.FeedID, r.Failures, r.Err, r.Next.Format(time.RFC3339)))
		case r.Err == nil && r.PrevFailures >= failureReport:
			a.NotifyAdmins(ctx, fmt.Sprintf("✅ Feed %s works again after %d failures.", r.FeedID, r.PrevFailures))
		}
	}
}

// Status describes the service for the admin /status command.
func (a *App) Status(ctx context.Context) (string, error) {
	cfg := a.Config()
	states, err := a.Store.FeedStates(ctx)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	failing := 0
	for _, f := range cfg.Feeds {
		if states[f.Name].Failures > 0 {
			failing++
		}
	}
	fmt.Fprintf(&b, "Feeds: %d, %d ok, %d failing\n", len(cfg.Feeds), len(cfg.Feeds)-failing, failing)
	for _, f := range cfg.Feeds {
		st, ok := states[f.Name]
		switch {
		case !ok:
			fmt.Fprintf(&b, "• %s: not polled yet\n", f.Name)
		case st.Failures > 0:
			fmt.Fprintf(&b, "• %s: FAILING ×%d: %s (next poll %s)\n", f.Name, st.Failures, st.LastError, st.NextPoll.Format(time.RFC3339))
		}
	}
	if trouble, err := a.pageTrouble(ctx); err == nil && len(trouble) > 0 {
		lines := make([]string, 0, len(trouble))
		for _, l := range trouble {
			lines = append(lines, "• pages of "+l)
		}
		sort.Strings(lines)
		fmt.Fprintf(&b, "Article pages failing (readers get teasers):\n%s\n", strings.Join(lines, "\n"))
	}
	since := a.Now().Add(-24 * time.Hour)
	articles, err := a.Store.Articles(ctx, since, time.Time{})
	if err != nil {
		return "", err
	}
	fmt.Fprintf(&b, "Articles in the last 24 h: %d\n", len(articles))
	if stories, _, err := a.CachedStories(ctx); err == nil {
		fmt.Fprintf(&b, "Stories: %d\n", len(stories))
	}
	subs, err := a.Store.Subscribers(ctx)
	if err != nil {
		return "", err
	}
	active := 0
	var last time.Time
	for _, s := range subs {
		if s.Active {
			active++
		}
		if s.LastDigest.After(last) {
			last = s.LastDigest
		}
	}
	fmt.Fprintf(&b, "Subscribers: %d active, %d inactive (blocked or stopped)\n", active, len(subs)-active)
	depth, err := a.Store.OutboxDepth(ctx)
	if err != nil {
		return "", err
	}
	fmt.Fprintf(&b, "Outbox: %d pending\n", depth)
	if last.IsZero() {
		b.WriteString("Last digest run: none yet")
	} else {
		fmt.Fprintf(&b, "Last digest run: %s", last.UTC().Format(time.RFC3339))
	}
	return b.String(), nil
}

// FeedList describes the configured feeds for the admin /feeds command.
func (a *App) FeedList(ctx context.Context) (string, error) {
	states, err := a.Store.FeedStates(ctx)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	for _, f := range a.Config().Feeds {
		st := states[f.Name]
		status := "ok"
		switch {
		case st.LastPoll.IsZero():
			status = "not polled yet"
		case st.Failures > 0:
			status = fmt.Sprintf("failing ×%d", st.Failures)
		}
		fmt.Fprintf(&b, "• %s — %s — %s\n", f.Name, f.URL, status)
	}
	return strings.TrimSpace(b.String()), nil
}

// IsAdmin reports whether a user or chat is a configured admin.
func (a *App) IsAdmin(id int64) bool {
	for _, x := range a.Config().Telegram.AdminChatIDs {
		if x == id {
			return true
		}
	}
	return false
}

func htmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}
