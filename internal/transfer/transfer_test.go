package transfer_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/newsdigest/newsdigest/internal/store/postgres/pgtest"
	"math"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/newsdigest/newsdigest/internal/news"
	"github.com/newsdigest/newsdigest/internal/store"
	"github.com/newsdigest/newsdigest/internal/store/postgres"
	"github.com/newsdigest/newsdigest/internal/store/sqlite"
	"github.com/newsdigest/newsdigest/internal/transfer"
)

func openSQLite(t *testing.T) store.Store {
	t.Helper()
	db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "newsdigest.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// openPostgres opens the PostgreSQL store in a fresh schema (see pgtest).
func openPostgres(t *testing.T) store.Store {
	t.Helper()
	db, err := postgres.Open(context.Background(), pgtest.DSN(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

var t0 = time.Date(2025, 2, 13, 18, 27, 1, 123456789, time.UTC) // nanoseconds: SQLite keeps them

const nArticles = 1234 // more than one import batch

// wantsPage tells the articles fill saves as teasers, whose pages are
// queued: every fifth, except those without a URL.
func wantsPage(i int) bool { return i%5 == 3 && i%7 != 0 }

// nPages is how many page jobs fill queues.
var nPages = func() int {
	n := 0
	for i := range nArticles {
		if wantsPage(i) {
			n++
		}
	}
	return n
}()

// pageText is the text fill's first page job found on the page.
const pageText = "The whole article, from its page.\nSecond paragraph — Київ & <b>NATO</b>."

// fill gives a store one of everything, with the awkward cases: zero
// times, pre-1970 dates, nanoseconds, articles without URL, HTML and
// non-ASCII text, a line longer than bufio's default, assignments made out
// of publication order, page jobs in every state (one article's text from
// its page, its teaser kept; jobs leased), inactive and forum subscribers,
// and outbox messages pending, retried, sent and failed.
func fill(t *testing.T, st store.Store) {
	t.Helper()
	ctx := context.Background()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(st.SaveFeedState(ctx, news.FeedState{FeedID: "kyiv-ledger", ETag: `"v1"`, LastModified: "Thu, 13 Feb 2025 18:27:00 GMT",
		LastPoll: t0, LastSuccess: t0, NextPoll: t0.Add(15 * time.Minute)}))
	must(st.SaveFeedState(ctx, news.FeedState{FeedID: "broken", LastPoll: t0, NextPoll: t0.Add(time.Hour), Failures: 3,
		LastError: `fetch: HTTP 503 "Service Unavailable" <html>`}))
	must(st.SaveFeedState(ctx, news.FeedState{FeedID: "never-polled"}))

	var arts []news.Article
	for i := range nArticles {
		a := news.Article{ID: fmt.Sprintf("a%04d", i), FeedID: "kyiv-ledger", Outlet: "Kyiv Ledger", Language: "en",
			URL: fmt.Sprintf("https://kyiv-ledger.example/%d?x=1&y=<2>", i), Title: fmt.Sprintf("Title %d", i),
			Text: "First paragraph.\nSecond \"paragraph\" — Київ & <b>NATO</b>.", Published: t0.Add(time.Duration(i) * time.Minute),
			Fetched: t0.Add(time.Hour)}
		switch {
		case i%7 == 0:
			a.URL = "" // no URL
		case i == 1:
			a.Published = time.Date(1969, 7, 20, 20, 17, 40, 0, time.UTC) // before 1970
			a.Language = ""
		case i == 2:
			a.Text = strings.Repeat("long text ", 20000) // 200 kB on one line
		}
		a.WantPage = wantsPage(i)
		arts = append(arts, a)
	}
	if n, err := st.SaveArticles(ctx, arts); err != nil || n != nArticles {
		t.Fatalf("SaveArticles = %d, %v", n, err)
	}
	// Assignments in an order of their own: every third article first,
	// newest first, then the rest.
	var as, rest []store.Assignment
	for i := nArticles - 1; i >= 0; i-- {
		a := store.Assignment{ArticleID: fmt.Sprintf("a%04d", i), ThreadID: fmt.Sprintf("t%d", i/5)}
		if i%3 == 0 {
			as = append(as, a)
		} else {
			rest = append(rest, a)
		}
	}
	must(st.SaveAssignments(ctx, as))
	must(st.SaveAssignments(ctx, rest))

	// Pages: ten jobs claimed (all due at once: the oldest IDs), five of
	// them done, the other five still leased.
	jobs, err := st.ClaimPages(ctx, "filler", t0.Add(2*time.Hour), time.Hour, 10)
	must(err)
	if len(jobs) != 10 || jobs[0].ArticleID != "a0003" {
		t.Fatalf("claimed %+v", jobs)
	}
	at := t0.Add(2 * time.Hour)
	must(st.SavePages(ctx, []news.PageResult{
		{ArticleID: jobs[0].ArticleID, Text: pageText, Status: news.PageOK, Attempts: 1, At: at},
		{ArticleID: jobs[1].ArticleID, Status: news.PageKept, Attempts: 1, LastError: "paywall", At: at},
		{ArticleID: jobs[2].ArticleID, Status: news.PageFailed, Attempts: 1, LastError: "fetch: HTTP 404", At: at},
		{ArticleID: jobs[3].ArticleID, Status: news.PageRobots, Attempts: 1, LastError: "robots.txt", At: at},
		{ArticleID: jobs[4].ArticleID, Status: news.PageRetry, Attempts: 2, NextTry: at.Add(time.Hour),
			LastError: "fetch: HTTP 503", At: at.Add(time.Nanosecond)},
	}))

	must(st.SaveSubscriber(ctx, store.Subscriber{ChatID: 42, Kind: "private", Title: "Ann", Topics: []string{"nato", "ukraine-peace"},
		Keywords: []string{"peace talks", "Chornobyl"}, Schedule: "0 8 * * *", TimeZone: "Europe/Kyiv", Language: "uk", Active: true, Created: t0}))
	must(st.SaveSubscriber(ctx, store.Subscriber{ChatID: -1001234567890, ThreadID: 7, Kind: "supergroup", Title: "Newsroom «Ранок»",
		Schedule: "30 7 * * 1-5", TimeZone: "UTC", Active: true}))
	must(st.SaveSubscriber(ctx, store.Subscriber{ChatID: 99, Kind: "private", TimeZone: "UTC", Active: false, Created: t0}))

	must(st.EnqueueDigest(ctx, 42, t0.Add(2*time.Hour), []store.OutMessage{
		{Key: "digest:42:run1:0", ChatID: 42, Text: "<b>one</b> & two", HTML: true, Created: t0},
		{Key: "digest:42:run1:1", ChatID: 42, Text: "three", HTML: true, Markup: `{"inline_keyboard":[[{"text":"More","callback_data":"story:1"}]]}`, Created: t0},
		{Key: "digest:42:run1:2", ChatID: 42, Text: "four", HTML: true, Created: t0},
	}))
	must(st.Enqueue(ctx, []store.OutMessage{
		{Key: "reply:-1001234567890:9:0", ChatID: -1001234567890, ThreadID: 7, Text: "plain", NextAttempt: t0.Add(time.Hour), Created: t0.Add(time.Second)},
		{Key: "reply:99:3:0", ChatID: 99, Text: "bye", Created: t0},
	}))
	due, err := st.DueMessages(ctx, t0, 10)
	must(err)
	if len(due) != 4 {
		t.Fatalf("due = %+v", due)
	}
	must(st.MarkSent(ctx, due[0].ID, t0.Add(time.Minute)))            // digest:42:run1:0
	must(st.MarkRetry(ctx, due[1].ID, t0.Add(time.Hour), "HTTP 429")) // digest:42:run1:1 stays pending
	must(st.MarkFailed(ctx, due[3].ID, "HTTP 403 blocked"))           // reply:99:3:0
}

// snapshot is everything a store holds, read through the Store interface.
type snapshot struct {
	FeedStates  map[string]news.FeedState
	Articles    []news.Article
	Assignments []store.Assignment
	Pages       []store.Page
	Subscribers []store.Subscriber
	Pending     []store.OutMessage
}

func read(t *testing.T, st store.Store) snapshot {
	t.Helper()
	ctx := context.Background()
	var s snapshot
	var err error
	if s.FeedStates, err = st.FeedStates(ctx); err != nil {
		t.Fatal(err)
	}
	if s.Articles, err = st.Articles(ctx, time.Unix(0, math.MinInt64), time.Time{}); err != nil {
		t.Fatal(err)
	}
	ids := make([]string, len(s.Articles))
	for i, a := range s.Articles {
		ids[i] = a.ID
	}
	if s.Assignments, err = st.Assignments(ctx, ids); err != nil {
		t.Fatal(err)
	}
	if s.Pages, err = st.Pages(ctx, ids); err != nil {
		t.Fatal(err)
	}
	if s.Subscribers, err = st.Subscribers(ctx); err != nil {
		t.Fatal(err)
	}
	if s.Pending, err = st.DueMessages(ctx, time.Unix(0, math.MaxInt64), 1<<20); err != nil {
		t.Fatal(err)
	}
	return s
}

// portable is what a move keeps: seq and outbox IDs are the target's own,
// a pending message starts afresh, and with trunc set (PostgreSQL) times
// keep microseconds.
func (s snapshot) portable(trunc time.Duration) snapshot {
	tr := func(t time.Time) time.Time {
		if trunc == 0 {
			return t
		}
		return t.Truncate(trunc)
	}
	out := snapshot{FeedStates: map[string]news.FeedState{}}
	for id, st := range s.FeedStates {
		st.LastPoll, st.LastSuccess, st.NextPoll = tr(st.LastPoll), tr(st.LastSuccess), tr(st.NextPoll)
		out.FeedStates[id] = st
	}
	for _, a := range s.Articles {
		a.Published, a.Fetched = tr(a.Published), tr(a.Fetched)
		out.Articles = append(out.Articles, a)
	}
	for _, a := range s.Assignments {
		a.Seq = 0
		out.Assignments = append(out.Assignments, a)
	}
	for _, p := range s.Pages {
		p.NextTry, p.Updated = tr(p.NextTry), tr(p.Updated)
		out.Pages = append(out.Pages, p)
	}
	for _, sub := range s.Subscribers {
		sub.LastDigest, sub.Created = tr(sub.LastDigest), tr(sub.Created)
		out.Subscribers = append(out.Subscribers, sub)
	}
	for _, m := range s.Pending {
		m.ID, m.Attempts, m.LastError = 0, 0, ""
		m.NextAttempt, m.Created = tr(m.NextAttempt), tr(m.Created)
		out.Pending = append(out.Pending, m)
	}
	return out
}

func diff(t *testing.T, what string, got, want snapshot) {
	t.Helper()
	if !reflect.DeepEqual(got.FeedStates, want.FeedStates) {
		t.Errorf("%s: feed states\n got %+v\nwant %+v", what, got.FeedStates, want.FeedStates)
	}
	if len(got.Articles) != len(want.Articles) {
		t.Errorf("%s: %d articles, want %d", what, len(got.Articles), len(want.Articles))
	} else {
		for i := range want.Articles {
			if !reflect.DeepEqual(got.Articles[i], want.Articles[i]) {
				t.Errorf("%s: article %d\n got %+v\nwant %+v", what, i, short(got.Articles[i]), short(want.Articles[i]))
				break
			}
		}
	}
	if !reflect.DeepEqual(got.Assignments, want.Assignments) {
		t.Errorf("%s: assignments differ (%d vs %d)", what, len(got.Assignments), len(want.Assignments))
	}
	if !reflect.DeepEqual(got.Pages, want.Pages) {
		t.Errorf("%s: page jobs\n got %+v\nwant %+v", what, got.Pages, want.Pages)
	}
	if !reflect.DeepEqual(got.Subscribers, want.Subscribers) {
		t.Errorf("%s: subscribers\n got %+v\nwant %+v", what, got.Subscribers, want.Subscribers)
	}
	if !reflect.DeepEqual(got.Pending, want.Pending) {
		t.Errorf("%s: pending outbox\n got %+v\nwant %+v", what, got.Pending, want.Pending)
	}
}

func short(a news.Article) news.Article {
	if len(a.Text) > 80 {
		a.Text = a.Text[:80] + "…"
	}
	return a
}

func export(t *testing.T, st store.Store) ([]byte, transfer.Counts) {
	t.Helper()
	var b bytes.Buffer
	n, err := transfer.Export(context.Background(), st, &b)
	if err != nil {
		t.Fatal(err)
	}
	return b.Bytes(), n
}

func importBytes(t *testing.T, st store.Store, dump []byte) transfer.Result {
	t.Helper()
	res, err := transfer.Import(context.Background(), st, bytes.NewReader(dump))
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// wantCounts is what fill stores, as exported: the sent and the failed
// message stay behind.
var wantCounts = transfer.Counts{FeedStates: 3, Articles: nArticles, Assignments: nArticles, Pages: nPages, Subscribers: 3, Outbox: 3}

// roundTrip exports src, imports it into dst twice, and checks that dst
// then holds what src does, and that the second import changed nothing.
func roundTrip(t *testing.T, src, dst store.Store, trunc time.Duration) []byte {
	t.Helper()
	dump, n := export(t, src)
	if n != wantCounts {
		t.Errorf("export counts %+v, want %+v", n, wantCounts)
	}
	res := importBytes(t, dst, dump)
	if res.Counts != n || res.NewArticles != n.Articles || res.Settled != 0 {
		t.Errorf("import = %+v, want counts %+v and every article new", res, n)
	}
	want := read(t, src).portable(trunc)
	after := read(t, dst)
	diff(t, "after import", after.portable(0), want)
	for i := 1; i < len(after.Assignments); i++ {
		if after.Assignments[i].Seq <= after.Assignments[i-1].Seq {
			t.Fatalf("assignments out of seq order: %+v", after.Assignments[i-1:i+1])
		}
	}

	// Twice: nothing changes, not even seq or outbox IDs.
	res = importBytes(t, dst, dump)
	if res.NewArticles != 0 {
		t.Errorf("second import added %d articles", res.NewArticles)
	}
	diff(t, "after a second import", read(t, dst), after)
	if n, _ := dst.OutboxDepth(context.Background()); n != wantCounts.Outbox {
		t.Errorf("outbox depth after two imports = %d, want %d", n, wantCounts.Outbox)
	}
	return dump
}

func TestRoundTripSQLite(t *testing.T) {
	src := openSQLite(t)
	fill(t, src)
	dump, _ := export(t, src)
	if n := bytes.Count(dump, []byte("\n")); n != wantCounts.Total() {
		t.Errorf("%d lines, want %d", n, wantCounts.Total())
	}
	roundTrip(t, src, openSQLite(t), 0)

	// The pending messages came over as pending, the retried one with a
	// fresh attempt count; the sent and failed ones did not come.
	dst := openSQLite(t)
	importBytes(t, dst, dump)
	var keys []string
	for _, m := range read(t, dst).Pending {
		keys = append(keys, m.Key)
		if m.Status != store.StatusPending || m.Attempts != 0 || m.LastError != "" {
			t.Errorf("imported message %+v", m)
		}
	}
	if want := []string{"digest:42:run1:1", "digest:42:run1:2", "reply:-1001234567890:9:0"}; !reflect.DeepEqual(keys, want) {
		t.Errorf("pending keys %v, want %v", keys, want)
	}
	checkPages(t, dst)
}

// checkPages: the pages fill made came over: the text from the page with
// the feed's teaser beside it, every job's state, and no lease (the five
// jobs leased in the source are anyone's), nor a job queued twice.
func checkPages(t *testing.T, dst store.Store) {
	t.Helper()
	ctx := context.Background()
	got := read(t, dst)
	for _, a := range got.Articles {
		switch {
		case a.ID == "a0003":
			if a.Text != pageText || a.Teaser != "First paragraph.\nSecond \"paragraph\" — Київ & <b>NATO</b>." || a.TextSource != news.TextFromPage {
				t.Errorf("a0003 = text %q, teaser %q, source %q", a.Text, a.Teaser, a.TextSource)
			}
		case a.Teaser != "" || a.TextSource != "":
			t.Errorf("%s has teaser %q, source %q", a.ID, a.Teaser, a.TextSource)
		}
	}
	counts, err := dst.PageCounts(ctx, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]map[string]int{"kyiv-ledger": {news.PageOK: 1, news.PageKept: 1, news.PageFailed: 1, news.PageRobots: 1,
		news.PageRetry: 1, news.PagePending: nPages - 5}}
	if !reflect.DeepEqual(counts, want) {
		t.Errorf("PageCounts = %v, want %v", counts, want)
	}
	jobs, err := dst.ClaimPages(ctx, "other", t0.Add(2*time.Hour), time.Minute, 5)
	if err != nil || len(jobs) != 5 || jobs[0].ArticleID != "a0033" {
		t.Errorf("another owner claimed %+v, %v; want the five jobs leased in the source, from a0033", jobs, err)
	}
}

func TestRoundTripPostgres(t *testing.T) {
	src := openSQLite(t)
	fill(t, src)
	pg := openPostgres(t)
	roundTrip(t, src, pg, time.Microsecond)

	checkPages(t, pg)

	// And back: PostgreSQL → JSONL → SQLite.
	roundTrip(t, pg, openSQLite(t), 0)
}

func TestExportOrder(t *testing.T) {
	src := openSQLite(t)
	fill(t, src)
	dump, _ := export(t, src)
	rank := map[string]int{"feed_state": 0, "article": 1, "assignment": 2, "page": 3, "subscriber": 4, "outbox": 5}
	last, lastSeq, lastID, lastPage := 0, int64(0), int64(0), ""
	var lastPub time.Time
	for i, line := range strings.Split(strings.TrimSuffix(string(dump), "\n"), "\n") {
		var rec struct {
			Kind      string    `json:"kind"`
			Seq       int64     `json:"seq"`
			ID        any       `json:"id"`
			Published time.Time `json:"published"`
			ArticleID string    `json:"article_id"`
		}
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("line %d: %v", i+1, err)
		}
		r, ok := rank[rec.Kind]
		if !ok || r < last {
			t.Fatalf("line %d: kind %q out of order", i+1, rec.Kind)
		}
		last = r
		switch rec.Kind {
		case "article":
			if rec.Published.Before(lastPub) {
				t.Errorf("line %d: article older than the one before", i+1)
			}
			lastPub = rec.Published
		case "assignment":
			if rec.Seq <= lastSeq {
				t.Errorf("line %d: seq %d after %d", i+1, rec.Seq, lastSeq)
			}
			lastSeq = rec.Seq
		case "page":
			if rec.ArticleID <= lastPage {
				t.Errorf("line %d: page of %s after %s", i+1, rec.ArticleID, lastPage)
			}
			lastPage = rec.ArticleID
		case "outbox":
			id := int64(rec.ID.(float64))
			if id <= lastID {
				t.Errorf("line %d: id %d after %d", i+1, id, lastID)
			}
			lastID = id
		}
	}
	if !bytes.Contains(dump, []byte(`Київ & <b>NATO</b>`)) || !bytes.Contains(dump, []byte(`"markup":"{\"inline_keyboard\":[[{\"text\":\"More\"`)) {
		t.Errorf("text or markup escaped or missing")
	}
}

func TestExportEmpty(t *testing.T) {
	dump, n := export(t, openSQLite(t))
	if len(dump) != 0 || n.Total() != 0 {
		t.Errorf("empty store exported %d bytes, %+v", len(dump), n)
	}
	res := importBytes(t, openSQLite(t), dump)
	if res.Total() != 0 {
		t.Errorf("importing nothing: %+v", res)
	}
}

// TestImportIntoNonEmpty: what the target has stays, except subscribers
// and feed states, which the file replaces; a message the target already
// sent is not queued again.
func TestImportIntoNonEmpty(t *testing.T) {
	ctx := context.Background()
	src := openSQLite(t)
	fill(t, src)
	dump, _ := export(t, src)

	dst := openSQLite(t)
	mine := news.Article{ID: "mine", FeedID: "f", Outlet: "O", URL: "https://kyiv-ledger.example/1?x=1&y=<2>", // a0001's URL
		Title: "mine", Text: "mine", Published: t0, Fetched: t0}
	if _, err := dst.SaveArticles(ctx, []news.Article{mine}); err != nil {
		t.Fatal(err)
	}
	if err := dst.SaveAssignments(ctx, []store.Assignment{{ArticleID: "a0003", ThreadID: "elsewhere"}}); err != nil {
		t.Fatal(err)
	}
	// a0008, a teaser here too, has a page job of the target's own
	// (pending; in the file it is kept).
	a8 := news.Article{ID: "a0008", FeedID: "kyiv-ledger", Outlet: "Kyiv Ledger", URL: "https://kyiv-ledger.example/8?x=1&y=<2>",
		Title: "Title 8", Text: "teaser", Published: t0, Fetched: t0, WantPage: true}
	if _, err := dst.SaveArticles(ctx, []news.Article{a8}); err != nil {
		t.Fatal(err)
	}
	if err := dst.SaveSubscriber(ctx, store.Subscriber{ChatID: 42, Kind: "private", TimeZone: "UTC", Active: false}); err != nil {
		t.Fatal(err)
	}
	if err := dst.Enqueue(ctx, []store.OutMessage{{Key: "reply:-1001234567890:9:0", ChatID: -1001234567890, Text: "plain", Created: t0}}); err != nil {
		t.Fatal(err)
	}
	due, _ := dst.DueMessages(ctx, t0, 10)
	if err := dst.MarkSent(ctx, due[0].ID, t0); err != nil {
		t.Fatal(err)
	}

	res := importBytes(t, dst, dump)
	if res.NewArticles != nArticles-2 {
		t.Errorf("new articles = %d, want %d (a0001 shares a stored URL, a0008 is stored)", res.NewArticles, nArticles-2)
	}
	got := read(t, dst)
	if len(got.Articles) != nArticles {
		t.Errorf("%d articles, want %d", len(got.Articles), nArticles)
	}
	as, _ := dst.Assignments(ctx, []string{"a0003"})
	if len(as) != 1 || as[0].ThreadID != "elsewhere" {
		t.Errorf("a0003's assignment = %+v, want the target's own", as)
	}
	if len(got.Pages) != nPages {
		t.Errorf("%d page jobs, want %d", len(got.Pages), nPages)
	}
	for _, p := range got.Pages {
		if p.ArticleID == "a0008" && (p.Status != news.PagePending || !p.Updated.Equal(t0)) {
			t.Errorf("a0008's job = %+v, want the target's own", p)
		}
		if p.ArticleID == "a0003" && p.Status != news.PageOK {
			t.Errorf("a0003's job = %+v, want the file's", p)
		}
	}
	if sub, _, _ := dst.Subscriber(ctx, 42); !sub.Active || sub.TimeZone != "Europe/Kyiv" {
		t.Errorf("subscriber 42 = %+v, want the file's", sub)
	}
	for _, m := range got.Pending {
		if m.Key == "reply:-1001234567890:9:0" {
			t.Errorf("a message the target had sent is pending again: %+v", m)
		}
	}
	if len(got.Pending) != 2 {
		t.Errorf("pending = %+v, want the 2 digest messages", got.Pending)
	}
}

// TestOldFormat: a file written before article pages (no page lines, no
// teasers) imports as it did, its articles the feed's text, no job queued.
func TestOldFormat(t *testing.T) {
	file := `{"kind":"feed_state","feed_id":"f","last_poll":"2025-02-13T18:27:00Z"}
{"kind":"article","id":"x","feed_id":"f","outlet":"O","url":"https://o.example/x","title":"T","text":"Teaser only.","published":"2025-02-13T18:27:00Z","fetched":"2025-02-13T18:27:00Z"}
{"kind":"assignment","seq":1,"article_id":"x","thread_id":"x"}
{"kind":"subscriber","chat_id":42,"timezone":"UTC","active":true}
`
	dst := openSQLite(t)
	res := importBytes(t, dst, []byte(file))
	if want := "1 feed state, 1 article (1 new), 1 assignment, 1 subscriber, 0 pending outbox messages"; res.String() != want {
		t.Errorf("result %q, want %q", res, want)
	}
	got := read(t, dst)
	if len(got.Articles) != 1 || got.Articles[0].Text != "Teaser only." || got.Articles[0].Teaser != "" || got.Articles[0].TextSource != "" {
		t.Errorf("articles %+v", got.Articles)
	}
	if len(got.Pages) != 0 {
		t.Errorf("page jobs %+v", got.Pages)
	}
	// And a file with pages says so.
	src := openSQLite(t)
	fill(t, src)
	dump, n := export(t, src)
	if want := fmt.Sprintf(", %d assignments, %d article pages, 3 subscribers,", nArticles, nPages); !strings.Contains(n.String(), want) {
		t.Errorf("counts %q, want %q in them", n, want)
	}
	if res, err := transfer.Check(bytes.NewReader(dump)); err != nil || res.Pages != nPages {
		t.Errorf("Check = %+v, %v", res, err)
	}
}

func TestCorruptLine(t *testing.T) {
	src := openSQLite(t)
	fill(t, src)
	dump, _ := export(t, src)
	lines := strings.SplitAfter(string(dump), "\n")
	const at = 700 // an article in the second batch
	if !strings.Contains(lines[at-1], `"kind":"article"`) {
		t.Fatalf("line %d is not an article: %.80s", at, lines[at-1])
	}
	tests := map[string]struct {
		line string
		want string
	}{
		"truncated":     {lines[at-1][:40] + "\n", "line 700: not valid JSON"},
		"not an object": {`["article"]` + "\n", "line 700: not a JSON object"},
		"no kind":       {`{"id":"x"}` + "\n", `line 700: no "kind"`},
		"unknown kind":  {`{"kind":"artcle","id":"x"}` + "\n", `line 700: unknown kind "artcle"`},
		"unknown field": {`{"kind":"article","id":"x","body":"y"}` + "\n", `line 700: article: unknown field "body"`},
		"missing id":    {`{"kind":"article","title":"y"}` + "\n", `line 700: article: missing "id"`},
		"bad time":      {`{"kind":"article","id":"x","published":"yesterday"}` + "\n", "line 700: article: parsing time"},
		"wrong type":    {`{"kind":"subscriber","chat_id":"42"}` + "\n", `line 700: subscriber: "chat_id": got a JSON string, want int64`},
		"bad status":    {`{"kind":"outbox","key":"k","chat_id":1,"status":"lost"}` + "\n", `line 700: outbox: unknown status "lost"`},
		"no thread":     {`{"kind":"assignment","article_id":"a"}` + "\n", `line 700: assignment: needs "article_id" and "thread_id"`},
		"bad source":    {`{"kind":"article","id":"x","text_source":"amp"}` + "\n", `line 700: article: unknown text_source "amp"`},
		"page no url":   {`{"kind":"page","article_id":"a"}` + "\n", `line 700: page: needs "article_id" and "url"`},
		"page status":   {`{"kind":"page","article_id":"a","url":"u","status":"lost"}` + "\n", `line 700: page: unknown status "lost"`},
		"page lease":    {`{"kind":"page","article_id":"a","url":"u","lease_owner":"x"}` + "\n", `line 700: page: unknown field "lease_owner"`},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			bad := append(append(append([]string{}, lines[:at-1]...), tt.line), lines[at:]...)
			dst := openSQLite(t)
			res, err := transfer.Import(context.Background(), dst, strings.NewReader(strings.Join(bad, "")))
			var le *transfer.BadLinesError
			if !errors.As(err, &le) || le.Total != 1 || le.Lines[0].Line != at || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Import = %v; want %q", err, tt.want)
			}
			if res.Total() != 0 {
				t.Errorf("result %+v on a bad file", res)
			}
			if got := read(t, dst); len(got.FeedStates)+len(got.Articles)+len(got.Subscribers) != 0 {
				t.Errorf("a bad file wrote %d feed states, %d articles", len(got.FeedStates), len(got.Articles))
			}
		})
	}
}

func TestManyBadLines(t *testing.T) {
	var b strings.Builder
	b.WriteString(`{"kind":"feed_state","feed_id":"f"}` + "\n\n   \r\n") // blank lines are fine
	for range 12 {
		b.WriteString("garbage\n")
	}
	_, err := transfer.Check(strings.NewReader(b.String()))
	var bad *transfer.BadLinesError
	if !errors.As(err, &bad) || bad.Total != 12 || len(bad.Lines) != 10 || bad.Lines[0].Line != 4 {
		t.Fatalf("Check = %v", err)
	}
	if !strings.Contains(err.Error(), "12 bad lines: line 4: not a JSON object; line 5:") || !strings.HasSuffix(err.Error(), "and 2 more") {
		t.Errorf("message: %v", err)
	}
}

func TestSettledMessagesSkipped(t *testing.T) {
	file := `{"kind":"outbox","key":"a","chat_id":1,"text":"x","html":true,"status":"sent","sent":"2025-02-13T18:27:00Z"}
{"kind":"outbox","key":"b","chat_id":1,"text":"y","html":false,"status":"failed","attempts":5}
{"kind":"outbox","key":"c","chat_id":1,"text":"z","html":false}
`
	dst := openSQLite(t)
	res := importBytes(t, dst, []byte(file))
	if res.Outbox != 1 || res.Settled != 2 || !strings.Contains(res.String(), "skipped 2 sent or failed outbox messages") {
		t.Errorf("result %+v (%s)", res, res)
	}
	if due := read(t, dst).Pending; len(due) != 1 || due[0].Key != "c" || due[0].Created.IsZero() {
		t.Errorf("pending = %+v", due)
	}
}

func TestWriteErrorNamesLines(t *testing.T) {
	src := openSQLite(t)
	fill(t, src)
	dump, _ := export(t, src)
	dst := openSQLite(t)
	dst.Close()
	res, err := transfer.Import(context.Background(), dst, bytes.NewReader(dump))
	var we *transfer.WriteError
	if !errors.As(err, &we) || !errors.Is(err, store.ErrClosed) || we.From != 1 || we.To != 1 || we.Kind != "feed_state" {
		t.Fatalf("Import into a closed store = %v", err)
	}
	if res.Total() != 0 {
		t.Errorf("result %+v", res)
	}
}
