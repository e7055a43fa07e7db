package app

import (
	"context"
	"log/slog"
	"time"

	"github.com/robfig/cron/v3"

	"github.com/newsdigest/newsdigest/internal/config"
)

// Poll loop bounds: check at least this often for due feeds (config may add
// feeds), and never spin faster than the floor.
const (
	pollCeiling = time.Minute
	pollFloor   = 5 * time.Second
)

// PollLoop polls feeds as they fall due and groups new articles, until ctx
// ends.
func (a *App) PollLoop(ctx context.Context) error {
	for {
		reports, err := a.Poll(ctx, false)
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			a.Log.Error("poll", "err", err)
		}
		added := 0
		next := a.Now().Add(pollCeiling)
		for _, r := range reports {
			added += r.Added
			if !r.Next.IsZero() && r.Next.Before(next) {
				next = r.Next
			}
		}
		if added > 0 {
			// Group now, so event IDs are fixed in arrival order.
			if _, err := a.Stories(ctx, a.Now().UTC()); err != nil && ctx.Err() == nil {
				a.Log.Error("grouping", "err", err)
			}
		}
		wait := max(time.Until(next), pollFloor)
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(wait):
		}
	}
}

// Serve runs the service until ctx ends: the poll loop, and the digest on
// the configured schedule.
func (a *App) Serve(ctx context.Context) error {
	if a.Cfg.Telegram.Token == "" {
		a.Log.Warn("telegram bot disabled: no token", "env", a.Cfg.Telegram.TokenEnv)
	}
	loc, err := config.LoadLocation(a.Cfg.Digest.TimeZone)
	if err != nil {
		return err
	}
	sched, err := config.ParseSchedule(a.Cfg.Digest.Schedule)
	if err != nil {
		return err
	}
	c := cron.New(cron.WithLocation(loc), cron.WithChain(cron.Recover(cronLogger{a.Log}), cron.SkipIfStillRunning(cronLogger{a.Log})))
	c.Schedule(sched, cron.FuncJob(func() { a.scheduledDigest(ctx) }))
	c.Start()
	defer func() { <-c.Stop().Done() }()
	a.Log.Info("serving", "feeds", len(a.Cfg.Feeds), "digest_schedule", a.Cfg.Digest.Schedule, "timezone", loc.String())
	return a.PollLoop(ctx)
}

// scheduledDigest composes the default digest and logs what it holds.
func (a *App) scheduledDigest(ctx context.Context) {
	d, err := a.Digest(ctx, a.Now().UTC(), nil)
	if err != nil {
		a.Log.Error("scheduled digest", "err", err)
		return
	}
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
