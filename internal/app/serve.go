package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/robfig/cron/v3"

	"github.com/newsdigest/newsdigest/internal/config"
	"github.com/newsdigest/newsdigest/internal/deliver"
	"github.com/newsdigest/newsdigest/internal/ops"
	"github.com/newsdigest/newsdigest/internal/poll"
	"github.com/newsdigest/newsdigest/internal/schedule"
	"github.com/newsdigest/newsdigest/internal/telegram"
)

// Poll loop bounds: check at least this often for due feeds (config may add
// feeds), and never spin faster than the floor; regroup new articles at
// most this often.
const (
	pollCeiling  = time.Minute
	pollFloor    = 5 * time.Second
	regroupEvery = 5 * time.Minute
)

// PollLoop polls feeds as they fall due and groups new articles, until ctx
// ends.
func (a *App) PollLoop(ctx context.Context) error {
	var grouped time.Time // zero until the first grouping after the start
	pending := false
	for {
		reports, err := a.Poll(ctx, poll.Due)
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			a.Log.Error("poll", "err", err)
		}
		a.reportFeeds(ctx, reports)
		added := 0
		next := a.Now().Add(pollCeiling)
		for _, r := range reports {
			added += r.Added
			if !r.Next.IsZero() && r.Next.Before(next) {
				next = r.Next
			}
		}
		if added > 0 {
			a.cache.invalidate() // readers regroup on demand
			pending = true
		}
		// Group in arrival order, so event IDs are fixed early: once after
		// a start, which archives the horizon (minutes for 100k articles)
		// before anyone asks, then at most every regroupEvery, since a
		// busy deployment's regrouping takes seconds.
		if grouped.IsZero() || pending && a.Now().Sub(grouped) >= regroupEvery {
			if _, err := a.current(ctx); err != nil && ctx.Err() == nil {
				a.Log.Error("grouping", "err", err)
			}
			grouped, pending = a.Now(), false
		}
		wait := max(time.Until(next), pollFloor)
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-a.pollWake:
		case <-time.After(wait):
		}
	}
}

// pruneEvery is how often old articles are pruned.
const pruneEvery = 24 * time.Hour

// PruneLoop keeps the store bounded: at start and then daily it deletes
// what is older than storage.retention, counted back from the newest
// article (not from now), so that a deployment whose feeds went quiet, or
// the bundled sample feeds, keep their last stories. After each daily
// prune it rebuilds the grouping (regroupAll).
func (a *App) PruneLoop(ctx context.Context) error {
	for first := true; ; first = false {
		end := a.Now()
		if newest, err := a.Store.NewestPublished(ctx); err == nil && !newest.IsZero() && newest.Before(end) {
			end = newest
		}
		cut := end.Add(-a.Config().Storage.Retention.D())
		if n, err := a.Store.Prune(ctx, cut); err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			a.Log.Error("prune", "err", err)
		} else if n > 0 {
			a.Log.Info("pruned old articles", "articles", n, "before", cut.Format(time.RFC3339))
		}
		if !first { // a start groups afresh anyway
			if err := a.regroupAll(ctx); err != nil && ctx.Err() == nil {
				a.Log.Error("regrouping", "err", err)
			}
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(pruneEvery):
		}
	}
}

// OpsAddr is the address the operator endpoints listen on, once serving.
func (a *App) OpsAddr() string {
	if p := a.opsAddr.Load(); p != nil {
		return *p
	}
	return ""
}

// wakePoll makes the poll loop look for due feeds now (a reload added some).
func (a *App) wakePoll() {
	select {
	case a.pollWake <- struct{}{}:
	default:
	}
}

// Serve runs the service until ctx ends: the poll loop and, with a bot
// token, the Telegram bot, each subscriber's digest schedule and the
// outbox deliverer. Without a token it polls and composes the default
// digest on the configured schedule, logging that the bot is disabled.
func (a *App) Serve(ctx context.Context) error {
	if listen := a.Config().HTTP.Listen; listen != "" {
		srv := ops.New(ops.Options{Addr: listen, Metrics: a.Metrics, Ping: a.Store.Ping, Log: a.Log})
		addr, err := srv.Start()
		if err != nil {
			return fmt.Errorf("http: %w", err)
		}
		a.opsAddr.Store(&addr)
		a.Log.Info("operator endpoints", "addr", addr, "paths", "/healthz /readyz /metrics")
		defer func() {
			ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
			defer cancel()
			srv.Shutdown(ctx)
		}()
	}
	if a.Config().Telegram.Token == "" {
		a.Log.Warn("telegram bot disabled: no token", "env", a.Config().Telegram.TokenEnv)
		return a.serveOffline(ctx)
	}
	return a.serveBot(ctx)
}

func (a *App) serveOffline(ctx context.Context) error {
	a.Log.Info("serving", "feeds", len(a.Config().Feeds), "digest_schedule", a.Config().Digest.Schedule, "timezone", a.Config().Digest.TimeZone)
	for _, f := range []func(context.Context) error{a.WatchConfig, a.PruneLoop, a.offlineDigests} {
		go func() {
			if err := f(ctx); err != nil && ctx.Err() == nil {
				a.Log.Error("background task stopped", "err", err)
			}
		}()
	}
	return a.PollLoop(ctx)
}

// offlineDigests composes the default digest on digest.schedule in
// digest.timezone until ctx ends, starting over when a reload changes
// either.
func (a *App) offlineDigests(ctx context.Context) error {
	for {
		d := a.Config().Digest
		loc, err := config.LoadLocation(d.TimeZone)
		if err != nil {
			return err
		}
		sched, err := config.ParseSchedule(d.Schedule)
		if err != nil {
			return err
		}
		c := cron.New(cron.WithLocation(loc), cron.WithChain(cron.Recover(cronLogger{a.Log}), cron.SkipIfStillRunning(cronLogger{a.Log})))
		c.Schedule(sched, cron.FuncJob(func() { a.scheduledDigest(ctx) }))
		c.Start()
		for same := true; same; {
			select {
			case <-ctx.Done():
				<-c.Stop().Done()
				return ctx.Err()
			case <-a.reloaded:
			}
			cur := a.Config().Digest
			same = cur.Schedule == d.Schedule && cur.TimeZone == d.TimeZone
		}
		<-c.Stop().Done()
		a.Log.Info("digest schedule changed", "digest_schedule", a.Config().Digest.Schedule, "timezone", a.Config().Digest.TimeZone)
	}
}

// serveBot runs poller, bot, scheduler and deliverer until ctx ends, then
// waits for each to stop: in-flight sends finish or stay in the outbox.
func (a *App) serveBot(ctx context.Context) error {
	var del *deliver.Deliverer
	kick := func() {
		if del != nil {
			del.Kick()
		}
	}
	var b *telegram.Bot
	clock := a.Clock
	if clock == nil {
		clock = schedule.RealClock{}
	}
	sched := schedule.New(clock, func(ctx context.Context, chat int64, at time.Time) {
		b.RunDigest(ctx, chat, at)
		a.Metrics.DigestRun(at)
	})
	b, err := telegram.New(telegram.Options{
		Token:       a.Config().Telegram.Token,
		APIURL:      a.Config().Telegram.APIURL,
		Store:       a.Store,
		Backend:     a,
		Planner:     sched,
		Kick:        kick,
		Log:         a.Log,
		EmptyNotice: a.Config().Digest.EmptyNotice,
		Unreadable:  a.Metrics.TelegramUnreadable,
		// With a webhook URL the bot takes updates Telegram posts to its
		// listener (several instances can), else it long-polls.
		Webhook: telegram.Webhook{
			URL:    a.Config().Telegram.Webhook.URL,
			Listen: a.Config().Telegram.Webhook.Listen,
			Secret: a.Config().Telegram.Webhook.Secret,
		},
	})
	if err != nil {
		return err
	}
	m := a.Metrics
	del = deliver.New(a.Store, deliver.Telegram{Bot: b.API()}, deliver.Options{
		GlobalPerSecond: a.Config().Telegram.RatePerSecond,
		Log:             a.Log,
		Hooks: deliver.Hooks{
			OnSent:     func(int64) { m.DigestSent() },
			OnFailed:   func(int64) { m.DigestFailed() },
			OnError:    m.TelegramError,
			OnRateWait: m.RateWait,
		},
	})
	a.kick = del.Kick
	mode := "long polling"
	if a.Config().Telegram.Webhook.URL != "" {
		mode = "webhook " + a.Config().Telegram.Webhook.URL
	}
	a.Log.Info("serving with telegram bot", "feeds", len(a.Config().Feeds), "api", a.Config().Telegram.APIURL, "updates", mode)

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	const workers = 6
	errs := make(chan error, workers)
	run := func(name string, f func(context.Context) error) {
		go func() {
			err := f(ctx)
			if err != nil && ctx.Err() == nil {
				a.Log.Error(name+" stopped", "err", err)
				cancel()
			}
			errs <- err
		}()
	}
	run("poller", a.PollLoop)
	run("deliverer", del.Run)
	run("scheduler", sched.Run)
	run("bot", b.Start)
	run("config watcher", a.WatchConfig)
	run("pruner", a.PruneLoop)
	var first error
	for range workers {
		if err := <-errs; err != nil && first == nil && !errors.Is(err, context.Canceled) {
			first = err
		}
	}
	return first
}

// scheduledDigest composes the default digest and logs what it holds.
func (a *App) scheduledDigest(ctx context.Context) {
	d, err := a.Digest(ctx, a.Now().UTC(), nil)
	if err != nil {
		a.Log.Error("scheduled digest", "err", err)
		return
	}
	a.Metrics.DigestRun(a.Now())
	headlines := make([]string, len(d.Stories))
	for i, s := range d.Stories {
		headlines[i] = s.Headline
	}
	a.Log.Info("digest composed", "stories", len(d.Stories), "headlines", headlines)
}

// cronLogger adapts slog to cron's logger.
type cronLogger struct{ l *slog.Logger }

func (c cronLogger) Info(msg string, kv ...any) { c.l.Debug("cron: "+msg, kv...) }
func (c cronLogger) Error(err error, msg string, kv ...any) {
	c.l.Error("cron: "+msg, append(kv, "err", err)...)
}
