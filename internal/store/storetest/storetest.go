// Package storetest is the conformance suite every store.Store
// implementation must pass.
package storetest // import "github.com/newsdigest/newsdigest/internal/store/storetest"

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/newsdigest/newsdigest/internal/news"
	"github.com/newsdigest/newsdigest/internal/store"
)

// Run runs the suite. open must return a new, empty store each call.
func Run(t *testing.T, open func(t *testing.T) store.Store) {
	tests := []struct {
		name string
		fn   func(t *testing.T, s store.Store)
	}{
		{"FeedState", testFeedState},
		{"ArticlesDedup", testArticlesDedup},
		{"ArticlesSince", testArticlesSince},
		{"Assignments", testAssignments},
		{"Subscribers", testSubscribers},
		{"Outbox", testOutbox},
		{"MoveSubscriber", testMoveSubscriber},
		{"Prune", testPrune},
		{"ClaimDue", testClaimDue},
		{"ClaimFeeds", testClaimFeeds},
		{"DigestRunOnce", testDigestRunOnce},
		{"Lease", testLease},
		{"PagesQueued", testPagesQueued},
		{"ClaimPages", testClaimPages},
		{"ClaimPagesConcurrent", testClaimPagesConcurrent},
		{"ClaimPagesFeedsInTurn", testClaimPagesFeedsInTurn},
		{"SavePagesBatch", testSavePagesBatch},
		{"PageRetry", testPageRetry},
		{"SavePageText", testSavePageText},
		{"PageFinal", testPageFinal},
		{"ReleasePages", testReleasePages},
		{"PageCounts", testPageCounts},
		{"PrunePages", testPrunePages},
		{"RestorePages", testRestorePages},
		{"Closed", testClosed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { tt.fn(t, open(t)) })
	}
}

var t0 = time.Date(2025, 2, 13, 18, 27, 0, 0, time.UTC)

func article(id, url string, published time.Time) news.Article {
	return news.Article{ID: id, FeedID: "f", Outlet: "Outlet", Language: "en", URL: url,
		Title: "Title " + id, Text: "Body of " + id, Published: published, Fetched: t0}
}

func testFeedState(t *testing.T, s store.Store) {
	ctx := context.Background()
	want := news.FeedState{FeedID: "a", ETag: `"v1"`, LastModified: "Thu, 13 Feb 2025 18:27:00 GMT",
		LastPoll: t0, LastSuccess: t0, NextPoll: t0.Add(15 * time.Minute), Failures: 2, LastError: "fetch: HTTP 500"}
	if err := s.SaveFeedState(ctx, want); err != nil {
		t.Fatal(err)
	}
	want.Failures = 3 // a second save replaces the first
	if err := s.SaveFeedState(ctx, want); err != nil {
		t.Fatal(err)
	}
	got, err := s.FeedStates(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got["a"] != want {
		t.Fatalf("FeedStates = %+v, want only %+v", got, want)
	}
}

func testArticlesDedup(t *testing.T, s store.Store) {
	ctx := context.Background()
	batch := []news.Article{
		article("1", "https://a.example/1", t0),
		article("2", "https://a.example/2", t0.Add(time.Minute)),
		article("3", "", t0.Add(2*time.Minute)),
		article("4", "", t0.Add(3*time.Minute)), // empty URLs never collide
	}
	n, err := s.SaveArticles(ctx, batch)
	if err != nil || n != 4 {
		t.Fatalf("SaveArticles = %d, %v; want 4, nil", n, err)
	}
	again := []news.Article{
		article("1", "https://a.example/1", t0),                // same id
		article("5", "https://a.example/2", t0),                // same URL, other id
		article("6", "https://a.example/6", t0.Add(time.Hour)), // new
	}
	n, err = s.SaveArticles(ctx, again)
	if err != nil || n != 1 {
		t.Fatalf("second SaveArticles = %d, %v; want 1, nil", n, err)
	}
	got, err := s.Articles(ctx, time.Time{}, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 5 {
		t.Fatalf("stored %d articles, want 5", len(got))
	}
	if !reflect.DeepEqual(got[0], batch[0]) {
		t.Errorf("round trip changed the article:\n got %+v\nwant %+v", got[0], batch[0])
	}
}

func testArticlesSince(t *testing.T, s store.Store) {
	ctx := context.Background()
	if newest, err := s.NewestPublished(ctx); err != nil || !newest.IsZero() {
		t.Fatalf("empty store NewestPublished = %v, %v", newest, err)
	}
	var batch []news.Article
	for i := 4; i >= 0; i-- { // stored out of order
		batch = append(batch, article(fmt.Sprint(i), "", t0.Add(time.Duration(i)*time.Hour)))
	}
	if _, err := s.SaveArticles(ctx, batch); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		from, to time.Time
		want     string
	}{
		{t0.Add(2 * time.Hour), time.Time{}, "[2 3 4]"},
		{t0.Add(time.Hour), t0.Add(3 * time.Hour), "[1 2]"},
		{t0.Add(5 * time.Hour), time.Time{}, "[]"},
	} {
		got, err := s.Articles(ctx, tc.from, tc.to)
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, a := range got {
			ids = append(ids, a.ID)
		}
		if fmt.Sprint(ids) != tc.want {
			t.Errorf("Articles [%v, %v) = %v, want %s oldest first", tc.from, tc.to, ids, tc.want)
		}
	}
	texts, err := s.ArticleTexts(ctx, []string{"1", "3", "missing"})
	if err != nil {
		t.Fatal(err)
	}
	if len(texts) != 2 || texts["1"] != batch[3].Text || texts["3"] != batch[1].Text {
		t.Errorf("ArticleTexts = %q, want the texts of 1 and 3", texts)
	}
	newest, err := s.NewestPublished(ctx)
	if err != nil || !newest.Equal(t0.Add(4*time.Hour)) {
		t.Errorf("NewestPublished = %v, %v; want %v", newest, err, t0.Add(4*time.Hour))
	}
}

func testAssignments(t *testing.T, s store.Store) {
	ctx := context.Background()
	first := []store.Assignment{{ArticleID: "b", ThreadID: "e1"}, {ArticleID: "a", ThreadID: "e1"}}
	if err := s.SaveAssignments(ctx, first); err != nil {
		t.Fatal(err)
	}
	// A re-assignment of "a" is ignored: ids must stay stable.
	if err := s.SaveAssignments(ctx, []store.Assignment{{ArticleID: "a", ThreadID: "e9"}, {ArticleID: "c", ThreadID: "e2"}}); err != nil {
		t.Fatal(err)
	}
	got, err := s.Assignments(ctx, []string{"a", "b", "c", "missing"})
	if err != nil {
		t.Fatal(err)
	}
	var desc []string
	for i, a := range got {
		if i > 0 && a.Seq <= got[i-1].Seq {
			t.Errorf("assignments not in save order: %+v", got)
		}
		desc = append(desc, a.ArticleID+":"+a.ThreadID)
	}
	if fmt.Sprint(desc) != "[b:e1 a:e1 c:e2]" {
		t.Errorf("Assignments = %v", desc)
	}
}

func testClosed(t *testing.T, s store.Store) {
	ctx := context.Background()
	if err := s.Ping(ctx); err != nil {
		t.Fatalf("Ping on an open store: %v", err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if err := s.Ping(ctx); !errors.Is(err, store.ErrClosed) {
		t.Errorf("Ping after Close = %v, want store.ErrClosed", err)
	}
}

func testSubscribers(t *testing.T, s store.Store) {
	ctx := context.Background()
	if _, ok, err := s.Subscriber(ctx, 1); ok || err != nil {
		t.Fatalf("unknown subscriber: ok %v, err %v", ok, err)
	}
	want := store.Subscriber{ChatID: 1, Kind: "private", Title: "Ann", Topics: []string{"nato", "ukraine-peace"},
		Keywords: []string{"peace talks", "Chornobyl"}, Schedule: "0 8 * * *", TimeZone: "Europe/Kyiv", Language: "uk", Active: true, Created: t0}
	group := store.Subscriber{ChatID: -100, ThreadID: 7, Kind: "supergroup", Title: "Newsroom", Schedule: "0 8,18 * * *", TimeZone: "UTC", Active: true, Created: t0}
	for _, sub := range []store.Subscriber{want, group} {
		if err := s.SaveSubscriber(ctx, sub); err != nil {
			t.Fatal(err)
		}
	}
	got, ok, err := s.Subscriber(ctx, 1)
	if err != nil || !ok || !reflect.DeepEqual(got, want) {
		t.Fatalf("Subscriber = %+v, %v, %v; want %+v", got, ok, err, want)
	}
	want.Language = "de" // a choice changes; one not made stays unmade
	if err := s.SaveSubscriber(ctx, want); err != nil {
		t.Fatal(err)
	}
	if got, _, _ := s.Subscriber(ctx, 1); got.Language != "de" {
		t.Errorf("Language after a change = %q, want de", got.Language)
	}
	if got, _, _ := s.Subscriber(ctx, -100); got.Language != "" {
		t.Errorf("Language never set = %q, want empty", got.Language)
	}
	if err := s.SetActive(ctx, 1, false); err != nil {
		t.Fatal(err)
	}
	all, err := s.Subscribers(ctx)
	if err != nil || len(all) != 2 || all[0].ChatID != -100 || all[1].Active {
		t.Fatalf("Subscribers = %+v, %v", all, err)
	}
	if err := s.DeleteSubscriber(ctx, 1); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := s.Subscriber(ctx, 1); ok {
		t.Error("deleted subscriber is still there")
	}
}

func testOutbox(t *testing.T, s store.Store) {
	ctx := context.Background()
	if err := s.SaveSubscriber(ctx, store.Subscriber{ChatID: 5, Kind: "private", TimeZone: "UTC", Active: true}); err != nil {
		t.Fatal(err)
	}
	run := []store.OutMessage{
		{Key: "digest:5:run1:1", ChatID: 5, Text: "<b>one</b>", HTML: true, Created: t0},
		{Key: "digest:5:run1:2", ChatID: 5, Text: "two", Markup: `{"inline_keyboard":[]}`, Created: t0},
	}
	for range 2 { // a run enqueued twice is enqueued once
		if err := s.EnqueueDigest(ctx, 5, t0, run); err != nil {
			t.Fatal(err)
		}
	}
	if sub, _, _ := s.Subscriber(ctx, 5); !sub.LastDigest.Equal(t0) {
		t.Errorf("LastDigest = %v, want %v", sub.LastDigest, t0)
	}
	if err := s.Enqueue(ctx, []store.OutMessage{{Key: "reply:5:9", ChatID: 5, Text: "later", NextAttempt: t0.Add(time.Hour), Created: t0}}); err != nil {
		t.Fatal(err)
	}
	if n, err := s.OutboxDepth(ctx); err != nil || n != 3 {
		t.Fatalf("OutboxDepth = %d, %v; want 3", n, err)
	}
	due, err := s.DueMessages(ctx, t0, 10)
	if err != nil || len(due) != 2 || due[0].Key != "digest:5:run1:1" || due[1].Markup == "" || !due[0].HTML || due[1].HTML {
		t.Fatalf("DueMessages = %+v, %v", due, err)
	}
	if err := s.MarkSent(ctx, due[0].ID, t0); err != nil {
		t.Fatal(err)
	}
	if err := s.MarkRetry(ctx, due[1].ID, t0.Add(3*time.Second), "429"); err != nil {
		t.Fatal(err)
	}
	due, _ = s.DueMessages(ctx, t0, 10)
	if len(due) != 0 {
		t.Errorf("nothing should be due right after: %+v", due)
	}
	due, _ = s.DueMessages(ctx, t0.Add(2*time.Hour), 10)
	if len(due) != 2 || due[0].Attempts != 1 || due[0].LastError != "429" {
		t.Fatalf("due later = %+v", due)
	}
	if err := s.MarkFailed(ctx, due[0].ID, "gave up"); err != nil {
		t.Fatal(err)
	}
	if n, _ := s.OutboxDepth(ctx); n != 1 {
		t.Errorf("OutboxDepth after send and failure = %d, want 1", n)
	}
}

func testMoveSubscriber(t *testing.T, s store.Store) {
	ctx := context.Background()
	if err := s.SaveSubscriber(ctx, store.Subscriber{ChatID: -10, Kind: "group", Topics: []string{"nato"}, TimeZone: "UTC", Language: "fr", Active: true}); err != nil {
		t.Fatal(err)
	}
	if err := s.Enqueue(ctx, []store.OutMessage{{Key: "k", ChatID: -10, Text: "hi", Created: t0}}); err != nil {
		t.Fatal(err)
	}
	if err := s.MoveSubscriber(ctx, -10, -10); err != nil { // a move to itself changes nothing
		t.Fatal(err)
	}
	if _, ok, _ := s.Subscriber(ctx, -10); !ok {
		t.Fatal("moving a chat to itself lost it")
	}
	if err := s.MoveSubscriber(ctx, -10, -1009); err != nil {
		t.Fatal(err)
	}
	sub, ok, _ := s.Subscriber(ctx, -1009)
	if !ok || sub.Kind != "supergroup" || len(sub.Topics) != 1 || sub.Language != "fr" {
		t.Errorf("moved subscriber = %+v, %v", sub, ok)
	}
	if _, ok, _ := s.Subscriber(ctx, -10); ok {
		t.Error("old chat still subscribed")
	}
	due, _ := s.DueMessages(ctx, t0, 10)
	if len(due) != 1 || due[0].ChatID != -1009 {
		t.Errorf("pending message not moved: %+v", due)
	}
}

func testPrune(t *testing.T, s store.Store) {
	ctx := context.Background()
	old, recent := article("old", "https://a.example/old", t0.Add(-48*time.Hour)), article("new", "https://a.example/new", t0)
	if _, err := s.SaveArticles(ctx, []news.Article{old, recent}); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveAssignments(ctx, []store.Assignment{{ArticleID: "old", ThreadID: "old"}, {ArticleID: "new", ThreadID: "new"}}); err != nil {
		t.Fatal(err)
	}
	n, err := s.Prune(ctx, t0.Add(-24*time.Hour))
	if err != nil || n != 1 {
		t.Fatalf("Prune = %d, %v; want 1", n, err)
	}
	left, _ := s.Articles(ctx, time.Time{}, time.Time{})
	as, _ := s.Assignments(ctx, []string{"old", "new"})
	if len(left) != 1 || left[0].ID != "new" || len(as) != 1 || as[0].ArticleID != "new" {
		t.Errorf("after prune: articles %v, assignments %v", left, as)
	}
	// A pruned article may come back from its feed and is stored again.
	if n, _ := s.SaveArticles(ctx, []news.Article{old}); n != 1 {
		t.Errorf("re-saving a pruned article added %d", n)
	}
}

func keysOf(msgs []store.OutMessage) string {
	var k []string
	for _, m := range msgs {
		k = append(k, m.Key)
	}
	return fmt.Sprint(k)
}

func testClaimDue(t *testing.T, s store.Store) {
	ctx := context.Background()
	var msgs []store.OutMessage
	for _, chat := range []int64{1, 2} {
		for i := range 2 {
			msgs = append(msgs, store.OutMessage{Key: fmt.Sprintf("m:%d:%d", chat, i), ChatID: chat, Text: "x", Created: t0})
		}
	}
	if err := s.Enqueue(ctx, msgs); err != nil {
		t.Fatal(err)
	}
	lease := time.Minute
	got, err := s.ClaimDue(ctx, "one", t0, lease, 1) // one message's chat: chat 1
	if err != nil || keysOf(got) != "[m:1:0]" {
		t.Fatalf("first claim = %v, %v; want [m:1:0]", keysOf(got), err)
	}
	got, _ = s.ClaimDue(ctx, "two", t0, lease, 10) // chat 1 is leased to one
	if keysOf(got) != "[m:2:0 m:2:1]" {
		t.Errorf("second owner got %v, want chat 2's messages only", keysOf(got))
	}
	got, _ = s.ClaimDue(ctx, "one", t0.Add(time.Second), lease, 10) // renewal; chat 2 is two's
	if keysOf(got) != "[m:1:0 m:1:1]" {
		t.Errorf("owner renewing got %v, want chat 1's messages", keysOf(got))
	}
	if err := s.ReleaseChats(ctx, "two"); err != nil {
		t.Fatal(err)
	}
	got, _ = s.ClaimDue(ctx, "four", t0.Add(time.Second), lease, 10) // two let go of chat 2
	if keysOf(got) != "[m:2:0 m:2:1]" {
		t.Errorf("after a release a new owner got %v, want chat 2's messages", keysOf(got))
	}
	got, _ = s.ClaimDue(ctx, "three", t0.Add(2*lease), lease, 10) // every lease expired
	if keysOf(got) != "[m:1:0 m:1:1 m:2:0 m:2:1]" {
		t.Errorf("after the leases expired a new owner got %v", keysOf(got))
	}
}

func testClaimFeeds(t *testing.T, s store.Store) {
	ctx := context.Background()
	lease := time.Minute
	got, err := s.ClaimFeeds(ctx, "one", []string{"a", "b"}, t0, lease)
	if err != nil || fmt.Sprint(got) != "[a b]" {
		t.Fatalf("first claim = %v, %v; want both new feeds", got, err)
	}
	if got, _ := s.ClaimFeeds(ctx, "two", []string{"a", "b"}, t0, lease); len(got) != 0 {
		t.Errorf("claimed feeds taken by a second owner: %v", got)
	}
	// Polling a records its next poll and frees it.
	if err := s.SaveFeedState(ctx, news.FeedState{FeedID: "a", LastPoll: t0, NextPoll: t0.Add(15 * time.Minute)}); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.ClaimFeeds(ctx, "two", []string{"a", "b"}, t0.Add(time.Minute-time.Second), lease); len(got) != 0 {
		t.Errorf("a is not due and b is leased, yet %v was claimed", got)
	}
	got, _ = s.ClaimFeeds(ctx, "two", []string{"a", "b"}, t0.Add(2*time.Minute), lease)
	if fmt.Sprint(got) != "[b]" {
		t.Errorf("after one's lease expired two got %v, want [b]", got)
	}
	got, _ = s.ClaimFeeds(ctx, "two", []string{"a"}, t0.Add(16*time.Minute), lease)
	if fmt.Sprint(got) != "[a]" {
		t.Errorf("a is due again, claim got %v", got)
	}
	states, _ := s.FeedStates(ctx)
	if states["a"].NextPoll != t0.Add(15*time.Minute) {
		t.Errorf("claiming changed the feed's state: %+v", states["a"])
	}
	// A shutdown releases what its owner still holds, and only that.
	if got, _ := s.ClaimFeeds(ctx, "three", []string{"c", "d"}, t0.Add(16*time.Minute), lease); fmt.Sprint(got) != "[c d]" {
		t.Fatalf("claim of new feeds = %v", got)
	}
	if err := s.ReleaseFeeds(ctx, "three"); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.ClaimFeeds(ctx, "four", []string{"a", "c", "d"}, t0.Add(16*time.Minute), lease); fmt.Sprint(got) != "[c d]" {
		t.Errorf("after three released its leases four got %v, want [c d] (a stays two's)", got)
	}
}

func testDigestRunOnce(t *testing.T, s store.Store) {
	ctx := context.Background()
	if err := s.SaveSubscriber(ctx, store.Subscriber{ChatID: 9, Kind: "private", TimeZone: "UTC", Active: true}); err != nil {
		t.Fatal(err)
	}
	run := func(parts int) []store.OutMessage {
		var m []store.OutMessage
		for i := range parts {
			m = append(m, store.OutMessage{Key: fmt.Sprintf("digest:9:100:%d", i), ChatID: 9, Text: "part", Created: t0})
		}
		return m
	}
	// Two instances compose the same run; the second's longer digest adds nothing.
	if err := s.EnqueueDigest(ctx, 9, t0, run(1)); err != nil {
		t.Fatal(err)
	}
	if err := s.EnqueueDigest(ctx, 9, t0, run(2)); err != nil {
		t.Fatal(err)
	}
	if n, _ := s.OutboxDepth(ctx); n != 1 {
		t.Errorf("outbox holds %d messages, want the first run's 1", n)
	}
}

func testLease(t *testing.T, s store.Store) {
	ctx := context.Background()
	lease := 30 * time.Second
	claim := func(owner string, at time.Time) bool {
		t.Helper()
		ok, err := s.ClaimLease(ctx, "poller", owner, at, lease)
		if err != nil {
			t.Fatal(err)
		}
		return ok
	}
	if !claim("one", t0) || claim("two", t0) || !claim("one", t0.Add(10*time.Second)) {
		t.Fatal("one should hold the lease and renew it; two should not get it")
	}
	if claim("two", t0.Add(35*time.Second)) {
		t.Error("two took a lease that one renewed at +10s")
	}
	if !claim("two", t0.Add(41*time.Second)) {
		t.Error("two could not take an expired lease")
	}
	if err := s.ReleaseLease(ctx, "poller", "two"); err != nil {
		t.Fatal(err)
	}
	if !claim("three", t0.Add(42*time.Second)) {
		t.Error("a released lease was not free")
	}
}
