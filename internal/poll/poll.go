// Package poll runs the refresh of feeds: which feeds are due, a bounded
// pool of workers, and for each feed the whole refresh top to bottom —
// conditional fetch, parse, store, and the next poll time with back-off for
// feeds that fail.
package poll // import "github.com/newsdigest/newsdigest/internal/poll"

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"sort"
	"sync"
	"time"

	"github.com/newsdigest/newsdigest/internal/fetch"
	"github.com/newsdigest/newsdigest/internal/news"
	"github.com/newsdigest/newsdigest/internal/parse"
	"github.com/newsdigest/newsdigest/internal/store"
)

// Feed is what the poller needs to know about one configured feed.
type Feed struct {
	ID       string
	Outlet   string
	URL      string
	Language string
	Interval time.Duration
	// FullText says which items want their page fetched for the article:
	// "auto" (or "") the teasers, "always" all, "never" none.
	FullText string
}

// Report is the outcome of polling one feed.
type Report struct {
	FeedID      string
	NotModified bool
	Items       int // items in the feed
	Added       int // articles new to the store
	Err         error
	Next        time.Time
	// Failures in a row after this poll, and before it: an admin hears
	// when a feed starts failing and when it recovers.
	Failures, PrevFailures int
	Took                   time.Duration
	// Skipped says why a Manual poll left the feed alone (it is waiting
	// out a back-off or a server's Retry-After); "" when it was polled.
	Skipped string
}

// Mode says which feeds a poll takes.
type Mode int

const (
	// Due polls the feeds whose next poll time has come, each claimed
	// first so that one instance among several polls it: the service.
	Due Mode = iota
	// Manual polls every feed now except those waiting out a back-off or
	// a server's Retry-After: a command someone runs by hand or from
	// cron, which must not hammer a feed that asked for a pause.
	Manual
	// Force polls every feed now (--force).
	Force
)

// Poller refreshes feeds into a store.
type Poller struct {
	Store       store.Store
	Fetcher     *fetch.Client
	Log         *slog.Logger
	Concurrency int           // feeds polled at once; default 4
	MaxBackoff  time.Duration // cap on the delay after failures; default 6h
	Now         func() time.Time
	// Owner names this poller when several instances share a store: a
	// scheduled poll claims each due feed first, so that one instance
	// fetches it. Lease bounds the claim (default 2m): a crashed
	// instance's feeds are polled by another after it.
	Owner string
	Lease time.Duration
	// Saved, when set, is told of each feed whose new articles are stored,
	// as soon as they are, while the poll goes on.
	Saved func(Report)
}

func (p *Poller) now() time.Time {
	if p.Now != nil {
		return p.Now().UTC()
	}
	return time.Now().UTC()
}

// Poll refreshes the feeds that mode takes. One feed's failure never stops
// the others; it is in that feed's report, as is a feed a Manual poll
// skipped. The error is only for the store being unusable or ctx ending;
// then the feeds this poller had claimed are released for the next one.
func (p *Poller) Poll(ctx context.Context, feeds []Feed, mode Mode) ([]Report, error) {
	states, err := p.Store.FeedStates(ctx)
	if err != nil {
		return nil, err
	}
	now := p.now()
	var due []Feed
	var skipped []Report
	for _, f := range feeds {
		st := states[f.ID]
		switch {
		case mode == Force || !st.NextPoll.After(now):
			due = append(due, f)
		case mode == Manual && st.Failures == 0:
			due = append(due, f) // healthy: revalidating early costs a 304
		case mode == Manual:
			skipped = append(skipped, Report{FeedID: f.ID, Next: st.NextPoll, Failures: st.Failures, PrevFailures: st.Failures,
				Skipped: fmt.Sprintf("waiting after %d failure(s) until %s (last error: %s)", st.Failures, st.NextPoll.Format(time.RFC3339), st.LastError)})
		}
	}
	if mode == Due && len(due) > 0 {
		if due, err = p.claim(ctx, due, now); err != nil {
			return nil, err
		}
		defer func() {
			if ctx.Err() != nil {
				p.release(ctx)
			}
		}()
	}
	if len(due) == 0 {
		return skipped, nil
	}

	workers := max(1, p.Concurrency)
	if p.Concurrency == 0 {
		workers = 4
	}
	jobs := make(chan Feed)
	reports := make([]Report, 0, len(due))
	var mu sync.Mutex
	var wg sync.WaitGroup
	progress := newProgress(p.Log, len(due))
	report := func(r Report) {
		if r.Added > 0 && p.Saved != nil {
			p.Saved(r)
		}
		mu.Lock()
		reports = append(reports, r)
		mu.Unlock()
		progress.done(r)
	}
	// Group commit: with a store that can save several feeds in one
	// transaction, workers hand their parsed articles and the feed's new
	// state to one writer and go on to the next feed.
	var toWriter chan *pending
	writerDone := make(chan struct{})
	if bs, ok := p.Store.(batchSaver); ok {
		toWriter = make(chan *pending, workers)
		go func() {
			defer close(writerDone)
			p.writer(ctx, bs, toWriter, report)
		}()
	} else {
		close(writerDone)
	}
	for range min(workers, len(due)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for f := range jobs {
				if toWriter == nil {
					report(p.refresh(ctx, f, states[f.ID]))
					continue
				}
				pd := p.prepare(ctx, f, states[f.ID])
				if pd.done {
					report(pd.r)
					continue
				}
				toWriter <- pd
			}
		}()
	}
send:
	for _, f := range due {
		select {
		case jobs <- f:
		case <-ctx.Done():
			break send
		}
	}
	close(jobs)
	wg.Wait()
	if toWriter != nil {
		close(toWriter)
	}
	<-writerDone
	progress.finish()
	reports = append(reports, skipped...)
	sort.Slice(reports, func(i, j int) bool { return reports[i].FeedID < reports[j].FeedID })
	return reports, ctx.Err()
}

// release gives up this poller's feed leases after a poll cut short, so
// that a restarted instance polls those feeds at once rather than after
// the lease runs out.
func (p *Poller) release(ctx context.Context) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	if err := p.Store.ReleaseFeeds(ctx, p.Owner); err != nil {
		p.Log.Error("releasing feed leases", "err", err)
		return
	}
	p.Log.Info("released feed leases", "owner", p.Owner)
}

// claim keeps the due feeds this poller won the lease on.
func (p *Poller) claim(ctx context.Context, due []Feed, now time.Time) ([]Feed, error) {
	ids := make([]string, len(due))
	for i, f := range due {
		ids[i] = f.ID
	}
	lease := p.Lease
	if lease <= 0 {
		lease = 2 * time.Minute
	}
	won, err := p.Store.ClaimFeeds(ctx, p.Owner, ids, now, lease)
	if err != nil {
		return nil, err
	}
	mine := make(map[string]bool, len(won))
	for _, id := range won {
		mine[id] = true
	}
	out := due[:0]
	for _, f := range due {
		if mine[f.ID] {
			out = append(out, f)
		}
	}
	return out, nil
}

// refresh polls one feed and records its new state, one store call at a
// time: for stores that cannot save several feeds in one transaction.
func (p *Poller) refresh(ctx context.Context, f Feed, st news.FeedState) Report {
	start := p.now()
	st.FeedID = f.ID
	st.LastPoll = start
	r := Report{FeedID: f.ID, PrevFailures: st.Failures}

	res, articles, err := p.fetchParse(ctx, f, st, start, &r)
	if err == nil && res != nil && !res.NotModified {
		r.Added, err = p.Store.SaveArticles(ctx, articles)
		if err != nil {
			err = fmt.Errorf("poll %s: %w", f.ID, err)
		}
	}
	if ctx.Err() != nil {
		// Shutting down: not the feed's fault, keep its state as it was.
		r.Err = ctx.Err()
		return r
	}
	st = p.nextState(f, st, start, res, &r, err)
	p.logOutcome(f, st, &r)
	r.Took = p.now().Sub(start)
	if err := p.Store.SaveFeedState(context.WithoutCancel(ctx), st); err != nil {
		p.Log.Error("saving feed state", "feed", f.ID, "err", err)
		if r.Err == nil {
			r.Err = err
		}
	}
	return r
}

// fetchParse fetches a feed conditionally and parses it. res is nil or
// NotModified when there is nothing to store.
func (p *Poller) fetchParse(ctx context.Context, f Feed, st news.FeedState, start time.Time, r *Report) (*fetch.Result, []news.Article, error) {
	res, err := p.Fetcher.Get(ctx, f.URL, fetch.Validators{ETag: st.ETag, LastModified: st.LastModified})
	if err != nil || res.NotModified {
		return res, nil, err
	}
	parsed, err := parse.Feed(res.Body, parse.Source{FeedID: f.ID, Outlet: f.Outlet, Language: f.Language, URL: res.FinalURL}, start)
	if err != nil {
		return res, nil, err
	}
	r.Items = len(parsed.Articles)
	if r.Items == 0 {
		p.Log.Warn("feed has no items", "feed", f.ID, "skipped", parsed.Skipped)
	}
	wantPages(f.FullText, parsed.Articles)
	return res, parsed.Articles, nil
}

// wantPages marks the articles whose page should be fetched for the
// article text; saving a new one queues its page (see internal/pages).
func wantPages(mode string, articles []news.Article) {
	if mode == "never" {
		return
	}
	texts := make([]string, len(articles))
	for i, a := range articles {
		texts[i] = a.Text
	}
	teasers := parse.Teasers(texts)
	for i := range articles {
		articles[i].WantPage = articles[i].URL != "" && (mode == "always" || teasers[i])
	}
}

// nextState is the feed's state after a poll that ended with err (nil once
// its articles are stored), and fills in the report to match.
func (p *Poller) nextState(f Feed, st news.FeedState, start time.Time, res *fetch.Result, r *Report, err error) news.FeedState {
	interval := max(f.Interval, time.Minute)
	r.Err = err
	if err != nil {
		st.Failures++
		st.LastError = err.Error()
		st.NextPoll = start.Add(p.backoff(interval, st.Failures, err))
	} else {
		if res.NotModified {
			r.NotModified = true
		} else {
			st.ETag, st.LastModified = res.Validators.ETag, res.Validators.LastModified
		}
		st.Failures, st.LastError, st.LastSuccess = 0, "", start
		next := interval
		if res.TTL > next && res.TTL < 24*time.Hour {
			next = res.TTL // the publisher asked us to come back later
		}
		st.NextPoll = start.Add(next)
	}
	r.Next, r.Failures = st.NextPoll, st.Failures
	return st
}

func (p *Poller) logOutcome(f Feed, st news.FeedState, r *Report) {
	if r.Err != nil {
		p.Log.Warn("feed failed", "feed", f.ID, "failures", st.Failures, "next", st.NextPoll.Format(time.RFC3339), "err", r.Err)
		return
	}
	if r.PrevFailures > 0 {
		p.Log.Info("feed recovered", "feed", f.ID, "after_failures", r.PrevFailures)
	}
	p.Log.Debug("feed polled", "feed", f.ID, "not_modified", r.NotModified, "items", r.Items, "added", r.Added)
}

// batchSaver is implemented by stores that can save several feeds'
// articles and states in one transaction (the SQLite store): all or
// nothing, each feed's state after its articles, with per-feed counts of
// new articles.
type batchSaver interface {
	SaveArticleBatches(ctx context.Context, batches [][]news.Article, states []news.FeedState) ([]int, error)
}

// Group commit limits: the writer flushes once it holds this many
// articles or feeds, or this long after the first one arrived, or when the
// workers are done, or at once for a feed with pages to fetch (the page
// stage waits for its articles).
const (
	flushArticles = 2000
	flushFeeds    = 200
	flushDelay    = 20 * time.Millisecond
)

// pending is a polled feed on its way to the store: its articles (none for
// a 304 or a failure) and the state to record once they are stored.
type pending struct {
	f        Feed
	prev     news.FeedState // state before this poll, for a retry that fails
	st       news.FeedState
	res      *fetch.Result
	start    time.Time
	articles []news.Article
	r        Report
	done     bool // nothing to store: r is final (shutting down)
}

// prepare polls one feed up to the store: fetch, parse, and the state to
// record if its articles are stored.
func (p *Poller) prepare(ctx context.Context, f Feed, st news.FeedState) *pending {
	start := p.now()
	st.FeedID = f.ID
	st.LastPoll = start
	pd := &pending{f: f, prev: st, start: start, r: Report{FeedID: f.ID, PrevFailures: st.Failures}}
	res, articles, err := p.fetchParse(ctx, f, st, start, &pd.r)
	if ctx.Err() != nil {
		// Shutting down: not the feed's fault, keep its state as it was.
		pd.r.Err, pd.done = ctx.Err(), true
		return pd
	}
	pd.res, pd.articles = res, articles
	pd.st = p.nextState(f, st, start, res, &pd.r, err)
	return pd
}

// writer stores what the workers hand it, several feeds per transaction,
// and completes their reports.
func (p *Poller) writer(ctx context.Context, bs batchSaver, in <-chan *pending, report func(Report)) {
	var batch []*pending
	articles := 0
	timer := time.NewTimer(flushDelay)
	timer.Stop()
	flush := func() {
		timer.Stop()
		if len(batch) > 0 {
			p.saveBatch(ctx, bs, batch, report)
		}
		clear(batch)
		batch, articles = batch[:0], 0
	}
	for {
		var tick <-chan time.Time
		if len(batch) > 0 {
			tick = timer.C
		}
		select {
		case pd, ok := <-in:
			if !ok {
				flush()
				return
			}
			if len(batch) == 0 {
				timer.Reset(flushDelay)
			}
			batch = append(batch, pd)
			articles += len(pd.articles)
			if articles >= flushArticles || len(batch) >= flushFeeds || wantsPage(pd.articles) {
				flush()
			}
		case <-tick:
			flush()
		}
	}
}

func wantsPage(articles []news.Article) bool {
	for _, a := range articles {
		if a.WantPage {
			return true
		}
	}
	return false
}

// saveBatch stores several feeds in one transaction; if that fails, it
// stores them one by one so that one bad feed fails alone.
func (p *Poller) saveBatch(ctx context.Context, bs batchSaver, batch []*pending, report func(Report)) {
	arts := make([][]news.Article, len(batch))
	sts := make([]news.FeedState, len(batch))
	for i, pd := range batch {
		arts[i], sts[i] = pd.articles, pd.st
	}
	added, err := bs.SaveArticleBatches(ctx, arts, sts)
	if err == nil {
		for i, pd := range batch {
			pd.r.Added = added[i]
			p.complete(pd, report)
		}
		return
	}
	if len(batch) > 1 && ctx.Err() == nil {
		p.Log.Warn("saving a batch of feeds failed, saving them one by one", "feeds", len(batch), "err", err)
	}
	for _, pd := range batch {
		p.saveOne(ctx, bs, pd, report)
	}
}

func (p *Poller) saveOne(ctx context.Context, bs batchSaver, pd *pending, report func(Report)) {
	added, err := bs.SaveArticleBatches(ctx, [][]news.Article{pd.articles}, []news.FeedState{pd.st})
	if err == nil {
		pd.r.Added = added[0]
		p.complete(pd, report)
		return
	}
	if ctx.Err() != nil {
		// Shutting down: not the feed's fault, keep its state as it was.
		pd.r.Err = ctx.Err()
		pd.r.Next, pd.r.Failures = time.Time{}, 0
		report(pd.r)
		return
	}
	if len(pd.articles) == 0 {
		// Only the state failed to save, as SaveFeedState would have.
		p.logOutcome(pd.f, pd.st, &pd.r)
		p.Log.Error("saving feed state", "feed", pd.f.ID, "err", err)
		if pd.r.Err == nil {
			pd.r.Err = err
		}
		pd.r.Took = p.now().Sub(pd.start)
		report(pd.r)
		return
	}
	// Storing the articles failed: recorded as this feed's failure, in
	// its state as before (without the new validators), so admins hear of
	// it. But the store failed, not the feed (a full disk, say): retry at
	// the usual interval rather than back off, or a long outage would
	// leave every feed hours behind once the store recovers.
	pd.r.Items, pd.r.NotModified = len(pd.articles), false
	st := p.nextState(pd.f, pd.prev, pd.start, pd.res, &pd.r, fmt.Errorf("poll %s: %w", pd.f.ID, err))
	st.NextPoll = pd.start.Add(max(pd.f.Interval, time.Minute))
	pd.r.Next = st.NextPoll
	p.logOutcome(pd.f, st, &pd.r)
	pd.r.Took = p.now().Sub(pd.start)
	if err := p.Store.SaveFeedState(context.WithoutCancel(ctx), st); err != nil {
		p.Log.Error("saving feed state", "feed", pd.f.ID, "err", err)
	}
	report(pd.r)
}

// complete reports a feed whose articles and state are stored.
func (p *Poller) complete(pd *pending, report func(Report)) {
	p.logOutcome(pd.f, pd.st, &pd.r)
	pd.r.Took = p.now().Sub(pd.start)
	report(pd.r)
}

// backoff is the delay before polling a failing feed again: the interval
// doubled per consecutive failure, capped, with ±20% jitter so feeds that
// failed together do not retry together; never sooner than Retry-After.
func (p *Poller) backoff(interval time.Duration, failures int, err error) time.Duration {
	maxDelay := p.MaxBackoff
	if maxDelay <= 0 {
		maxDelay = 6 * time.Hour
	}
	d := interval
	for i := 1; i < failures && d < maxDelay; i++ {
		d *= 2
	}
	d = min(d, maxDelay)
	d = time.Duration(float64(d) * (0.8 + 0.4*rand.Float64()))
	var fe *fetch.Error
	if errors.As(err, &fe) && fe.RetryAfter > d {
		d = fe.RetryAfter
	}
	return d
}

// progress logs how a long poll is going, about every tenth of the feeds,
// and a summary at the end.
type progress struct {
	log                         *slog.Logger
	total, step                 int
	mu                          sync.Mutex
	n, failed, added, unchanged int
	start                       time.Time
}

func newProgress(log *slog.Logger, total int) *progress {
	return &progress{log: log, total: total, step: max(10, total/10), start: time.Now()}
}

func (pr *progress) done(r Report) {
	pr.mu.Lock()
	defer pr.mu.Unlock()
	pr.n++
	pr.added += r.Added
	switch {
	case r.Err != nil:
		pr.failed++
	case r.NotModified:
		pr.unchanged++
	}
	if pr.n%pr.step == 0 && pr.n < pr.total {
		pr.log.Info("polling", "done", pr.n, "of", pr.total, "failed", pr.failed, "added", pr.added)
	}
}

func (pr *progress) finish() {
	pr.log.Info("poll finished", "feeds", pr.total, "failed", pr.failed, "not_modified", pr.unchanged,
		"added", pr.added, "took", time.Since(pr.start).Round(time.Millisecond))
}
