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
	// batch is how many jobs are claimed at a time: the store hands them
	// out taking the feeds (hosts) in turn, so a batch spreads the workers
	// over many hosts instead of queueing them on one host's limit.
	batch = 256
	// saveMax bounds the results saved in one transaction.
	saveMax    = 128
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
	// Done is told every job's outcome once it is saved (metrics); may be
	// nil.
	Done func(job news.PageJob, status string)
}

// Summary counts what one Run did, by outcome.
type Summary map[string]int

// outcome is a job read and what it came to.
type outcome struct {
	job news.PageJob
	r   news.PageResult
}

// Run works through the due jobs until none is left or ctx ends. A job
// whose page cannot be had keeps the feed's text: nothing is lost.
//
// While more is open, Run also waits on it for jobs queued after it
// started: a poll in progress signals each feed whose articles it saved,
// so that pages are fetched while other feeds are, and closes more when
// it is done. With more nil, Run returns as soon as no job is due.
//
// The work is a pipeline: one goroutine claims jobs (the next batch as
// soon as the last of the current one is taken), Concurrency workers
// fetch and extract, and one goroutine saves what the workers have
// finished, as much as has piled up in one transaction, so that workers
// never wait for the store or for each other.
func (s *Stage) Run(ctx context.Context, more <-chan struct{}) (Summary, error) {
	// Claimed jobs wait here, so that a claim is made as soon as a poll
	// has stored more, not only once a worker is free.
	work := make(chan claimed, batch)
	read := make(chan outcome, s.concurrency())
	var workers sync.WaitGroup
	for range s.concurrency() {
		workers.Go(func() {
			for c := range work {
				if time.Since(c.at) > lease/2 || ctx.Err() != nil {
					continue // left to a later claim: its lease is released below
				}
				job := c.job
				r := s.Read(ctx, job)
				if ctx.Err() != nil {
					continue // interrupted: its lease is released below
				}
				read <- outcome{job, r}
			}
		})
	}
	sum := Summary{}
	saved := make(chan int)
	go func() { saved <- s.save(ctx, read, sum) }()

	n, err := s.claim(ctx, work, more)
	close(work)
	workers.Wait()
	close(read)
	if n != <-saved {
		// Jobs interrupted, not saved, or left when their lease grew old:
		// another run (or instance) may take them at once.
		s.release(ctx)
	}
	if err == nil {
		err = ctx.Err()
	}
	return sum, err
}

// claimed is a job and when it was claimed: one that waited too long for
// a worker (slow hosts) is left for its lease to run out.
type claimed struct {
	job news.PageJob
	at  time.Time
}

// claim hands due jobs to the workers until none is due and more is
// closed or nil, returning how many it claimed.
func (s *Stage) claim(ctx context.Context, work chan<- claimed, more <-chan struct{}) (int, error) {
	n := 0
	for {
		jobs, err := s.Store.ClaimPages(ctx, s.Owner, s.now(), lease, batch)
		if err != nil {
			return n, err
		}
		n += len(jobs)
		if len(jobs) == 0 {
			if more == nil {
				return n, nil
			}
			select {
			case _, open := <-more:
				if !open {
					more = nil // no more will be queued: one last look
				}
			case <-ctx.Done():
				return n, ctx.Err()
			}
			continue
		}
		at := time.Now()
		for _, j := range jobs {
			select {
			case work <- claimed{j, at}:
			case <-ctx.Done():
				return n, ctx.Err()
			}
		}
	}
}

// save records the workers' outcomes, those waiting together in one
// transaction, and counts them into sum; it returns how many it saved.
func (s *Stage) save(ctx context.Context, read <-chan outcome, sum Summary) int {
	ctx = context.WithoutCancel(ctx) // what was read is kept even when the run is cut short
	saved := 0
	for o := range read {
		group := []outcome{o}
	gather:
		for len(group) < saveMax {
			select {
			case o, ok := <-read:
				if !ok {
					break gather
				}
				group = append(group, o)
			default:
				break gather
			}
		}
		rs := make([]news.PageResult, len(group))
		for i, o := range group {
			rs[i] = o.r
		}
		if err := s.Store.SavePages(ctx, rs); err != nil {
			s.Log.Error("saving article pages", "pages", len(rs), "err", err)
			sum["store-error"] += len(group)
			continue
		}
		saved += len(group)
		for _, o := range group {
			level := slog.LevelDebug
			if o.r.Status != news.PageOK {
				level = slog.LevelInfo
			}
			s.Log.Log(ctx, level, "article page", "feed", o.job.FeedID, "url", o.job.URL, "status", o.r.Status, "reason", o.r.LastError)
			sum[o.r.Status]++
			if s.Done != nil {
				s.Done(o.job, o.r.Status)
			}
		}
	}
	return saved
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
