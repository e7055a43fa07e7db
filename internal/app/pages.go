package app

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/newsdigest/newsdigest/internal/news"
)

// Page health: an outlet whose article pages mostly fail over a day, with
// at least pageReportMin outcomes, is named to the admins once (and again
// only after it recovers).
const (
	pageWindow    = 24 * time.Hour
	pageReportMin = 5
)

// fetchPages runs the page stage beside a poll, until more is closed and
// no page is due: the articles of teaser feeds get the text of their
// pages. Failures are the pages' own and stay in their records; only ctx
// ending is an error.
func (a *App) fetchPages(ctx context.Context, more <-chan struct{}) error {
	sum, err := a.pages.Run(ctx, more)
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		a.Log.Error("article pages", "err", err)
		return nil
	}
	if sum[news.PageOK] > 0 {
		a.cache.invalidate() // stories show the new texts
	}
	if len(sum) > 0 {
		a.Log.Info("article pages", "ok", sum[news.PageOK], "kept_teaser", sum[news.PageKept],
			"robots", sum[news.PageRobots], "retry", sum[news.PageRetry], "failed", sum[news.PageFailed])
	}
	return nil
}

// pageTrouble lists the outlets whose pages mostly failed in the last
// day, one line each, e.g. "northern-herald: 9 of 10 pages unusable (kept
// teaser 6, robots 3)".
func (a *App) pageTrouble(ctx context.Context) (map[string]string, error) {
	counts, err := a.Store.PageCounts(ctx, a.Now().Add(-pageWindow))
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	for feed, byStatus := range counts {
		done, bad := 0, 0
		var parts []string
		for _, st := range []string{news.PageKept, news.PageRobots, news.PageFailed} {
			if n := byStatus[st]; n > 0 {
				bad += n
				parts = append(parts, fmt.Sprintf("%s %d", pageStatusName[st], n))
			}
		}
		done = bad + byStatus[news.PageOK]
		if done >= pageReportMin && bad*5 >= done*4 {
			out[feed] = fmt.Sprintf("%s: %d of %d pages unusable in the last day (%s)", feed, bad, done, strings.Join(parts, ", "))
		}
	}
	return out, nil
}

var pageStatusName = map[string]string{
	news.PageKept:   "teaser kept", // paywall, consent wall, JavaScript-only, not the article
	news.PageRobots: "robots.txt disallows",
	news.PageFailed: "failed",
}

// reportPages tells the admins about an outlet whose pages keep failing,
// once, and forgets it when it recovers so that a relapse is told again.
func (a *App) reportPages(ctx context.Context) {
	trouble, err := a.pageTrouble(ctx)
	if err != nil {
		a.Log.Error("page health", "err", err)
		return
	}
	a.pageMu.Lock()
	var fresh []string
	for feed, line := range trouble {
		if !a.pageReported[feed] {
			a.pageReported[feed] = true
			fresh = append(fresh, line)
		}
	}
	for feed := range a.pageReported {
		if _, still := trouble[feed]; !still {
			delete(a.pageReported, feed)
		}
	}
	a.pageMu.Unlock()
	sort.Strings(fresh)
	for _, line := range fresh {
		a.Log.Warn("article pages keep failing; digests show this outlet's teasers", "detail", line)
		a.NotifyAdmins(ctx, "⚠️ Article pages keep failing, so readers get only teasers: "+line)
	}
}
