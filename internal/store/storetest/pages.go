package storetest

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/newsdigest/newsdigest/internal/news"
	"github.com/newsdigest/newsdigest/internal/store"
)

// teaserArticle is a new article whose page is wanted, fetched (and so
// queued) at fetched.
func teaserArticle(id string, fetched time.Time) news.Article {
	a := article(id, "https://a.example/"+id, fetched)
	a.Fetched, a.WantPage = fetched, true
	return a
}

func save(t *testing.T, s store.Store, as ...news.Article) int {
	t.Helper()
	n, err := s.SaveArticles(context.Background(), as)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func claim(t *testing.T, s store.Store, owner string, now time.Time, limit int) []news.PageJob {
	t.Helper()
	jobs, err := s.ClaimPages(context.Background(), owner, now, time.Minute, limit)
	if err != nil {
		t.Fatal(err)
	}
	return jobs
}

func jobIDs(jobs []news.PageJob) string {
	var ids []string
	for _, j := range jobs {
		ids = append(ids, j.ArticleID)
	}
	return fmt.Sprint(ids)
}

func savePage(t *testing.T, s store.Store, r news.PageResult) {
	t.Helper()
	if err := s.SavePages(context.Background(), []news.PageResult{r}); err != nil {
		t.Fatal(err)
	}
}

func pages(t *testing.T, s store.Store, ids ...string) map[string]store.Page {
	t.Helper()
	ps, err := s.Pages(context.Background(), ids)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]store.Page{}
	for i, p := range ps {
		if i > 0 && ps[i-1].ArticleID >= p.ArticleID {
			t.Errorf("Pages not by article ID: %v before %v", ps[i-1].ArticleID, p.ArticleID)
		}
		out[p.ArticleID] = p
	}
	return out
}

func articleByID(t *testing.T, s store.Store, id string) news.Article {
	t.Helper()
	all, err := s.Articles(context.Background(), time.Time{}, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range all {
		if a.ID == id {
			return a
		}
	}
	t.Fatalf("article %s not stored", id)
	return news.Article{}
}

// testPagesQueued: saving a new article that wants its page queues one
// pending job due at its fetch time; an article without a URL, one that
// does not want its page, and one already stored (by ID or URL) queue
// nothing.
func testPagesQueued(t *testing.T, s store.Store) {
	want := teaserArticle("want", t0)
	want.Language = "uk"
	noURL := teaserArticle("no-url", t0)
	noURL.URL = ""
	plain := article("plain", "https://a.example/plain", t0)
	if n := save(t, s, want, noURL, plain); n != 3 {
		t.Fatalf("saved %d, want 3", n)
	}
	// Already stored: the same ID, or another ID with a stored URL.
	plainAgain := teaserArticle("plain", t0)
	sameURL := teaserArticle("same-url", t0)
	sameURL.URL = plain.URL
	// Within one batch the first of two rows with one ID is the one stored.
	firstWants, firstWantsDup := teaserArticle("first-wants", t0), article("first-wants", "https://a.example/first-wants", t0)
	firstPlain, firstPlainDup := article("first-plain", "https://a.example/first-plain", t0), teaserArticle("first-plain", t0)
	if n := save(t, s, plainAgain, sameURL, firstWants, firstWantsDup, firstPlain, firstPlainDup); n != 2 {
		t.Fatalf("second save added %d, want 2", n)
	}
	got := pages(t, s, "want", "no-url", "plain", "same-url", "first-wants", "first-plain", "missing")
	var ids []string
	for id := range got {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	if fmt.Sprint(ids) != "[first-wants want]" {
		t.Fatalf("page jobs for %v, want [first-wants want]", ids)
	}
	wantPage := store.Page{ArticleID: "want", FeedID: "f", URL: want.URL, Status: news.PagePending, NextTry: t0, Updated: t0}
	if got["want"] != wantPage {
		t.Errorf("queued job = %+v, want %+v", got["want"], wantPage)
	}
	// The article reads back as the feed's, without WantPage (not stored).
	if a := articleByID(t, s, "want"); a.WantPage || a.Teaser != "" || a.TextSource != news.TextFromFeed || a.Text != want.Text {
		t.Errorf("stored article = %+v", a)
	}
	// Each page once: saving the article again queues nothing more.
	save(t, s, want)
	jobs := claim(t, s, "one", t0, 10)
	if jobIDs(jobs) != "[first-wants want]" {
		t.Fatalf("claimed %v", jobIDs(jobs))
	}
	wantJob := news.PageJob{ArticleID: "want", FeedID: "f", URL: want.URL, Title: want.Title, Language: "uk", Teaser: want.Text}
	if jobs[1] != wantJob {
		t.Errorf("job = %+v, want %+v", jobs[1], wantJob)
	}
}

// testClaimPages: due jobs go oldest first, each to one owner at a time,
// and not again to the owner holding them (it claims more while it
// works); expired leases come free; jobs not yet due stay.
func testClaimPages(t *testing.T, s store.Store) {
	save(t, s, teaserArticle("c", t0.Add(2*time.Minute)), teaserArticle("a", t0), teaserArticle("b", t0.Add(time.Minute)),
		teaserArticle("later", t0.Add(time.Hour)))
	now := t0.Add(5 * time.Minute)
	if got := claim(t, s, "one", now, 2); jobIDs(got) != "[a b]" {
		t.Fatalf("one claimed %v, want the oldest two [a b]", jobIDs(got))
	}
	if got := claim(t, s, "two", now, 10); jobIDs(got) != "[c]" {
		t.Errorf("two claimed %v, want [c] (a and b are one's, later is not due)", jobIDs(got))
	}
	if got := claim(t, s, "one", now.Add(time.Second), 10); len(got) != 0 {
		t.Errorf("one claimed %v again while it holds them", jobIDs(got))
	}
	if got := claim(t, s, "three", now.Add(30*time.Second), 10); len(got) != 0 {
		t.Errorf("three claimed leased jobs %v", jobIDs(got))
	}
	if got := claim(t, s, "three", now.Add(2*time.Minute), 10); jobIDs(got) != "[a b c]" {
		t.Errorf("after the leases expired three claimed %v, want [a b c]", jobIDs(got))
	}
	if got := claim(t, s, "four", t0.Add(2*time.Hour), 10); jobIDs(got) != "[a b c later]" {
		t.Errorf("four claimed %v once later was due, want [a b c later]", jobIDs(got))
	}
	if got := claim(t, s, "five", t0.Add(3*time.Hour), 0); len(got) != 0 {
		t.Errorf("a claim of 0 jobs got %v", jobIDs(got))
	}
}

// testClaimPagesFeedsInTurn: a claim takes each feed's oldest job, then
// each feed's second, …, so that one feed's backlog (one host) does not
// fill a batch while other feeds wait.
func testClaimPagesFeedsInTurn(t *testing.T, s store.Store) {
	var as []news.Article
	for i, id := range []string{"a1", "a2", "a3", "a4"} {
		a := teaserArticle(id, t0.Add(time.Duration(i)*time.Second))
		a.FeedID = "a"
		as = append(as, a)
	}
	for i, id := range []string{"b1", "b2"} {
		a := teaserArticle(id, t0.Add(time.Hour+time.Duration(i)*time.Second))
		a.FeedID = "b"
		as = append(as, a)
	}
	c := teaserArticle("c1", t0.Add(30*time.Minute))
	c.FeedID = "c"
	save(t, s, append(as, c)...)
	now := t0.Add(2 * time.Hour)
	if got := claim(t, s, "one", now, 5); jobIDs(got) != "[a1 c1 b1 a2 b2]" {
		t.Errorf("claimed %v, want the feeds in turn, oldest first within a turn: [a1 c1 b1 a2 b2]", jobIDs(got))
	}
	if got := claim(t, s, "two", now, 5); jobIDs(got) != "[a3 a4]" {
		t.Errorf("then claimed %v, want [a3 a4]", jobIDs(got))
	}
}

// testSavePagesBatch: one call records several outcomes, each as a call
// of its own would, a late one for a finished job included.
func testSavePagesBatch(t *testing.T, s store.Store) {
	save(t, s, teaserArticle("x", t0), teaserArticle("y", t0), teaserArticle("z", t0))
	claim(t, s, "one", t0, 10)
	at := t0.Add(time.Minute)
	savePage(t, s, news.PageResult{ArticleID: "z", Status: news.PageKept, Attempts: 1, LastError: "paywall", At: at})
	err := s.SavePages(context.Background(), []news.PageResult{
		{ArticleID: "x", Text: "Page of x.", Status: news.PageOK, Attempts: 1, At: at},
		{ArticleID: "y", Status: news.PageRetry, Attempts: 1, NextTry: at.Add(time.Hour), LastError: "fetch: HTTP 503", At: at},
		{ArticleID: "z", Text: "Late page of z.", Status: news.PageOK, Attempts: 1, At: at.Add(time.Second)},
		{ArticleID: "gone", Text: "Page of a pruned article.", Status: news.PageOK, Attempts: 1, At: at},
	})
	if err != nil {
		t.Fatal(err)
	}
	ps := pages(t, s, "x", "y", "z")
	if ps["x"].Status != news.PageOK || ps["y"].Status != news.PageRetry || !ps["y"].NextTry.Equal(at.Add(time.Hour)) || ps["z"].Status != news.PageKept {
		t.Errorf("pages after the batch: %+v", ps)
	}
	if a := articleByID(t, s, "x"); a.Text != "Page of x." || a.Teaser != "Body of x" || a.TextSource != news.TextFromPage {
		t.Errorf("x = %q / %q / %q", a.Text, a.Teaser, a.TextSource)
	}
	for _, id := range []string{"y", "z"} {
		if a := articleByID(t, s, id); a.Text != "Body of "+id || a.TextSource != "" {
			t.Errorf("%s changed: %q / %q", id, a.Text, a.TextSource)
		}
	}
	if err := s.SavePages(context.Background(), nil); err != nil {
		t.Errorf("saving no pages: %v", err)
	}
}

// testClaimPagesConcurrent: owners claiming at once never share a job.
func testClaimPagesConcurrent(t *testing.T, s store.Store) {
	const n, owners = 120, 6
	var as []news.Article
	for i := range n {
		as = append(as, teaserArticle(fmt.Sprintf("p%03d", i), t0.Add(time.Duration(i)*time.Second)))
	}
	save(t, s, as...)
	now := t0.Add(time.Hour)
	var mu sync.Mutex
	by := map[string]string{}
	var wg sync.WaitGroup
	for o := range owners {
		owner := fmt.Sprint("owner", o)
		wg.Go(func() {
			for {
				jobs, err := s.ClaimPages(context.Background(), owner, now, time.Hour, 7)
				if err != nil {
					t.Error(err)
					return
				}
				if len(jobs) == 0 {
					return
				}
				mu.Lock()
				for _, j := range jobs {
					if prev, ok := by[j.ArticleID]; ok {
						t.Errorf("%s claimed by %s and %s", j.ArticleID, prev, owner)
					}
					by[j.ArticleID] = owner
				}
				mu.Unlock()
				// Done with them: the next claim moves on.
				var rs []news.PageResult
				for _, j := range jobs {
					rs = append(rs, news.PageResult{ArticleID: j.ArticleID, Status: news.PageKept, Attempts: 1, At: now})
				}
				if err := s.SavePages(context.Background(), rs); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	if len(by) != n {
		t.Errorf("%d of %d jobs claimed", len(by), n)
	}
}

// testPageRetry: a transient failure releases the job, keeps its attempts
// and makes it due again at NextTry, for any owner.
func testPageRetry(t *testing.T, s store.Store) {
	save(t, s, teaserArticle("r", t0))
	if got := claim(t, s, "one", t0, 10); jobIDs(got) != "[r]" || got[0].Attempts != 0 {
		t.Fatalf("claimed %+v", got)
	}
	at := t0.Add(10 * time.Second)
	savePage(t, s, news.PageResult{ArticleID: "r", Status: news.PageRetry, Attempts: 1, NextTry: at.Add(2 * time.Minute),
		LastError: "fetch: HTTP 503", At: at})
	p := pages(t, s, "r")["r"]
	if p.Status != news.PageRetry || p.Attempts != 1 || !p.NextTry.Equal(at.Add(2*time.Minute)) || !p.Updated.Equal(at) || p.LastError != "fetch: HTTP 503" {
		t.Errorf("after a retry the job is %+v", p)
	}
	if got := claim(t, s, "two", at.Add(2*time.Minute-time.Second), 10); len(got) != 0 {
		t.Errorf("claimed %v before its next try", jobIDs(got))
	}
	got := claim(t, s, "two", at.Add(2*time.Minute), 10) // one's lease was released
	if jobIDs(got) != "[r]" || got[0].Attempts != 1 {
		t.Fatalf("at its next try two claimed %+v", got)
	}
	// Still the feed's text: the teaser the job carries.
	if got[0].Teaser != "Body of r" {
		t.Errorf("job teaser %q", got[0].Teaser)
	}
	if a := articleByID(t, s, "r"); a.Text != "Body of r" || a.TextSource != "" || a.Teaser != "" {
		t.Errorf("a retry changed the article: %+v", a)
	}
}

// testSavePageText: a page's text replaces the article's, whose feed text
// becomes its teaser; a late second result changes nothing.
func testSavePageText(t *testing.T, s store.Store) {
	ctx := context.Background()
	save(t, s, teaserArticle("ok", t0), teaserArticle("kept", t0))
	claim(t, s, "one", t0, 10)
	at := t0.Add(time.Minute)
	page := "The whole article.\nSecond paragraph — Київ."
	savePage(t, s, news.PageResult{ArticleID: "ok", Text: page, Status: news.PageOK, Attempts: 1, At: at})
	savePage(t, s, news.PageResult{ArticleID: "kept", Status: news.PageKept, Attempts: 1, LastError: "paywall", At: at})

	a := articleByID(t, s, "ok")
	if a.Text != page || a.Teaser != "Body of ok" || a.TextSource != news.TextFromPage {
		t.Errorf("after ok: text %q, teaser %q, source %q", a.Text, a.Teaser, a.TextSource)
	}
	if texts, err := s.ArticleTexts(ctx, []string{"ok", "kept"}); err != nil || texts["ok"] != page || texts["kept"] != "Body of kept" {
		t.Errorf("ArticleTexts = %q, %v", texts, err)
	}
	if k := articleByID(t, s, "kept"); k.Text != "Body of kept" || k.Teaser != "" || k.TextSource != "" {
		t.Errorf("a kept teaser changed the article: %+v", k)
	}
	ps := pages(t, s, "ok", "kept")
	if p := ps["ok"]; p.Status != news.PageOK || p.Attempts != 1 || !p.Updated.Equal(at) || p.LastError != "" {
		t.Errorf("ok job = %+v", p)
	}
	if p := ps["kept"]; p.Status != news.PageKept || p.LastError != "paywall" {
		t.Errorf("kept job = %+v", p)
	}

	// A worker whose lease ran out reports late: the job stays final and
	// the teaser is not overwritten with the page's text.
	savePage(t, s, news.PageResult{ArticleID: "ok", Text: "Another text.", Status: news.PageOK, Attempts: 2, At: at.Add(time.Hour)})
	savePage(t, s, news.PageResult{ArticleID: "kept", Text: "Late text.", Status: news.PageRetry, Attempts: 2, NextTry: at, At: at.Add(time.Hour)})
	if a := articleByID(t, s, "ok"); a.Text != page || a.Teaser != "Body of ok" {
		t.Errorf("a late result changed the article: text %q, teaser %q", a.Text, a.Teaser)
	}
	if k := articleByID(t, s, "kept"); k.Text != "Body of kept" {
		t.Errorf("a late result changed a kept article: %q", k.Text)
	}
	if got := pages(t, s, "ok", "kept"); !reflect.DeepEqual(got, ps) {
		t.Errorf("a late result changed final jobs:\n got %+v\nwant %+v", got, ps)
	}
	// A result for a job that is gone is no error.
	savePage(t, s, news.PageResult{ArticleID: "missing", Text: "x", Status: news.PageOK, Attempts: 1, At: at})
}

// testPageFinal: ok, kept, failed and robots jobs are never claimed again.
func testPageFinal(t *testing.T, s store.Store) {
	statuses := []string{news.PageOK, news.PageKept, news.PageFailed, news.PageRobots, news.PageRetry}
	var as []news.Article
	for _, st := range statuses {
		as = append(as, teaserArticle(st, t0))
	}
	save(t, s, as...)
	if got := claim(t, s, "one", t0, 10); len(got) != len(statuses) {
		t.Fatalf("claimed %v", jobIDs(got))
	}
	for _, st := range statuses {
		r := news.PageResult{ArticleID: st, Status: st, Attempts: 1, At: t0}
		if st == news.PageOK {
			r.Text = "page"
		}
		savePage(t, s, r)
	}
	// Far later, by anyone: only the retry (due at once) comes back.
	if got := claim(t, s, "two", t0.AddDate(1, 0, 0), 10); jobIDs(got) != "[retry]" {
		t.Errorf("claimed %v, want only [retry]", jobIDs(got))
	}
	ps := pages(t, s, statuses...)
	for _, st := range statuses {
		if ps[st].Status != st {
			t.Errorf("job %s has status %q", st, ps[st].Status)
		}
	}
}

// testReleasePages: a shutdown's release frees its owner's jobs, and only
// those.
func testReleasePages(t *testing.T, s store.Store) {
	ctx := context.Background()
	save(t, s, teaserArticle("a", t0), teaserArticle("b", t0.Add(time.Second)))
	claim(t, s, "one", t0, 1)
	claim(t, s, "two", t0.Add(time.Second), 1)
	if err := s.ReleasePages(ctx, "one"); err != nil {
		t.Fatal(err)
	}
	if got := claim(t, s, "three", t0.Add(time.Second), 10); jobIDs(got) != "[a]" {
		t.Errorf("after one released, three claimed %v, want [a] (b stays two's)", jobIDs(got))
	}
	if p := pages(t, s, "a")["a"]; p.Status != news.PagePending || p.Attempts != 0 {
		t.Errorf("claiming or releasing changed the job: %+v", p)
	}
}

// testPageCounts: jobs by feed and status, queued or tried since a time.
func testPageCounts(t *testing.T, s store.Store) {
	ctx := context.Background()
	if got, err := s.PageCounts(ctx, time.Time{}); err != nil || len(got) != 0 {
		t.Fatalf("empty store PageCounts = %v, %v", got, err)
	}
	var as []news.Article
	for i := range 6 {
		a := teaserArticle(fmt.Sprint("h", i), t0)
		a.FeedID = "herald"
		as = append(as, a)
	}
	old := teaserArticle("old", t0.Add(-48*time.Hour))
	old.FeedID = "herald"
	as = append(as, teaserArticle("l0", t0), teaserArticle("l1", t0), old)
	save(t, s, as...)
	claim(t, s, "one", t0, 20)
	at := t0.Add(time.Hour)
	for id, st := range map[string]string{"h0": news.PageKept, "h1": news.PageKept, "h2": news.PageRobots, "h3": news.PageFailed,
		"h4": news.PageOK, "l0": news.PageOK} {
		savePage(t, s, news.PageResult{ArticleID: id, Status: st, Attempts: 1, At: at})
	}
	savePage(t, s, news.PageResult{ArticleID: "h5", Status: news.PageRetry, Attempts: 1, NextTry: at.Add(time.Hour), At: at})
	got, err := s.PageCounts(ctx, t0.Add(-24*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]map[string]int{
		"herald": {news.PageKept: 2, news.PageRobots: 1, news.PageFailed: 1, news.PageOK: 1, news.PageRetry: 1},
		"f":      {news.PageOK: 1, news.PagePending: 1},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("PageCounts since a day before = %v, want %v (old was queued before)", got, want)
	}
	if got, _ := s.PageCounts(ctx, at); !reflect.DeepEqual(got, map[string]map[string]int{
		"herald": {news.PageKept: 2, news.PageRobots: 1, news.PageFailed: 1, news.PageOK: 1, news.PageRetry: 1},
		"f":      {news.PageOK: 1},
	}) {
		t.Errorf("PageCounts since the results = %v", got)
	}
	if got, _ := s.PageCounts(ctx, at.Add(time.Nanosecond*1000)); len(got) != 0 {
		t.Errorf("PageCounts since after everything = %v", got)
	}
}

// testPrunePages: pruning an article drops its page job; one saved again
// later is new and queues its page again.
func testPrunePages(t *testing.T, s store.Store) {
	ctx := context.Background()
	old, recent := teaserArticle("old", t0.Add(-48*time.Hour)), teaserArticle("new", t0)
	save(t, s, old, recent)
	claim(t, s, "one", t0, 10)
	savePage(t, s, news.PageResult{ArticleID: "old", Text: "page", Status: news.PageOK, Attempts: 1, At: t0})
	if n, err := s.Prune(ctx, t0.Add(-24*time.Hour)); err != nil || n != 1 {
		t.Fatalf("Prune = %d, %v; want 1", n, err)
	}
	if got := pages(t, s, "old", "new"); len(got) != 1 || got["new"].ArticleID != "new" {
		t.Errorf("after prune the jobs are %+v, want new's only", got)
	}
	if got, _ := s.PageCounts(ctx, time.Time{}); !reflect.DeepEqual(got, map[string]map[string]int{"f": {news.PagePending: 1}}) {
		t.Errorf("PageCounts after prune = %v", got)
	}
	save(t, s, old)
	if p := pages(t, s, "old")["old"]; p.Status != news.PagePending {
		t.Errorf("a pruned article saved again has job %+v, want a pending one", p)
	}
}

// testRestorePages: jobs are stored as given, unleased; a job whose
// article is missing or already has one is skipped, so restoring twice
// changes nothing.
func testRestorePages(t *testing.T, s store.Store) {
	ctx := context.Background()
	save(t, s, teaserArticle("mine", t0), article("done", "https://a.example/done", t0), article("due", "https://a.example/due", t0))
	claim(t, s, "one", t0, 10) // mine is leased
	in := []store.Page{
		{ArticleID: "done", FeedID: "f", URL: "https://a.example/done", Status: news.PageRobots, Attempts: 1, Updated: t0.Add(time.Minute),
			LastError: "robots.txt disallows /done"},
		{ArticleID: "due", FeedID: "f", URL: "https://a.example/due", Status: news.PageRetry, Attempts: 2, NextTry: t0.Add(30 * time.Second),
			Updated: t0.Add(time.Minute), LastError: "fetch: timeout"},
		{ArticleID: "mine", FeedID: "f", URL: "https://a.example/mine", Status: news.PageFailed, Attempts: 9},
		{ArticleID: "absent", FeedID: "f", URL: "https://a.example/absent", Status: news.PagePending},
	}
	for range 2 {
		if err := s.RestorePages(ctx, in); err != nil {
			t.Fatal(err)
		}
	}
	got := pages(t, s, "done", "due", "mine", "absent")
	want := map[string]store.Page{
		"done": in[0], "due": in[1],
		"mine": {ArticleID: "mine", FeedID: "f", URL: "https://a.example/mine", Status: news.PagePending, NextTry: t0, Updated: t0},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("after RestorePages:\n got %+v\nwant %+v", got, want)
	}
	// A restored retry is claimable when due, by anyone.
	if jobs := claim(t, s, "two", t0.Add(30*time.Second), 10); jobIDs(jobs) != "[due]" || jobs[0].Attempts != 2 {
		t.Errorf("claimed %+v, want due with 2 attempts (mine is one's)", jobs)
	}
	if err := s.RestorePages(ctx, nil); err != nil {
		t.Errorf("RestorePages(nil) = %v", err)
	}
}
