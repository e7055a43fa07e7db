package app

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/fsnotify/fsnotify"

	"github.com/newsdigest/newsdigest/internal/config"
)

// Reload reads the config file again and, when it is valid, puts it in
// force: added feeds are polled at once, removed ones are no longer polled
// (their articles stay), topics and digest defaults apply to the next
// digests. A config that fails validation, or that looks saved half-way
// (see feedLoss), is rejected, reported to the admin chats, and the running
// one stays in force. Nothing in flight is interrupted: digests already in
// the outbox are sent as they are.
func (a *App) Reload(ctx context.Context) error {
	old := a.Config()
	if strings.HasPrefix(old.Path, "(built-in)") {
		return errors.New("reload: the built-in config cannot change; run with --config FILE")
	}
	cfg, err := config.Load(old.Path)
	if err != nil {
		a.Log.Error("config reload rejected; keeping the running config", "path", old.Path, "err", err)
		a.NotifyAdmins(ctx, "⚠️ Config reload rejected, the running config stays in force:\n"+err.Error())
		return err
	}
	if why := feedLoss(old, cfg); why != "" {
		err := fmt.Errorf("reload refused: %s %s; if that is intended, set allow_feed_loss: true in the file", old.Path, why)
		a.Log.Error("config reload refused; keeping the running config", "path", old.Path, "reason", why,
			"running_feeds", len(old.Feeds), "new_feeds", len(cfg.Feeds))
		a.NotifyAdmins(ctx, "⚠️ Config reload refused, the running config stays in force:\n"+err.Error())
		return err
	}
	cfg.Telegram.Token = old.Telegram.Token // the token is read once, at start
	var restart []string
	if cfg.HTTP != old.HTTP {
		cfg.HTTP = old.HTTP
		restart = append(restart, "http.listen")
	}
	if cfg.Log != old.Log {
		cfg.Log = old.Log
		restart = append(restart, "log")
	}
	if cfg.Storage.Path != old.Storage.Path || cfg.DataDir != old.DataDir {
		cfg.Storage, cfg.DataDir = old.Storage, old.DataDir
		restart = append(restart, "storage")
	}
	if cfg.Fetch != old.Fetch {
		cfg.Fetch = old.Fetch
		restart = append(restart, "fetch")
	}
	if cfg.Telegram.APIURL != old.Telegram.APIURL || cfg.Telegram.RatePerSecond != old.Telegram.RatePerSecond || cfg.Telegram.Webhook != old.Telegram.Webhook {
		cfg.Telegram.APIURL, cfg.Telegram.RatePerSecond, cfg.Telegram.Webhook = old.Telegram.APIURL, old.Telegram.RatePerSecond, old.Telegram.Webhook
		restart = append(restart, "telegram connection (api_url, rate_per_second, webhook)")
	}
	a.cfg.Store(cfg)
	a.cache.invalidate()
	added, removed := feedDiff(old, cfg)
	msg := fmt.Sprintf("Config reloaded: %d feeds (+%d −%d), %d topics.", len(cfg.Feeds), len(added), len(removed), len(cfg.Topics))
	if len(restart) > 0 {
		msg += " Changes to " + strings.Join(restart, ", ") + " need a restart and were not applied."
	}
	a.Log.Info("config reloaded", "path", cfg.Path, "feeds", len(cfg.Feeds), "added", added, "removed", removed, "needs_restart", restart)
	a.NotifyAdmins(ctx, msg)
	a.wakePoll()
	select {
	case a.reloaded <- struct{}{}:
	default:
	}
	return nil
}

// feedLoss says why cur looks like a file saved half-way rather than an
// edit: editors and config tools truncate a file before writing it, and
// applying that moment would stop every feed. It is "" when cur is fine or
// the admin allowed the loss (allow_feed_loss).
func feedLoss(old, cur *config.Config) string {
	if cur.AllowFeedLoss || len(old.Feeds) == 0 {
		return ""
	}
	_, removed := feedDiff(old, cur)
	switch {
	case len(cur.Feeds) == 0:
		return fmt.Sprintf("has no feeds (the running config has %d)", len(old.Feeds))
	case len(old.Feeds) >= minFeedsForLoss && 2*len(removed) > len(old.Feeds):
		return fmt.Sprintf("drops %d of the %d running feeds at once", len(removed), len(old.Feeds))
	}
	return ""
}

// minFeedsForLoss is the smallest feed list whose halving counts as a
// sudden loss: a small deployment may well swap two of its three feeds.
const minFeedsForLoss = 4

func feedDiff(old, cur *config.Config) (added, removed []string) {
	names := func(c *config.Config) []string {
		var n []string
		for _, f := range c.Feeds {
			n = append(n, f.Name)
		}
		return n
	}
	o, c := names(old), names(cur)
	for _, n := range c {
		if !slices.Contains(o, n) {
			added = append(added, n)
		}
	}
	for _, n := range o {
		if !slices.Contains(c, n) {
			removed = append(removed, n)
		}
	}
	return added, removed
}

// reloadDebounce lets an editor finish writing (write, rename, chmod)
// before the file is read.
const reloadDebounce = 300 * time.Millisecond

// WatchConfig reloads the config when its file changes or the process gets
// SIGHUP, until ctx ends. It watches the file's directory, because editors
// replace files by renaming.
func (a *App) WatchConfig(ctx context.Context) error {
	path := a.Config().Path
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	defer signal.Stop(hup)

	var events <-chan fsnotify.Event
	if !strings.HasPrefix(path, "(built-in)") {
		w, err := fsnotify.NewWatcher()
		if err != nil {
			return fmt.Errorf("watch config: %w", err)
		}
		defer w.Close()
		if err := w.Add(filepath.Dir(path)); err != nil {
			return fmt.Errorf("watch config: %w", err)
		}
		events = w.Events
	}
	abs, _ := filepath.Abs(path)
	var debounce <-chan time.Time
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-hup:
			a.Log.Info("SIGHUP: reloading config")
			a.Reload(ctx)
		case ev := <-events:
			if p, _ := filepath.Abs(ev.Name); p == abs && ev.Op&(fsnotify.Write|fsnotify.Create|fsnotify.Rename) != 0 {
				debounce = time.After(reloadDebounce)
			}
		case <-debounce:
			debounce = nil
			a.Reload(ctx)
		}
	}
}
