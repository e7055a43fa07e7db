package cluster_test

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/newsdigest/newsdigest/internal/cluster"
	"github.com/newsdigest/newsdigest/internal/news"
	"github.com/newsdigest/newsdigest/internal/procstat"
)

// synthetic makes n articles arriving at a steady rate (20,000 a day is a
// deployment of about a thousand busy feeds), in stories of 1 to 40 articles that each last
// up to a day. Each story has its own name and topic words drawn from a
// large vocabulary (some shared by chance with other stories); two thirds
// of every body is background drawn from a Zipf-distributed common
// vocabulary, so common words collide across stories as they do in news.
func synthetic(n, perDay int) []news.Article {
	r := rand.New(rand.NewPCG(7, uint64(n)))
	common := make([]string, 5000)
	for i := range common {
		common[i] = fmt.Sprintf("c%dx", i)
	}
	zipf := rand.NewZipf(r, 1.1, 1, uint64(len(common)-1))
	start := time.Date(2025, 2, 1, 0, 0, 0, 0, time.UTC)
	type story struct {
		words []string
		name  string
		left  int
		start time.Time
	}
	var live []*story
	articles := make([]news.Article, 0, n)
	for i := 0; i < n; i++ {
		at := start.Add(time.Duration(i) * 24 * time.Hour / time.Duration(perDay))
		if len(live) == 0 || r.IntN(4) == 0 {
			s := &story{name: fmt.Sprintf("Name%d Person%d", i, r.IntN(1000)), left: 1 + r.IntN(40), start: at}
			for range 6 {
				s.words = append(s.words, fmt.Sprintf("t%dx", r.IntN(200_000)))
			}
			live = append(live, s)
		}
		k := r.IntN(len(live))
		s := live[k]
		var title, body []string
		for range 5 {
			title = append(title, s.words[r.IntN(len(s.words))])
		}
		for range 40 {
			if r.IntN(3) == 0 {
				body = append(body, s.words[r.IntN(len(s.words))])
			} else {
				body = append(body, common[zipf.Uint64()])
			}
		}
		articles = append(articles, news.Article{
			ID:        fmt.Sprintf("a%07d", i),
			Outlet:    fmt.Sprintf("outlet%d", r.IntN(300)),
			Language:  "en",
			Title:     strings.Join(title, " ") + " says " + s.name,
			Text:      s.name + " said " + strings.Join(body, " ") + ".",
			Published: at,
		})
		if s.left--; s.left == 0 || at.Sub(s.start) > 24*time.Hour {
			live = append(live[:k], live[k+1:]...)
		}
	}
	return articles
}

func BenchmarkGroup(b *testing.B) {
	for _, n := range []int{10_000, 100_000} {
		articles := synthetic(n, 20_000)
		b.Run(fmt.Sprintf("articles=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				cluster.Group(articles, nil, cluster.Options{})
			}
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "articles/s")
		})
	}
}

// BenchmarkGroupScaling times 10k and 100k articles in the same run and
// reports the cost ratios, in CPU time (what grouping costs, whoever else
// uses the machine) and wall time; linear cost is 10, the target is at
// most 12. At 20k articles a day the 10k run covers 12 hours, less than
// the ≈ 28 h over which articles can affect each other's grouping, so its
// bounded scans are not yet full; at 2k a day both runs are in the steady
// state. Each size is generated just before it is timed and dropped after:
// input kept alive from the other size would change how often the
// collector runs.
func BenchmarkGroupScaling(b *testing.B) {
	type cost struct{ cpu, wall time.Duration }
	timed := func(n, perDay int) cost {
		articles := synthetic(n, perDay)
		runtime.GC()
		cpu, start := procstat.CPU(), time.Now()
		cluster.Group(articles, nil, cluster.Options{})
		return cost{procstat.CPU() - cpu, time.Since(start)}
	}
	for _, perDay := range []int{20_000, 2_000} {
		b.Run(fmt.Sprintf("perDay=%d", perDay), func(b *testing.B) {
			var small, large cost
			for b.Loop() {
				s, l := timed(10_000, perDay), timed(100_000, perDay)
				small.cpu, small.wall = small.cpu+s.cpu, small.wall+s.wall
				large.cpu, large.wall = large.cpu+l.cpu, large.wall+l.wall
			}
			b.ReportMetric(large.wall.Seconds()/float64(b.N), "s-100k")
			b.ReportMetric(float64(large.wall)/float64(small.wall), "wall-ratio")
			if small.cpu > 0 {
				b.ReportMetric(float64(large.cpu)/float64(small.cpu), "cpu-ratio")
			}
		})
	}
}
