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
// digests. A config that fails validation is rejected with every problem,
// reported to the admin chats, and the running one stays in force. Nothing
// in flight is interrupted: digests already in the outbox are sent as they
// are.
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
	cfg.Telegram.Token = old.Telegram.Token // the token is read once, at start
	var restart []string
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
	return nil
}

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
