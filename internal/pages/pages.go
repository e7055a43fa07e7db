// Package pages is the pipeline stage that reads the article, not the
// teaser: for items whose feed text is a teaser, it fetches the page the
// item links to, extracts the article and stores it beside the teaser.
// Jobs are queued by the store when such an article is first saved, so
// each page is asked for once; a transient failure is retried a bounded
// number of times with back-off, and a page that failed for good is not
// asked for again.
package pages // import "github.com/newsdigest/newsdigest/internal/pages"

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"time"

	"github.com/newsdigest/newsdigest/internal/extract"
	"github.com/newsdigest/newsdigest/internal/fetch"
	"github.com/newsdigest/newsdigest/internal/news"
	"github.com/newsdigest/newsdigest/internal/store"
)

// Defaults for a Stage.
const (
	defaultConcurrency = 4
	defaultAttempts    = 4
	// batch is how many jobs are claimed at a time: enough to hold many
	// feeds (hosts), since jobs come oldest first and one feed's items
	// share a time, and the per-host limit would otherwise idle workers.
	batch      = 256
	lease      = 5 * time.Minute
	firstRetry = 2 * time.Minute
	maxRetry   = 6 * time.Hour
)

// Stage fetches and extracts the pages of queued articles.
type Stage struct {
	Store   store.Store
	Fetcher *fetch.Client
	Log     *slog.Logger
	// Owner names this instance among several sharing a store; jobs are
	// leased to it while it works on them.
	Owner       string
	Concurrency int // pages fetched at once; per-host limits still apply
	MaxAttempts int // tries before a transient failure counts as final
	Now         func() time.Time
	// Done is told every job's outcome (metrics); may be nil.
	Done func(job news.PageJob, status string)
}

// Summary counts what one Run did, by outcome.
type Summary map[string]int

// Run works through the due jobs until none is left or ctx ends. A job
// whose page cannot be had keeps the feed's text: nothing is lost.
func (s *Stage) Run(ctx context.Context) (Summary, error) {
	sum := Summary{}
	var mu sync.Mutex
	for {
		jobs, err := s.Store.ClaimPages(ctx, s.Owner, s.now(), lease, batch)
		if err != nil {
			return sum, err
		}
		if len(jobs) == 0 {
			return sum, nil
		}
		jobs = interleave(jobs)
		work := make(chan news.PageJob)
		var wg sync.WaitGroup
		for range min(s.concurrency(), len(jobs)) {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for job := range work {
					status := s.do(ctx, job)
					mu.Lock()
					sum[status]++
					mu.Unlock()
				}
			}()
		}
	send:
		for _, j := range jobs {
			select {
			case work <- j:
			case <-ctx.Done():
				break send
			}
		}
		close(work)
		wg.Wait()
		if ctx.Err() != nil {
			s.release(ctx)
			return sum, ctx.Err()
		}
	}
}

// interleave orders jobs one feed at a time in turn, keeping each feed's
// order, so that workers spread over hosts instead of queueing for one.
func interleave(jobs []news.PageJob) []news.PageJob {
	var feeds []string
	byFeed := map[string][]news.PageJob{}
	for _, j := range jobs {
		if _, ok := byFeed[j.FeedID]; !ok {
			feeds = append(feeds, j.FeedID)
		}
		byFeed[j.FeedID] = append(byFeed[j.FeedID], j)
	}
	out := make([]news.PageJob, 0, len(jobs))
	for len(out) < len(jobs) {
		for _, f := range feeds {
			if q := byFeed[f]; len(q) > 0 {
				out = append(out, q[0])
				byFeed[f] = q[1:]
			}
		}
	}
	return out
}

// do fetches, extracts and records one job, returning its new status.
func (s *Stage) do(ctx context.Context, job news.PageJob) string {
	r := s.Read(ctx, job)
	if ctx.Err() != nil {
		return "interrupted" // the lease runs out or is released; tried again later
	}
	if err := s.Store.SavePage(context.WithoutCancel(ctx), r); err != nil {
		s.Log.Error("saving a page", "feed", job.FeedID, "url", job.URL, "err", err)
		return "store-error"
	}
	level := slog.LevelDebug
	if r.Status != news.PageOK {
		level = slog.LevelInfo
	}
	s.Log.Log(ctx, level, "article page", "feed", job.FeedID, "url", job.URL, "status", r.Status, "reason", r.LastError)
	if s.Done != nil {
		s.Done(job, r.Status)
	}
	return r.Status
}

// Read fetches job's page and extracts the article, without recording
// anything: the outcome, with the page's text when it is usable.
func (s *Stage) Read(ctx context.Context, job news.PageJob) news.PageResult {
	r := news.PageResult{ArticleID: job.ArticleID, Attempts: job.Attempts + 1, At: s.now()}
	page, err := s.Fetcher.GetPage(ctx, job.URL)
	if err != nil {
		s.failed(&r, err)
		return r
	}
	res := extract.Article(page.Body, page.FinalURL, extract.Hints{Title: job.Title, Teaser: job.Teaser, Language: job.Language, ContentType: page.ContentType})
	if res.Kept != "" {
		r.Status, r.LastError = news.PageKept, res.Kept
	} else {
		r.Status, r.Text = news.PageOK, res.Text
	}
	return r
}

// failed fills r for a fetch that failed: robots.txt said no, a transient
// failure with tries left is retried later, anything else is final.
func (s *Stage) failed(r *news.PageResult, err error) {
	r.LastError = err.Error()
	var fe *fetch.Error
	switch {
	case errors.Is(err, fetch.ErrRobots):
		r.Status = news.PageRobots
	case errors.As(err, &fe) && fe.Temporary && r.Attempts < s.attempts():
		r.Status = news.PageRetry
		wait := firstRetry << (2 * (r.Attempts - 1)) // 2m, 8m, 32m, …
		r.NextTry = r.At.Add(min(max(wait, fe.RetryAfter), maxRetry))
	default:
		r.Status = news.PageFailed
	}
}

// release gives up this instance's page leases after a run cut short.
func (s *Stage) release(ctx context.Context) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	if err := s.Store.ReleasePages(ctx, s.Owner); err != nil {
		s.Log.Error("releasing page leases", "err", err)
	}
}

func (s *Stage) now() time.Time {
	if s.Now != nil {
		return s.Now().UTC()
	}
	return time.Now().UTC()
}

func (s *Stage) concurrency() int {
	if s.Concurrency > 0 {
		return s.Concurrency
	}
	return defaultConcurrency
}

func (s *Stage) attempts() int {
	if s.MaxAttempts > 0 {
		return s.MaxAttempts
	}
	return defaultAttempts
}
