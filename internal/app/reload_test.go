package app_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/newsdigest/newsdigest/internal/app"
	"github.com/newsdigest/newsdigest/internal/config"
	"github.com/newsdigest/newsdigest/internal/telegram/telegramtest"
)

const feedXML = `<?xml version="1.0"?><rss version="2.0"><channel><title>%[1]s</title><link>https://%[1]s.example/</link>
<item><title>%[1]s item</title><link>https://%[1]s.example/1</link><guid>%[1]s-1</guid><pubDate>Thu, 13 Feb 2025 18:00:00 +0000</pubDate><description>Body.</description></item>
</channel></rss>`

func writeConfig(t *testing.T, path, body string) {
	t.Helper()
	// Write and rename, as editors do, so the watcher never reads half a file.
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, path); err != nil {
		t.Fatal(err)
	}
}

// TestHotReload edits the config of a running service: a new feed is
// polled and a removed one is not, without a restart; then an edit with an
// invalid cron spec is rejected, reported to the admin chat, and the
// service runs on with the previous config.
func TestHotReload(t *testing.T) {
	var hitsA, hitsB atomic.Int32
	feeds := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/a":
			hitsA.Add(1)
		case "/b":
			hitsB.Add(1)
		}
		fmt.Fprintf(w, feedXML, strings.TrimPrefix(r.URL.Path, "/"))
	}))
	defer feeds.Close()
	api := telegramtest.New(t)
	const admin = 900
	dir := t.TempDir()
	path := filepath.Join(dir, "newsdigest.yaml")
	conf := func(feed, schedule string) string {
		return fmt.Sprintf(`data_dir: data
feeds:
  - {name: %s, url: %q}
digest: {schedule: %q, timezone: UTC}
telegram: {api_url: %q, admin_chat_ids: [%d]}
`, feed, feeds.URL+"/"+feed, schedule, api.URL(), admin)
	}
	writeConfig(t, path, conf("a", "0 8 * * *"))
	cfg, err := config.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Telegram.Token = telegramtest.Token
	a := serve(t, cfg, nil)

	api.WaitFor(t, 10*time.Second, "feed a polled", func() bool { return hitsA.Load() > 0 })
	time.Sleep(200 * time.Millisecond) // let the watcher start

	writeConfig(t, path, conf("b", "0 8 * * *"))
	api.WaitFor(t, 10*time.Second, "added feed b polled after the edit", func() bool { return hitsB.Load() > 0 })
	if names := feedNames(a); names != "b" {
		t.Errorf("feeds after reload = %q, want only b", names)
	}
	api.WaitMessages(t, admin, 1, 10*time.Second) // "Config reloaded: …"
	polledA := hitsA.Load()

	writeConfig(t, path, conf("b", "0 25 * * *"))
	msgs := api.WaitMessages(t, admin, 2, 10*time.Second)
	if !strings.Contains(msgs[1].Plain, "Config reload rejected") || !strings.Contains(msgs[1].Plain, "digest.schedule") {
		t.Errorf("admin report: %q", msgs[1].Plain)
	}
	if got := a.Config().Digest.Schedule; got != "0 8 * * *" {
		t.Errorf("schedule in force = %q, want the previous 0 8 * * *", got)
	}
	// Still serving: a user's command is answered.
	m := converse(t, api, telegramtest.Chat{ID: 5, Type: "private"}, telegramtest.User{ID: 5}, "/help")
	if !strings.Contains(m.Plain, "/digest") {
		t.Errorf("after a rejected reload the bot answered %q", m.Plain)
	}
	if hitsA.Load() != polledA {
		t.Error("the removed feed was polled again")
	}
}

func feedNames(a *app.App) string {
	var n []string
	for _, f := range a.Config().Feeds {
		n = append(n, f.Name)
	}
	return strings.Join(n, ",")
}

// TestAdminStatus: /status from an admin shows a failing feed's last
// error; from anyone else it is refused.
func TestAdminStatus(t *testing.T) {
	broken := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "boom", http.StatusInternalServerError)
	}))
	defer broken.Close()
	api := telegramtest.New(t)
	const admin = 901
	dir := t.TempDir()
	path := filepath.Join(dir, "newsdigest.yaml")
	writeConfig(t, path, fmt.Sprintf(`data_dir: data
feeds:
  - {name: broken, url: %q}
telegram: {api_url: %q, admin_chat_ids: [%d]}
`, broken.URL, api.URL(), admin))
	cfg, err := config.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Telegram.Token = telegramtest.Token
	a := serve(t, cfg, nil)
	api.WaitFor(t, 10*time.Second, "broken feed polled", func() bool {
		st, _ := a.Store.FeedStates(context.Background())
		return st["broken"].Failures > 0
	})

	m := converse(t, api, telegramtest.Chat{ID: admin, Type: "private"}, telegramtest.User{ID: admin}, "/status")
	if !strings.Contains(m.Plain, "broken: FAILING") || !strings.Contains(m.Plain, "HTTP 500") {
		t.Errorf("admin /status: %q", m.Plain)
	}
	m = converse(t, api, telegramtest.Chat{ID: 66, Type: "private"}, telegramtest.User{ID: 66}, "/status")
	if !strings.Contains(m.Plain, "is for the bot's admins") || strings.Contains(m.Plain, "FAILING") {
		t.Errorf("non-admin /status: %q", m.Plain)
	}
}
