package deliver

import (
	"context"
	"errors"
	"html"
	"math/rand/v2"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/go-telegram/bot"

	"github.com/newsdigest/newsdigest/internal/botapi"
)

// work sends one message and records the outcome in the outbox.
func (d *Deliverer) work(ctx, sendCtx context.Context, j job) result {
	res := result{job: j}
	waited, err := d.global.acquire(ctx)
	if err != nil {
		return res // kindAbandoned: shutting down
	}
	if waited > 0 && d.opts.Hooks.OnRateWait != nil {
		d.opts.Hooks.OnRateWait(waited)
	}
	err = d.sender.Send(sendCtx, j.message())
	res.at = d.opts.Now()
	d.global.release(res.at)
	d.settle(sendCtx, &res, err)
	return res
}

// message is what to send for a job.
func (j job) message() Message {
	m := Message{ChatID: j.msg.ChatID, ThreadID: j.msg.ThreadID, Text: j.msg.Text, HTML: j.msg.HTML, Markup: j.msg.Markup}
	if j.plain && m.HTML {
		m.Text, m.HTML = plainText(m.Text), false
	}
	return m
}

// settle classifies a send's error and records the outcome.
func (d *Deliverer) settle(ctx context.Context, res *result, err error) {
	m := res.msg
	log := d.log.With("chat", m.ChatID, "msg", m.ID)
	if err == nil {
		res.kind = kindSent
		if err := d.markSent(ctx, m.ID, res.at); err != nil {
			res.unmarked = true
			log.Error("deliver: message sent but not marked; will mark again", "err", botapi.Redact(err.Error()))
		}
		if d.opts.Hooks.OnSent != nil {
			d.opts.Hooks.OnSent(m.ChatID)
		}
		return
	}
	res.errText = botapi.Redact(err.Error())
	if d.opts.Hooks.OnError != nil {
		d.opts.Hooks.OnError(statusCode(err))
	}
	if ctx.Err() != nil && (errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)) {
		log.Warn("deliver: send cut short by shutdown; it will be sent again", "err", res.errText)
		return // kindAbandoned
	}

	var tooMany *bot.TooManyRequestsError
	var migrate *bot.MigrateError
	switch {
	case errors.As(err, &tooMany):
		wait := time.Duration(max(tooMany.RetryAfter, 1)) * time.Second
		if m.Attempts+1 >= throttleFactor*d.opts.MaxAttempts {
			log.Error("deliver: giving up on a message Telegram keeps rate limiting", "attempts", m.Attempts+1, "err", res.errText)
			d.fail(ctx, res)
			return
		}
		log.Warn("deliver: rate limited by Telegram; this chat waits", "retry_after", wait, "err", res.errText)
		res.rateLimited = true
		d.retry(ctx, res, res.at.Add(wait))
	case errors.As(err, &migrate):
		if migrate.MigrateToChatID == 0 || int64(migrate.MigrateToChatID) == m.ChatID || res.migrations >= maxMigrations {
			log.Error("deliver: giving up on a message after repeated chat migrations", "err", res.errText)
			d.fail(ctx, res)
			return
		}
		res.kind, res.newChat = kindMigrate, int64(migrate.MigrateToChatID)
	case errors.Is(err, bot.ErrorForbidden):
		if err := d.out.SetActive(ctx, m.ChatID, false); err != nil {
			log.Error("deliver: deactivating a chat failed", "err", botapi.Redact(err.Error()))
		}
		d.fail(ctx, res)
		res.kind = kindBlocked
	case errors.Is(err, bot.ErrorBadRequest) && strings.Contains(res.errText, "can't parse entities") && m.HTML && !res.plain:
		log.Error("deliver: Telegram rejected the message's HTML; resending as plain text", "err", res.errText)
		res.kind = kindReparse
	case errors.Is(err, bot.ErrorBadRequest), errors.Is(err, ErrInvalid):
		log.Warn("deliver: Telegram refused the message; not retrying", "err", res.errText)
		d.fail(ctx, res)
	default: // 5xx, network, timeouts, and anything unexpected
		n := m.Attempts - res.throttled + 1 // failed attempts not caused by 429s
		if n >= d.opts.MaxAttempts {
			log.Error("deliver: giving up on a message", "attempts", n, "err", res.errText)
			d.fail(ctx, res)
			return
		}
		log.Warn("deliver: send failed; will retry", "attempt", n, "err", res.errText)
		d.retry(ctx, res, res.at.Add(backoff(n)))
	}
}

func (d *Deliverer) fail(ctx context.Context, res *result) {
	res.kind = kindFailed
	if d.opts.Hooks.OnFailed != nil {
		d.opts.Hooks.OnFailed(res.msg.ChatID)
	}
	if err := d.out.MarkFailed(ctx, res.msg.ID, res.errText); err != nil {
		d.log.Error("deliver: marking a message failed", "chat", res.msg.ChatID, "msg", res.msg.ID, "err", botapi.Redact(err.Error()))
	}
}

func (d *Deliverer) retry(ctx context.Context, res *result, next time.Time) {
	res.kind, res.retryAt = kindRetry, next
	if err := d.out.MarkRetry(ctx, res.msg.ID, next, res.errText); err != nil {
		d.log.Error("deliver: marking a message for retry failed", "chat", res.msg.ChatID, "msg", res.msg.ID, "err", botapi.Redact(err.Error()))
	}
}

// markSent records a delivered message, trying a few times: a message left
// pending would be sent twice.
func (d *Deliverer) markSent(ctx context.Context, id int64, at time.Time) error {
	var err error
	for i, pause := range []time.Duration{50 * time.Millisecond, 250 * time.Millisecond, 0} {
		if err = d.out.MarkSent(ctx, id, at); err == nil || pause == 0 {
			break
		}
		t := time.NewTimer(pause * time.Duration(i+1))
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			return err
		}
	}
	return err
}

// backoff is the wait before retry n (1-based): 2s doubling to at most
// 5 min, ±25 % jitter.
func backoff(n int) time.Duration {
	const base, ceiling = 2 * time.Second, 5 * time.Minute
	d := ceiling
	if n < 10 {
		d = min(base<<max(n-1, 0), ceiling)
	}
	d = time.Duration(float64(d) * (0.75 + 0.5*rand.Float64()))
	return min(d, ceiling)
}

var genericCode = regexp.MustCompile(`error response from telegram for method \w+, (\d{3})`)

// statusCode maps a send error to an HTTP-like code for metrics; 0 when
// there was no answer.
func statusCode(err error) int {
	var tooMany *bot.TooManyRequestsError
	var migrate *bot.MigrateError
	switch {
	case errors.As(err, &tooMany):
		return 429
	case errors.As(err, &migrate), errors.Is(err, bot.ErrorBadRequest), errors.Is(err, ErrInvalid):
		return 400
	case errors.Is(err, bot.ErrorForbidden):
		return 403
	case errors.Is(err, bot.ErrorUnauthorized):
		return 401
	case errors.Is(err, bot.ErrorNotFound):
		return 404
	case errors.Is(err, bot.ErrorConflict):
		return 409
	}
	if m := genericCode.FindStringSubmatch(err.Error()); m != nil {
		n, _ := strconv.Atoi(m[1])
		return n
	}
	return 0
}

var (
	anchorTag = regexp.MustCompile(`(?is)<a\s[^<>]*?href\s*=\s*["']([^"']*)["'][^<>]*>(.*?)</a\s*>`)
	anyTag    = regexp.MustCompile(`</?[a-zA-Z][a-zA-Z0-9-]*(?:\s[^<>]*)?/?>`)
)

// plainText turns Telegram HTML into plain text: links keep their address
// in parentheses, other tags go, entities are unescaped. A stray "<" that
// starts no tag (a common cause of "can't parse entities") is kept.
func plainText(s string) string {
	s = anchorTag.ReplaceAllStringFunc(s, func(a string) string {
		sm := anchorTag.FindStringSubmatch(a)
		href, label := html.UnescapeString(sm[1]), sm[2]
		if href == "" || html.UnescapeString(anyTag.ReplaceAllString(label, "")) == href {
			return label
		}
		return label + " (" + html.EscapeString(href) + ")"
	})
	return html.UnescapeString(anyTag.ReplaceAllString(s, ""))
}
