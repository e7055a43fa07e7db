package app_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/newsdigest/newsdigest/internal/app"
	"github.com/newsdigest/newsdigest/internal/config"
	"github.com/newsdigest/newsdigest/internal/digest"
	"github.com/newsdigest/newsdigest/internal/news"
	"github.com/newsdigest/newsdigest/internal/store"
)

// BenchmarkFootprint measures the memory of the service's heaviest
// routine step — grouping every stored article of the horizon and
// composing a digest — with 100k stored articles (1,000 feeds over five
// days) and 10k subscribers, and reports the process's peak RSS.
func BenchmarkFootprint(b *testing.B) {
	b.Setenv("NEWSDIGEST_DATA_DIR", b.TempDir())
	cfg, err := config.Load("../../configs/newsdigest.yaml")
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	a, err := app.Open(ctx, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		b.Fatal(err)
	}
	defer a.Close()
	end := time.Date(2025, 2, 14, 0, 0, 0, 0, time.UTC)
	r := rand.New(rand.NewPCG(3, 4))
	const articles, feeds, subscribers = 100_000, 1000, 10_000
	batch := make([]news.Article, 0, 1000)
	for i := range articles {
		story := i / 8
		words := make([]string, 0, 80)
		for range 80 {
			words = append(words, fmt.Sprintf("w%d", r.IntN(20000)))
		}
		batch = append(batch, news.Article{
			ID: fmt.Sprintf("a%06d", i), FeedID: fmt.Sprintf("feed%04d", i%feeds), Outlet: fmt.Sprintf("Outlet %d", i%feeds), Language: "en",
			URL:       fmt.Sprintf("https://o%d.example/%d", i%feeds, i),
			Title:     fmt.Sprintf("Story%d Topic%d reported by outlet %d", story, story%97, i%feeds),
			Text:      fmt.Sprintf("Person%d said on Thursday that Story%d matters. ", story, story) + strings.Join(words, " ") + ".",
			Published: end.Add(-time.Duration(articles-i) * 5 * 24 * time.Hour / articles), Fetched: end,
		})
		if len(batch) == cap(batch) {
			if _, err := a.Store.SaveArticles(ctx, batch); err != nil {
				b.Fatal(err)
			}
			batch = batch[:0]
		}
	}
	for i := range subscribers {
		if err := a.Store.SaveSubscriber(ctx, store.Subscriber{ChatID: int64(i + 1), Kind: "private", Schedule: "0 8 * * *", TimeZone: "UTC", Active: true}); err != nil {
			b.Fatal(err)
		}
	}
	runtime.GC()
	b.ResetTimer()
	for b.Loop() {
		stories, err := a.Stories(ctx, end)
		if err != nil {
			b.Fatal(err)
		}
		if len(stories) == 0 {
			b.Fatal("no stories")
		}
		d := a.Composer().Compose(stories, digest.Request{Until: end, Window: 72 * time.Hour, MaxStories: 8})
		if len(d.Stories) == 0 {
			b.Fatal("empty digest")
		}
	}
	b.ReportMetric(float64(peakRSS())/(1<<20), "peak-RSS-MiB")
}

// peakRSS reads the process's high-water resident set size (Linux).
func peakRSS() int64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			return kb << 10
		}
	}
	return 0
}
