package main

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/newsdigest/newsdigest/internal/store/postgres"
	"github.com/newsdigest/newsdigest/internal/store/postgres/pgtest"
	"github.com/newsdigest/newsdigest/internal/telegram/telegramtest"
)

// TestThreeInstances runs three service processes on one PostgreSQL
// database and one fake Bot API (webhook mode, so no instance long-polls):
// 200 feeds are each fetched once, 1,000 digests are each delivered once,
// and when one instance is killed mid-run the others finish its work,
// repeating at most the sends and fetches it had in flight.
func TestThreeInstances(t *testing.T) {
	if testing.Short() {
		t.Skip("starts three service processes")
	}
	dsn := pgtest.DSN(t)
	const feeds, subscribers = 200, 1000

	var mu sync.Mutex
	hits := map[string]int{}
	feedSrv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := strings.TrimPrefix(r.URL.Path, "/")
		mu.Lock()
		hits[name]++
		mu.Unlock()
		fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>%[1]s</title>
<item><title>%[1]s reports</title><guid>%[1]s-1</guid><link>https://%[1]s.example/1</link><pubDate>Thu, 13 Feb 2025 18:00:00 +0000</pubDate><description>Text.</description></item>
</channel></rss>`, name)
	}))
	defer feedSrv.Close()
	api := telegramtest.New(t, telegramtest.WithRateLimits(300, 20, 400))

	dir := t.TempDir()
	var b strings.Builder
	fmt.Fprintf(&b, "data_dir: %s\nlog: {level: warn}\nfeeds:\n", filepath.Join(dir, "data"))
	for i := range feeds {
		fmt.Fprintf(&b, "  - {name: f%03d, url: %q}\n", i, feedSrv.URL+fmt.Sprintf("/f%03d", i))
	}
	fmt.Fprintf(&b, "storage: {dsn: %q}\ntelegram:\n  api_url: %q\n  rate_per_second: 100\n  webhook: {url: \"https://bot.example/telegram\", listen: \"127.0.0.1:0\"}\n", dsn, api.URL())
	cfgPath := filepath.Join(dir, "newsdigest.yaml")
	if err := os.WriteFile(cfgPath, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}

	db, err := postgres.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	seedDigests(t, db, 7001, subscribers)
	db.Close()

	start := func() *exec.Cmd { return startServe(t, cfgPath, "NEWSDIGEST_TELEGRAM_WEBHOOK_SECRET=test-secret") }
	procs := []*exec.Cmd{start(), start(), start()}
	defer func() {
		for _, p := range procs {
			p.Process.Signal(syscall.SIGTERM)
			p.Wait()
		}
	}()

	api.WaitFor(t, time.Minute, "a third delivered", func() bool { return len(api.Messages()) >= subscribers/3 })
	procs[0].Process.Signal(syscall.SIGKILL)
	procs[0].Wait()
	procs = procs[1:]

	api.WaitFor(t, 3*time.Minute, "every subscriber served", func() bool {
		for i := 1; i <= subscribers; i++ {
			if len(api.MessagesTo(int64(7000+i))) == 0 {
				return false
			}
		}
		return true
	})
	// A feed the killed instance had claimed is polled by another once its
	// lease (2 min) runs out.
	api.WaitFor(t, 4*time.Minute, "every feed polled", func() bool {
		mu.Lock()
		defer mu.Unlock()
		return len(hits) == feeds
	})
	dups := 0
	for i := 1; i <= subscribers; i++ {
		if n := len(api.MessagesTo(int64(7000 + i))); n > 1 {
			dups += n - 1
		}
	}
	const inFlight = 8 // the killed instance's deliverer workers
	if dups > inFlight {
		t.Errorf("%d duplicate digests, want at most %d (the killed instance's sends in flight)", dups, inFlight)
	}
	mu.Lock()
	defer mu.Unlock()
	twice := 0
	for name, n := range hits {
		switch {
		case n == 2:
			twice++ // the killed instance was fetching it
		case n != 1:
			t.Errorf("feed %s fetched %d times in one cycle, want 1", name, n)
		}
	}
	const fetchWorkers = 8 // fetches the killed instance can have had in flight
	if twice > fetchWorkers {
		t.Errorf("%d feeds fetched twice, want at most the %d in flight at the kill", twice, fetchWorkers)
	}
	t.Logf("%d feeds polled (%d twice, in flight at the kill); %d digests, %d duplicates after the kill", len(hits), twice, len(api.Messages()), dups)
}
