package postgres

import (
	"context"
	"errors"
	"fmt"
	"github.com/newsdigest/newsdigest/internal/store/postgres/pgtest"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/newsdigest/newsdigest/internal/news"
	"github.com/newsdigest/newsdigest/internal/store"
	"github.com/newsdigest/newsdigest/internal/store/storetest"
)

// freshSchema is an empty schema of the test's own (see pgtest).
func freshSchema(t *testing.T) string { return pgtest.DSN(t) }

// admin runs one statement on its own connection.
func admin(t *testing.T, dsn, sql string) { pgtest.Exec(t, dsn, sql) }

func open(t *testing.T, dsn string) *DB {
	t.Helper()
	db, err := Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store { return open(t, freshSchema(t)) })
}

func versions(t *testing.T, db *DB) []int {
	t.Helper()
	rows, _ := db.pool.Query(context.Background(), `SELECT version FROM schema_migrations ORDER BY version`)
	vs, err := pgx.CollectRows(rows, pgx.RowTo[int])
	if err != nil {
		t.Fatal(err)
	}
	return vs
}

func allVersions(t *testing.T) []int {
	ms, err := migrations()
	if err != nil {
		t.Fatal(err)
	}
	var vs []int
	for _, m := range ms {
		vs = append(vs, m.version)
	}
	return vs
}

func TestMigrateTwiceIsNoop(t *testing.T) {
	ctx := context.Background()
	dsn := freshSchema(t)
	want := allVersions(t)
	db := open(t, dsn)
	if db.applied != len(want) {
		t.Fatalf("first Open applied %d migrations, want %d", db.applied, len(want))
	}
	if err := db.SaveAssignments(ctx, []store.Assignment{{ArticleID: "a", ThreadID: "e"}}); err != nil {
		t.Fatal(err)
	}
	db.Close()

	db = open(t, dsn)
	if db.applied != 0 {
		t.Errorf("second Open applied %d migrations, want 0", db.applied)
	}
	if got := versions(t, db); !reflect.DeepEqual(got, want) {
		t.Errorf("schema_migrations = %v, want %v", got, want)
	}
	if got, err := db.Assignments(ctx, []string{"a"}); err != nil || len(got) != 1 {
		t.Errorf("after reopen: %v, %v", got, err)
	}
}

func TestConcurrentOpenMigratesOnce(t *testing.T) {
	dsn := freshSchema(t)
	want := allVersions(t)
	const n = 8
	dbs := make([]*DB, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { dbs[i], errs[i] = Open(context.Background(), dsn) })
	}
	wg.Wait()
	applied := 0
	for i := range n {
		if errs[i] != nil {
			t.Fatalf("Open %d: %v", i, errs[i])
		}
		t.Cleanup(func() { dbs[i].Close() })
		applied += dbs[i].applied
	}
	if applied != len(want) {
		t.Errorf("%d concurrent Opens applied %d migrations in all, want %d", n, applied, len(want))
	}
	if got := versions(t, dbs[0]); !reflect.DeepEqual(got, want) {
		t.Errorf("schema_migrations = %v, want %v", got, want)
	}
}

func TestNewerSchemaRefused(t *testing.T) {
	dsn := freshSchema(t)
	db := open(t, dsn)
	if _, err := db.pool.Exec(context.Background(), `INSERT INTO schema_migrations (version) VALUES (9999)`); err != nil {
		t.Fatal(err)
	}
	if db2, err := Open(context.Background(), dsn); err == nil || !strings.Contains(err.Error(), "newer") {
		if db2 != nil {
			db2.Close()
		}
		t.Fatalf("Open on a newer schema: %v, want an error", err)
	}
}

func TestSaveArticlesBulk(t *testing.T) {
	ctx := context.Background()
	db := open(t, freshSchema(t))
	t0 := time.Date(2025, 2, 13, 18, 27, 0, 0, time.UTC)
	const n = 5000
	var batch []news.Article
	for i := range n {
		u := fmt.Sprintf("https://a.example/%d", i)
		if i%10 == 0 {
			u = "" // no URL
		}
		batch = append(batch, news.Article{ID: fmt.Sprint(i), FeedID: "f", Outlet: "O", URL: u, Title: "t", Text: "b",
			Published: t0.Add(time.Duration(i) * time.Second), Fetched: t0})
	}
	// Duplicates inside the batch: the first one wins.
	batch = append(batch,
		news.Article{ID: "1", FeedID: "dup", Outlet: "O", Title: "t", Text: "b", Published: t0, Fetched: t0},
		news.Article{ID: "dup-url", FeedID: "dup", Outlet: "O", URL: "https://a.example/1", Title: "t", Text: "b", Published: t0, Fetched: t0},
	)
	added, err := db.SaveArticles(ctx, batch)
	if err != nil || added != n {
		t.Fatalf("SaveArticles = %d, %v; want %d", added, err, n)
	}
	added, err = db.SaveArticles(ctx, batch)
	if err != nil || added != 0 {
		t.Fatalf("SaveArticles again = %d, %v; want 0", added, err)
	}
	got, err := db.Articles(ctx, time.Time{}, time.Time{})
	if err != nil || len(got) != n {
		t.Fatalf("Articles = %d, %v; want %d", len(got), err, n)
	}
	for _, a := range got {
		if a.FeedID != "f" {
			t.Fatalf("a later duplicate replaced the first: %+v", a)
		}
	}

	var as []store.Assignment
	var ids []string
	for i := n - 1; i >= 0; i-- {
		as = append(as, store.Assignment{ArticleID: fmt.Sprint(i), ThreadID: "e"})
		ids = append(ids, fmt.Sprint(i))
	}
	if err := db.SaveAssignments(ctx, as); err != nil {
		t.Fatal(err)
	}
	back, err := db.Assignments(ctx, ids)
	if err != nil || len(back) != n {
		t.Fatalf("Assignments = %d, %v", len(back), err)
	}
	for i, a := range back {
		if a.ArticleID != as[i].ArticleID {
			t.Fatalf("assignment %d = %+v, want %+v (save order)", i, a, as[i])
		}
	}
}

func TestTimes(t *testing.T) {
	ctx := context.Background()
	db := open(t, freshSchema(t))
	kyiv, err := time.LoadLocation("Europe/Kyiv")
	if err != nil {
		kyiv = time.FixedZone("EET", 2*3600)
	}
	exact := time.Date(2025, 2, 13, 20, 27, 1, 123456789, kyiv)
	st := news.FeedState{FeedID: "f", LastPoll: exact, LastSuccess: time.Now()} // NextPoll stays zero
	if err := db.SaveFeedState(ctx, st); err != nil {
		t.Fatal(err)
	}
	got, err := db.FeedStates(ctx)
	if err != nil {
		t.Fatal(err)
	}
	g := got["f"]
	if want := exact.UTC().Truncate(time.Microsecond); g.LastPoll != want {
		t.Errorf("LastPoll = %v, want %v (UTC, microseconds)", g.LastPoll, want)
	}
	if want := st.LastSuccess.UTC().Truncate(time.Microsecond); g.LastSuccess != want {
		t.Errorf("LastSuccess = %v, want %v", g.LastSuccess, want)
	}
	if g.NextPoll != (time.Time{}) {
		t.Errorf("zero NextPoll came back as %v", g.NextPoll)
	}

	// The zero time sorts before every real time, as in the SQLite store:
	// a zero NextAttempt is due at once, and a first digest moves LastDigest.
	if err := db.SaveSubscriber(ctx, store.Subscriber{ChatID: 1, TimeZone: "UTC", Active: true}); err != nil {
		t.Fatal(err)
	}
	if err := db.EnqueueDigest(ctx, 1, exact, []store.OutMessage{{Key: "k", ChatID: 1, Text: "x"}}); err != nil {
		t.Fatal(err)
	}
	sub, _, err := db.Subscriber(ctx, 1)
	if err != nil || sub.LastDigest != exact.UTC().Truncate(time.Microsecond) || sub.Created != (time.Time{}) {
		t.Errorf("subscriber = %+v, %v", sub, err)
	}
	if err := db.EnqueueDigest(ctx, 1, exact.Add(-time.Hour), nil); err != nil { // never goes back
		t.Fatal(err)
	}
	if sub, _, _ := db.Subscriber(ctx, 1); !sub.LastDigest.Equal(exact.Truncate(time.Microsecond)) {
		t.Errorf("LastDigest went back to %v", sub.LastDigest)
	}
	due, err := db.DueMessages(ctx, time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC), 10)
	if err != nil || len(due) != 1 || !due[0].NextAttempt.IsZero() || due[0].Created.IsZero() || !due[0].Sent.IsZero() {
		t.Errorf("DueMessages = %+v, %v", due, err)
	}
	if n, err := db.Prune(ctx, time.Time{}); err != nil || n != 0 {
		t.Errorf("Prune(zero) = %d, %v", n, err)
	}
}

func TestMoveSubscriberToItself(t *testing.T) {
	ctx := context.Background()
	db := open(t, freshSchema(t))
	if err := db.SaveSubscriber(ctx, store.Subscriber{ChatID: -5, Kind: "group", TimeZone: "UTC", Active: true}); err != nil {
		t.Fatal(err)
	}
	if err := db.MoveSubscriber(ctx, -5, -5); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := db.Subscriber(ctx, -5); !ok {
		t.Error("moving a chat onto itself lost it")
	}
}

func TestClosedEverywhere(t *testing.T) {
	ctx := context.Background()
	db := open(t, freshSchema(t))
	db.Close()
	errs := map[string]error{}
	_, errs["FeedStates"] = db.FeedStates(ctx)
	_, errs["SaveArticles"] = db.SaveArticles(ctx, []news.Article{{ID: "x"}})
	_, errs["Articles"] = db.Articles(ctx, time.Time{}, time.Time{})
	_, errs["Assignments"] = db.Assignments(ctx, []string{"x"})
	_, _, errs["Subscriber"] = db.Subscriber(ctx, 1)
	errs["EnqueueDigest"] = db.EnqueueDigest(ctx, 1, time.Now(), nil)
	_, errs["DueMessages"] = db.DueMessages(ctx, time.Now(), 1)
	_, errs["Prune"] = db.Prune(ctx, time.Now())
	_, errs["ClaimPages"] = db.ClaimPages(ctx, "o", time.Now(), time.Minute, 1)
	errs["SavePages"] = db.SavePages(ctx, []news.PageResult{{ArticleID: "x", Status: news.PageOK}})
	_, errs["PageCounts"] = db.PageCounts(ctx, time.Now())
	for name, err := range errs {
		if !errors.Is(err, store.ErrClosed) {
			t.Errorf("%s after Close = %v, want store.ErrClosed", name, err)
		}
	}
	if err := db.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
}
