package app_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
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

// TestReloadRefusesFeedLoss: a config file caught half-written (empty,
// comments only) or one that drops most feeds at once is refused and the
// running feeds stay; allow_feed_loss lets an admin mean it.
func TestReloadRefusesFeedLoss(t *testing.T) {
	feedList := func(names ...string) string {
		var b strings.Builder
		b.WriteString("data_dir: data\nfeeds:\n")
		for _, n := range names {
			fmt.Fprintf(&b, "  - {name: %s, url: ./%s.xml}\n", n, n)
		}
		return b.String()
	}
	six := []string{"a", "b", "c", "d", "e", "f"}
	for name, tc := range map[string]struct {
		body      string
		refused   bool
		wantFeeds string
	}{
		"empty file":               {"", true, "a,b,c,d,e,f"},
		"comments only":            {"# being rewritten\n", true, "a,b,c,d,e,f"},
		"no feeds key":             {"data_dir: data\n", true, "a,b,c,d,e,f"},
		"drops four of six":        {feedList("a", "b"), true, "a,b,c,d,e,f"},
		"drops half":               {feedList("a", "b", "c"), false, "a,b,c"},
		"adds one":                 {feedList(append(six, "g")...), false, "a,b,c,d,e,f,g"},
		"swaps two":                {feedList("a", "b", "c", "d", "x", "y"), false, "a,b,c,d,x,y"},
		"emptied, meant":           {"allow_feed_loss: true\n", false, ""},
		"drops four of six, meant": {"allow_feed_loss: true\n" + feedList("a", "b"), false, "a,b"},
	} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "newsdigest.yaml")
			writeConfig(t, path, feedList(six...))
			cfg, err := config.Load(path)
			if err != nil {
				t.Fatal(err)
			}
			a, err := app.Open(t.Context(), cfg, discardLog())
			if err != nil {
				t.Fatal(err)
			}
			defer a.Close()
			writeConfig(t, path, tc.body)
			err = a.Reload(t.Context())
			if refused := err != nil; refused != tc.refused {
				t.Fatalf("reload error = %v, want refused %v", err, tc.refused)
			}
			if tc.refused && !strings.Contains(err.Error(), "allow_feed_loss: true") {
				t.Errorf("the refusal does not say how to mean it: %v", err)
			}
			if got := feedNames(a); got != tc.wantFeeds {
				t.Errorf("feeds in force = %q, want %q", got, tc.wantFeeds)
			}
		})
	}
}

// TestReloadNamesRestartKeys: keys read once at start are kept and listed
// as needing a restart, the rest applies.
func TestReloadNamesRestartKeys(t *testing.T) {
	path := filepath.Join(t.TempDir(), "newsdigest.yaml")
	const base = "data_dir: data\nfeeds: [{name: a, url: ./a.xml}]\n"
	writeConfig(t, path, base+"http: {listen: 127.0.0.1:9090}\ndigest: {max_stories: 5}\n")
	cfg, err := config.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	var logs strings.Builder
	a, err := app.Open(t.Context(), cfg, slog.New(slog.NewTextHandler(&logs, nil)))
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	writeConfig(t, path, base+"http: {listen: 127.0.0.1:9191}\nlog: {level: debug}\ndigest: {max_stories: 6}\n")
	if err := a.Reload(t.Context()); err != nil {
		t.Fatal(err)
	}
	if got := a.Config().HTTP.Listen; got != "127.0.0.1:9090" {
		t.Errorf("http.listen in force = %q, want the running 127.0.0.1:9090", got)
	}
	if got := a.Config().Digest.MaxStories; got != 6 {
		t.Errorf("digest.max_stories = %d, want the reloaded 6", got)
	}
	if !strings.Contains(logs.String(), `needs_restart="[http.listen log]"`) {
		t.Errorf("log does not list http.listen and log as needing a restart:\n%s", logs.String())
	}
}

// TestOfflineScheduleFollowsReload: without a bot token, a reloaded
// digest.schedule is what composes the next digest, and the run is in the
// metrics.
func TestOfflineScheduleFollowsReload(t *testing.T) {
	path := filepath.Join(t.TempDir(), "newsdigest.yaml")
	conf := func(schedule string) string {
		return fmt.Sprintf("data_dir: data\nfeeds: [{name: a, url: ./a.xml}]\ndigest: {schedule: %q}\nhttp: {listen: 127.0.0.1:0}\n", schedule)
	}
	writeConfig(t, path, conf("0 8 1 1 *"))
	cfg, err := config.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	a := serve(t, cfg, nil)
	var base string
	for deadline := time.Now().Add(10 * time.Second); base == ""; time.Sleep(20 * time.Millisecond) {
		if addr := a.OpsAddr(); addr != "" {
			base = "http://" + addr
		}
		if time.Now().After(deadline) {
			t.Fatal("no operator listener within 10s")
		}
	}
	writeConfig(t, path, conf("@every 1s"))
	if err := a.Reload(t.Context()); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		_, body := get(t, base+"/metrics")
		if strings.Contains(body, "newsdigest_last_digest_run_timestamp_seconds ") &&
			!strings.Contains(body, "newsdigest_last_digest_run_timestamp_seconds 0\n") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("no digest run on the reloaded schedule within 10s")
		}
	}
}

func discardLog() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }
