// Package app wires the pipeline together — config → fetch → store →
// cluster → summary/quotes → digest — for the commands to run.
package app // import "github.com/newsdigest/newsdigest/internal/app"

import (
	"cmp"
	"context"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"os"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/newsdigest/newsdigest/internal/cluster"
	"github.com/newsdigest/newsdigest/internal/config"
	"github.com/newsdigest/newsdigest/internal/digest"
	"github.com/newsdigest/newsdigest/internal/fetch"
	"github.com/newsdigest/newsdigest/internal/news"
	"github.com/newsdigest/newsdigest/internal/ops"
	"github.com/newsdigest/newsdigest/internal/pages"
	"github.com/newsdigest/newsdigest/internal/poll"
	"github.com/newsdigest/newsdigest/internal/schedule"
	"github.com/newsdigest/newsdigest/internal/search"
	"github.com/newsdigest/newsdigest/internal/store"
	"github.com/newsdigest/newsdigest/internal/store/postgres"
	"github.com/newsdigest/newsdigest/internal/store/sqlite"
	"github.com/newsdigest/newsdigest/internal/summarize"
	"github.com/newsdigest/newsdigest/internal/text"
)

// App is one configured pipeline over one store. Its config can be
// replaced while it runs (see Reload).
type App struct {
	cfg    atomic.Pointer[config.Config]
	Store  store.Store
	Poller *poll.Poller
	pages  *pages.Stage
	Log    *slog.Logger
	Now    func() time.Time
	// Clock drives the digest schedules; nil is the wall clock.
	Clock schedule.Clock

	// Metrics are the Prometheus metrics (never nil after Open).
	Metrics *ops.Metrics

	cache    storyCache
	winMu    sync.Mutex
	win      *cluster.Window // grouping state, see Stories
	winFor   [2]time.Duration
	pollWake chan struct{}
	reloaded chan struct{} // a config was put in force
	kick     func()        // wakes the deliverer; nil without a bot
	opsAddr  atomic.Pointer[string]

	pollMu    sync.Mutex
	pagesMore chan struct{} // the running poll's: a feed's articles are stored, maybe with pages to fetch

	pageMu       sync.Mutex
	pageReported map[string]bool // feeds whose failing pages the admins heard of
}

// Open opens the store the config names and builds the pipeline.
func Open(ctx context.Context, cfg *config.Config, log *slog.Logger) (*App, error) {
	st, err := openStore(ctx, cfg.Storage)
	if err != nil {
		return nil, err
	}
	a := &App{Store: st, Log: log, Now: time.Now, pollWake: make(chan struct{}, 1), reloaded: make(chan struct{}, 1), Metrics: ops.NewMetrics()}
	a.Metrics.SetOutboxDepth(ops.OutboxDepthFunc(st.OutboxDepth, time.Second))
	a.cfg.Store(cfg)
	a.Poller = &poll.Poller{
		Store: st,
		Fetcher: fetch.New(fetch.Options{
			Timeout:      cfg.Fetch.Timeout.D(),
			MaxBodyBytes: int64(cfg.Fetch.MaxBodyBytes),
			UserAgent:    cfg.Fetch.UserAgent,
			PerHost:      cfg.Fetch.PerHost,
			DenyPrivate:  cfg.Fetch.DenyPrivate,
			IgnoreRobots: cfg.Fetch.IgnoreRobots,
			Files:        cfg.FeedFS,
		}),
		Log:         log,
		Owner:       instanceID(),
		Concurrency: cfg.Fetch.Concurrency,
		MaxBackoff:  cfg.Fetch.MaxBackoff.D(),
		Now:         func() time.Time { return a.Now() },
	}
	a.Poller.Saved = func(poll.Report) {
		select {
		case a.pagesMore <- struct{}{}: // set by Poll before the poller starts
		default: // a signal is waiting already
		}
	}
	a.pages = &pages.Stage{
		Store: st, Fetcher: a.Poller.Fetcher, Log: log, Owner: a.Poller.Owner,
		Concurrency: cfg.Fetch.PageConcurrency,
		Now:         func() time.Time { return a.Now() },
		Done:        func(job news.PageJob, status string) { a.Metrics.Page(job.FeedID, status) },
	}
	a.pageReported = map[string]bool{}
	return a, nil
}

// instanceID names this process among instances sharing a store.
func instanceID() string {
	host, _ := os.Hostname()
	return fmt.Sprintf("%s:%d:%x", host, os.Getpid(), rand.Uint32())
}

// openStore opens PostgreSQL when a DSN is configured, else the SQLite file.
func openStore(ctx context.Context, c config.Storage) (store.Store, error) {
	if c.DSN != "" {
		return postgres.Open(ctx, c.DSN)
	}
	return sqlite.Open(ctx, c.Path)
}

// Config is the config in force.
func (a *App) Config() *config.Config { return a.cfg.Load() }

// Close closes the store.
func (a *App) Close() error { return a.Store.Close() }

// Feeds lists the configured feeds for the poller.
func (a *App) Feeds() []poll.Feed {
	feeds := make([]poll.Feed, len(a.Config().Feeds))
	for i, f := range a.Config().Feeds {
		feeds[i] = poll.Feed{ID: f.Name, Outlet: f.OutletName(), URL: f.URL, Language: f.Language,
			Interval: a.Config().FeedInterval(f), FullText: f.FullTextMode()}
	}
	return feeds
}

// Poll refreshes the feeds that mode takes, and fetches the article pages
// of teaser feeds as their articles are stored, while other feeds are
// still being polled. One poll runs at a time.
func (a *App) Poll(ctx context.Context, mode poll.Mode) ([]poll.Report, error) {
	a.pollMu.Lock()
	defer a.pollMu.Unlock()
	more := make(chan struct{}, 1)
	a.pagesMore = more
	pagesDone := make(chan error, 1)
	go func() { pagesDone <- a.fetchPages(ctx, more) }()
	reports, err := a.Poller.Poll(ctx, a.Feeds(), mode)
	a.pagesMore = nil
	close(more)
	pagesErr := <-pagesDone
	for _, r := range reports {
		if r.Skipped != "" {
			continue
		}
		result := ops.FetchOK
		switch {
		case r.Err != nil:
			result = ops.FetchError
		case r.NotModified:
			result = ops.FetchNotModified
		}
		a.Metrics.Fetch(result, r.Took)
		a.Metrics.Ingested(r.Added)
	}
	if err := cmp.Or(err, pagesErr); err != nil {
		return reports, err
	}
	a.reportPages(ctx)
	a.Metrics.PollFinished(a.Now())
	return reports, nil
}

// Stories groups the stored articles of the cluster horizon before until
// into storylines, saving new assignments so event IDs stay stable.
// Coverage older than the digest window comes from the App's archive of
// compact events (cluster.Window): after a restart it is built in steps,
// then each call groups only the recent articles. Archived articles have
// no Text; the Composer loads the texts of the stories it shows.
func (a *App) Stories(ctx context.Context, until time.Time) ([]news.Story, error) {
	a.winMu.Lock()
	defer a.winMu.Unlock()
	if a.win == nil || a.winFor != windowKey(a.Config()) || until.Before(a.win.Until()) {
		a.win, a.winFor = newWindow(a.Config())
	}
	res, err := a.win.Stories(ctx, a.Store, until)
	if err != nil {
		return nil, err
	}
	a.Metrics.Stories(len(res.Stories))
	a.Log.Debug("grouped", "new", len(res.New), "stories", len(res.Stories))
	return res.Stories, nil
}

// windowKey is the config a grouping window depends on.
func windowKey(cfg *config.Config) [2]time.Duration {
	return [2]time.Duration{cfg.Cluster.Horizon.D(), cfg.Digest.Window.D()}
}

func newWindow(cfg *config.Config) (*cluster.Window, [2]time.Duration) {
	key := windowKey(cfg)
	w := cluster.NewWindow(cluster.Options{StoryGap: key[0]}, key[1], key[0])
	w.Clean = stripFurniture
	return w, key
}

// regroupAll builds the grouping afresh from the store, beside the one in
// use, and swaps it in. A window archives each article once, so articles
// that arrived with old publication dates (a new feed's backlog) and the
// articles pruned since are only accounted for by a rebuild; the daily
// prune runs one.
func (a *App) regroupAll(ctx context.Context) error {
	until, err := a.DigestEnd(ctx)
	if err != nil {
		return err
	}
	w, key := newWindow(a.Config())
	if _, err := w.Stories(ctx, a.Store, until); err != nil {
		return err
	}
	a.winMu.Lock()
	defer a.winMu.Unlock()
	if key == windowKey(a.Config()) && (a.win == nil || !w.Until().Before(a.win.Until())) {
		a.win, a.winFor = w, key
		a.cache.invalidate()
	}
	return nil
}

// loadTexts fills in the texts of a story's archived articles.
func (a *App) loadTexts(ctx context.Context, s *news.Story) error {
	var ids []string
	for _, e := range s.Events {
		for _, art := range e.Articles {
			if art.Text == "" {
				ids = append(ids, art.ID)
			}
		}
	}
	if len(ids) == 0 {
		return nil
	}
	texts, err := a.Store.ArticleTexts(ctx, ids)
	if err != nil {
		// The card is still shown, from titles alone.
		a.Log.Warn("loading article texts", "story", s.ID, "err", err)
		return err
	}
	// The story shares its events and their articles with the cached
	// grouping (and with concurrent readers): copy before writing.
	s.Events = slices.Clone(s.Events)
	for i := range s.Events {
		arts := slices.Clone(s.Events[i].Articles)
		for j := range arts {
			if t, ok := texts[arts[j].ID]; ok && arts[j].Text == "" {
				arts[j].Text = t
			}
		}
		s.Events[i].Articles = arts
	}
	return nil
}

// stripFurniture removes from each article the lines its outlet repeats
// across articles (subscription prompts, disclaimers), so that they reach
// neither grouping nor summaries. The store keeps the text as published.
func stripFurniture(articles []news.Article) {
	byOutlet := map[string][]int{}
	for i, art := range articles {
		byOutlet[art.Outlet] = append(byOutlet[art.Outlet], i)
	}
	for _, idx := range byOutlet {
		if len(idx) < 2 {
			continue
		}
		bodies := make([]string, len(idx))
		for j, i := range idx {
			bodies[j] = articles[i].Text
		}
		for j, body := range text.StripRepeated(bodies) {
			articles[idx[j]].Text = body
		}
	}
}

// DigestEnd picks the end of an offline digest's window: now, unless
// nothing was published in the window before now (the bundled sample feeds
// are old), then the newest stored article.
func (a *App) DigestEnd(ctx context.Context) (time.Time, error) {
	now := a.Now().UTC()
	newest, err := a.Store.NewestPublished(ctx)
	if err != nil {
		return time.Time{}, err
	}
	if !newest.IsZero() && newest.Before(now.Add(-a.Config().Digest.Window.D())) {
		return newest, nil
	}
	return now, nil
}

// Composer builds digests with the configured topics; ctx bounds the
// loading of archived articles' texts. filled, when not nil, is shared by
// the composers of one grouping (see snapshot).
func (a *App) Composer(ctx context.Context, filled *digest.Filled) *digest.Composer {
	topics := make([]search.Topic, len(a.Config().Topics))
	for i, t := range a.Config().Topics {
		topics[i] = search.Topic{ID: t.ID, Title: t.Title, Keywords: t.Keywords}
	}
	return &digest.Composer{Summarizer: summarize.Extractive{}, Quotes: digest.Quotes, Topics: topics,
		Load: func(s *news.Story) error { return a.loadTexts(ctx, s) }, Filled: filled}
}

// Digest groups what is stored and composes the digest ending at until.
func (a *App) Digest(ctx context.Context, until time.Time, topics []string) (news.Digest, error) {
	stories, err := a.Stories(ctx, until)
	if err != nil {
		return news.Digest{}, fmt.Errorf("digest: %w", err)
	}
	return a.Composer(ctx, nil).Compose(stories, digest.Request{
		Until:      until,
		Window:     a.Config().Digest.Window.D(),
		MaxStories: a.Config().Digest.MaxStories,
		Topics:     topics,
	}), nil
}

// Ask answers a question from the stories of the cluster horizon.
func (a *App) Ask(ctx context.Context, query string, limit int) ([]news.Story, error) {
	snap, err := a.current(ctx)
	if err != nil {
		return nil, fmt.Errorf("ask: %w", err)
	}
	return a.Composer(ctx, &snap.filled).Ask(snap.Index(), query, limit), nil
}
