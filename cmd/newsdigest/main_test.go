package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/newsdigest/newsdigest/internal/store"
	"github.com/newsdigest/newsdigest/internal/store/sqlite"
	"github.com/newsdigest/newsdigest/internal/telegram/telegramtest"
)

// TestMain lets the test binary stand in for the real one: with
// NEWSDIGEST_AS_MAIN set it runs main, so a test can start, kill and
// restart the service as a process.
func TestMain(m *testing.M) {
	if os.Getenv("NEWSDIGEST_AS_MAIN") != "" {
		main()
		return
	}
	os.Exit(m.Run())
}

// TestKillDuringDelivery kills the service with SIGKILL in the middle of
// sending digests to 300 subscribers and starts it again on the same
// store: nothing is lost, and only messages that were in flight at the kill
// may arrive twice.
func TestKillDuringDelivery(t *testing.T) {
	if testing.Short() {
		t.Skip("starts the service as a process")
	}
	const subscribers = 300
	api := telegramtest.New(t, telegramtest.WithTelegramRateLimits())
	dir := t.TempDir()
	feeds, err := filepath.Abs("../../feeds")
	if err != nil {
		t.Fatal(err)
	}
	cfgPath := filepath.Join(dir, "newsdigest.yaml")
	cfg := fmt.Sprintf(`data_dir: %s
log: {level: info, format: json}
feeds:
  - {name: interfax-ukraine, outlet: Interfax-Ukraine, url: %s/interfax-ukraine.json, language: en}
digest: {schedule: "0 8 * * *", timezone: UTC}
telegram: {api_url: %q, rate_per_second: 30}
`, filepath.Join(dir, "data"), feeds, api.URL())
	if err := os.WriteFile(cfgPath, []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}

	db, err := sqlite.Open(context.Background(), filepath.Join(dir, "data", "newsdigest.db"))
	if err != nil {
		t.Fatal(err)
	}
	seedDigests(t, db, 5001, subscribers)
	db.Close()

	start := func() *exec.Cmd { return startServe(t, cfgPath) }
	proc := start()
	api.WaitFor(t, time.Minute, "delivery under way", func() bool { return len(api.Messages()) >= subscribers/3 })
	if err := proc.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	proc.Wait()
	atKill := len(api.Messages())

	proc = start()
	defer func() {
		proc.Process.Signal(syscall.SIGTERM)
		proc.Wait()
	}()
	api.WaitFor(t, 2*time.Minute, "every subscriber served", func() bool {
		for i := 1; i <= subscribers; i++ {
			if len(api.MessagesTo(int64(5000+i))) == 0 {
				return false
			}
		}
		return true
	})
	dups := 0
	for i := 1; i <= subscribers; i++ {
		if n := len(api.MessagesTo(int64(5000 + i))); n > 1 {
			dups += n - 1
		}
	}
	const inFlight = 8 // the deliverer's workers: at most this many sends were under way
	if dups > inFlight {
		t.Errorf("%d duplicate digests after one kill, want at most %d (the sends in flight)", dups, inFlight)
	}
	t.Logf("killed after %d of %d sends; %d duplicates after restart", atKill, subscribers, dups)
	if max := api.MaxPerSecond(); max > 30 {
		t.Errorf("%d messages in one second, limit 30", max)
	}
}

// seedDigests subscribes n private chats from first on and enqueues one
// digest each, as a scheduled run leaves them.
func seedDigests(t *testing.T, db store.Store, first int64, n int) {
	t.Helper()
	ctx := context.Background()
	now := time.Now()
	for chat := first; chat < first+int64(n); chat++ {
		if err := db.SaveSubscriber(ctx, store.Subscriber{ChatID: chat, Kind: "private", Schedule: "0 8 * * *", TimeZone: "UTC", Active: true}); err != nil {
			t.Fatal(err)
		}
		msg := store.OutMessage{Key: fmt.Sprintf("digest:%d:1:0", chat), ChatID: chat, HTML: true, Text: fmt.Sprintf("<b>Digest</b> %d", chat), Created: now}
		if err := db.EnqueueDigest(ctx, chat, now, []store.OutMessage{msg}); err != nil {
			t.Fatal(err)
		}
	}
}

// startServe starts `newsdigest serve` as a process (this test binary
// standing in for it) with the fake API's token and extra environment.
func startServe(t *testing.T, cfgPath string, env ...string) *exec.Cmd {
	t.Helper()
	cmd := serveCmd(cfgPath, env...)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return cmd
}

// serveCmd is the command startServe starts, for a test that sets more
// (such as where the log goes) before starting it.
func serveCmd(cfgPath string, env ...string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], "serve", "--config", cfgPath)
	cmd.Env = append(append(os.Environ(), "NEWSDIGEST_AS_MAIN=1", "NEWSDIGEST_TELEGRAM_TOKEN="+telegramtest.Token), env...)
	if testing.Verbose() {
		cmd.Stderr = os.Stderr
	}
	return cmd
}
