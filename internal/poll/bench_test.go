package poll_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/newsdigest/newsdigest/internal/fetch"
	"github.com/newsdigest/newsdigest/internal/poll"
	"github.com/newsdigest/newsdigest/internal/procstat"
	"github.com/newsdigest/newsdigest/internal/store/sqlite"
)

// feedServer serves n distinct RSS feeds of items items each on loopback,
// with ETags, so a second poll is all 304s; each response waits latency
// first, as a server across the internet does.
func feedServer(b *testing.B, n, items int, latency time.Duration) *httptest.Server {
	bodies := make([][]byte, n)
	for i := range n {
		var sb strings.Builder
		fmt.Fprintf(&sb, `<?xml version="1.0"?><rss version="2.0"><channel><title>Feed %d</title><link>https://f%d.example/</link>`, i, i)
		for j := range items {
			fmt.Fprintf(&sb, `<item><title>Story %d of feed %d about talks and tariffs</title><link>https://f%d.example/%d</link><guid>f%d-%d</guid>`+
				`<pubDate>Thu, 13 Feb 2025 %02d:%02d:00 +0000</pubDate><description>&lt;p&gt;Officials said on Thursday that item %d of feed %d `+
				`was reported by several outlets, and that talks would continue next week.&lt;/p&gt;</description></item>`,
				j, i, i, j, i, j, j%24, j%60, j, i)
		}
		sb.WriteString(`</channel></rss>`)
		bodies[i] = []byte(sb.String())
	}
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(latency)
		var i int
		fmt.Sscanf(r.URL.Path, "/%d", &i)
		etag := fmt.Sprintf(`"v%d"`, i)
		w.Header().Set("ETag", etag)
		if r.Header.Get("If-None-Match") == etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Write(bodies[i])
	}))
}

// BenchmarkIngest polls 1,000 feeds × 50 items from a loopback server into
// SQLite and compares it with fetching the same bodies with bare HTTP GETs
// at the same concurrency, in the same run: the reported ratio is what
// parsing, normalising, deduplicating and storing cost on top of the
// network. A second poll must be all 304s and store nothing. On bare
// loopback a fetch costs microseconds, so the ratio is all processing;
// latency=20ms is a server across the internet.
func BenchmarkIngest(b *testing.B) {
	for _, latency := range []time.Duration{0, 20 * time.Millisecond} {
		b.Run(fmt.Sprintf("latency=%v", latency), func(b *testing.B) { ingest(b, latency) })
	}
}

func ingest(b *testing.B, latency time.Duration) {
	const feeds, items, workers = 1000, 50, 8
	srv := feedServer(b, feeds, items, latency)
	defer srv.Close()
	urls := make([]string, feeds)
	list := make([]poll.Feed, feeds)
	for i := range feeds {
		urls[i] = fmt.Sprintf("%s/%d", srv.URL, i)
		list[i] = poll.Feed{ID: fmt.Sprintf("feed%04d", i), Outlet: fmt.Sprintf("Outlet %d", i), URL: urls[i], Interval: 15 * time.Minute}
	}
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: workers}}
	var bare, full time.Duration
	procstat.ResetPeak()
	for b.Loop() {
		t0 := time.Now()
		fetchAll(client, urls, workers)
		bare += time.Since(t0)

		db, err := sqlite.Open(context.Background(), filepath.Join(b.TempDir(), "ingest.db"))
		if err != nil {
			b.Fatal(err)
		}
		p := &poll.Poller{
			Store:       db,
			Fetcher:     fetch.New(fetch.Options{PerHost: workers}),
			Log:         slog.New(slog.NewTextHandler(io.Discard, nil)),
			Concurrency: workers,
		}
		t1 := time.Now()
		reports, err := p.Poll(context.Background(), list, poll.Force)
		full += time.Since(t1)
		if err != nil {
			b.Fatal(err)
		}
		added := 0
		for _, r := range reports {
			if r.Err != nil {
				b.Fatal(r.Err)
			}
			added += r.Added
		}
		if added != feeds*items {
			b.Fatalf("stored %d articles, want %d", added, feeds*items)
		}
		again, _ := p.Poll(context.Background(), list, poll.Force)
		for _, r := range again {
			if !r.NotModified || r.Added != 0 {
				b.Fatalf("second poll of %s: %+v, want 304 and nothing stored", r.FeedID, r)
			}
		}
		db.Close()
	}
	b.ReportMetric(float64(full)/float64(bare), "poll/bare-fetch")
	b.ReportMetric(float64(feeds*items)*float64(b.N)/full.Seconds(), "articles/s")
	b.ReportMetric(float64(procstat.Peak())/(1<<20), "peak-RSS-MiB")
}

func fetchAll(client *http.Client, urls []string, workers int) {
	jobs := make(chan string)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for u := range jobs {
				resp, err := client.Get(u)
				if err != nil {
					continue
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
			}
		}()
	}
	for _, u := range urls {
		jobs <- u
	}
	close(jobs)
	wg.Wait()
}
