package app_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/newsdigest/newsdigest/internal/app"
	"github.com/newsdigest/newsdigest/internal/config"
	"github.com/newsdigest/newsdigest/internal/digest"
	"github.com/newsdigest/newsdigest/internal/news"
	"github.com/newsdigest/newsdigest/internal/procstat"
	"github.com/newsdigest/newsdigest/internal/store"
)

// BenchmarkFootprint measures the memory of the service's heaviest
// routine steps with 100k stored articles from 1,000 feeds and 10k
// subscribers: the first grouping after a start (which weighs terms over
// the whole horizon and archives it step by step), a regrouping after a
// poll adds articles, and a digest. Arrival rates differ: days=5 is 20k
// articles a day (busy feeds), days=50 is 2k a day. It reports the
// process's peak RSS during the steps.
func BenchmarkFootprint(b *testing.B) {
	for _, days := range []int{5, 50} {
		b.Run(fmt.Sprintf("days=%d", days), func(b *testing.B) { footprint(b, days) })
	}
}

func footprint(b *testing.B, days int) {
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
	span := time.Duration(days) * 24 * time.Hour
	article := func(i int) news.Article {
		story := i / 8
		words := make([]string, 0, 80)
		for range 80 {
			words = append(words, fmt.Sprintf("w%d", r.IntN(20000)))
		}
		published := end.Add(-span / articles * time.Duration(articles-i))
		return news.Article{
			ID: fmt.Sprintf("a%06d", i), FeedID: fmt.Sprintf("feed%04d", i%feeds), Outlet: fmt.Sprintf("Outlet %d", i%feeds), Language: "en",
			URL:       fmt.Sprintf("https://o%d.example/%d", i%feeds, i),
			Title:     fmt.Sprintf("Story%d Topic%d reported by outlet %d", story, story%97, i%feeds),
			Text:      fmt.Sprintf("Person%d said on Thursday that Story%d matters. ", story, story) + strings.Join(words, " ") + ".",
			Published: published, Fetched: published.Add(10 * time.Minute),
		}
	}
	const lastPoll = 1000 // stored after the first grouping
	batch := make([]news.Article, 0, 1000)
	for i := range articles - lastPoll {
		batch = append(batch, article(i))
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
	procstat.ResetPeak()
	b.ResetTimer()
	var first, regroup time.Duration
	for b.Loop() {
		t0 := time.Now()
		if _, err := a.Stories(ctx, end.Add(-span/articles*lastPoll)); err != nil {
			b.Fatal(err)
		}
		first += time.Since(t0)
		for i := articles - lastPoll; i < articles; i++ {
			batch = append(batch, article(i))
		}
		if _, err := a.Store.SaveArticles(ctx, batch); err != nil {
			b.Fatal(err)
		}
		t1 := time.Now()
		stories, err := a.Stories(ctx, end)
		if err != nil {
			b.Fatal(err)
		}
		regroup += time.Since(t1)
		d := a.Composer(ctx, nil).Compose(stories, digest.Request{Until: end, Window: 72 * time.Hour, MaxStories: 8})
		if len(d.Stories) == 0 {
			b.Fatal("empty digest")
		}
	}
	b.ReportMetric(float64(procstat.Peak())/(1<<20), "peak-RSS-MiB")
	b.ReportMetric(first.Seconds()/float64(b.N), "first-grouping-s")
	b.ReportMetric(regroup.Seconds()/float64(b.N), "regroup-s")
}
