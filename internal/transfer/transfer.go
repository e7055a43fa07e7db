// Package transfer moves a deployment's state between stores as JSON
// lines: Export writes everything a store.Store holds, Import replays such
// a file into another (empty or not) store. Both go through the Store
// interface only, so any implementation can be the source or the target,
// e.g. an SQLite file moved to PostgreSQL.
//
// # Format
//
// One JSON object per line, each with a "kind":
//
//	{"kind":"feed_state","feed_id":"kyiv-ledger","etag":"\"v1\"","last_poll":"2025-02-13T18:27:00Z",...}
//	{"kind":"article","id":"3f1c…","feed_id":"kyiv-ledger","outlet":"Kyiv Ledger","title":"…","text":"…","published":"…","fetched":"…"}
//	{"kind":"assignment","seq":1,"article_id":"3f1c…","thread_id":"3f1c…"}
//	{"kind":"page","article_id":"3f1c…","feed_id":"kyiv-ledger","url":"https://…","status":"ok","attempts":1,"updated":"…"}
//	{"kind":"subscriber","chat_id":42,"chat_kind":"private","topics":["nato"],"timezone":"Europe/Kyiv","language":"uk","active":true,...}
//	{"kind":"outbox","id":7,"key":"reply:42:9:0","chat_id":42,"text":"…","html":true,"status":"pending",...}
//
// Times are RFC 3339 in UTC with up to nanoseconds; a zero time ("never")
// is left out. Export writes the kinds in that order: feed states by feed
// ID, articles oldest first, assignments in the order they were made
// (seq), page jobs by article ID, subscribers by chat ID, outbox messages
// by ID. Import replays a file in its own order, so the order of
// assignments is kept.
//
// An article whose text came from its page has "text_source":"page" and
// the feed's text as "teaser"; a page line is the state of an article's
// page job (see news.PageJob), leases left out. Files written before
// article pages existed have neither and import as they did.
//
// # Import
//
// Import first reads the whole file and checks every line (valid JSON, a
// known kind, no unknown fields, the identifying fields present); a bad
// line fails the import with its line number before anything is written.
// It then writes in batches, each through the Store method that keeps a
// replay harmless, so importing a file twice changes nothing:
//
//   - articles: SaveArticles, which skips IDs and URLs already stored;
//   - assignments: SaveAssignments in file order; an article already
//     assigned keeps its assignment;
//   - page jobs: RestorePages, unleased; a job whose article the target
//     does not have, or whose article has a job already, is skipped (a
//     pending job whose article was not stored anew therefore never
//     reaches a worker twice);
//   - subscribers: SaveSubscriber, which inserts or replaces (the file
//     wins over what the target had for the same chat);
//   - outbox messages: Enqueue, which skips keys already queued;
//   - feed states: SaveFeedState, insert or replace (the file wins).
//
// Only pending outbox messages are carried over, as pending: their key,
// chat, text, markup, creation time and next attempt are kept, their
// attempt count and last error start afresh (Enqueue cannot write them).
// Sent and failed messages are history the store prunes anyway, and the
// Store interface has no way to read them, so Export leaves them out; a
// file that has some (hand-made, or from another tool) imports with them
// skipped and counted. Seq and ID values in the file are informative: the
// target assigns its own, in the same order.
//
// If the target fails half-way (the database goes away), what was written
// stays; running the same import again completes it.
package transfer // import "github.com/newsdigest/newsdigest/internal/transfer"

import (
	"fmt"
	"time"

	"github.com/newsdigest/newsdigest/internal/news"
	"github.com/newsdigest/newsdigest/internal/store"
)

// The kinds of line.
const (
	KindFeedState  = "feed_state"
	KindArticle    = "article"
	KindAssignment = "assignment"
	KindPage       = "page"
	KindSubscriber = "subscriber"
	KindOutbox     = "outbox"
)

// Counts says how many records of each kind were written or read.
type Counts struct {
	FeedStates  int
	Articles    int
	Assignments int
	Pages       int // article page jobs
	Subscribers int
	Outbox      int // pending outbox messages
}

// Total is the number of records.
func (c Counts) Total() int {
	return c.FeedStates + c.Articles + c.Assignments + c.Pages + c.Subscribers + c.Outbox
}

// String lists the counts; page jobs only when there are some, so that a
// deployment without article pages reads as before.
func (c Counts) String() string {
	return fmt.Sprintf("%s, %s, %s, %s%s, %s",
		plural(c.FeedStates, "feed state"), plural(c.Articles, "article"), plural(c.Assignments, "assignment"),
		pagesPart(c.Pages), plural(c.Subscribers, "subscriber"), plural(c.Outbox, "pending outbox message"))
}

// pagesPart is "n article pages, " or, for none, "".
func pagesPart(n int) string {
	if n == 0 {
		return ""
	}
	return plural(n, "article page") + ", "
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}

// The records, one per kind, as they appear on a line.

type feedStateRecord struct {
	Kind         string    `json:"kind"`
	FeedID       string    `json:"feed_id"`
	ETag         string    `json:"etag,omitempty"`
	LastModified string    `json:"last_modified,omitempty"`
	LastPoll     time.Time `json:"last_poll,omitzero"`
	LastSuccess  time.Time `json:"last_success,omitzero"`
	NextPoll     time.Time `json:"next_poll,omitzero"`
	Failures     int       `json:"failures,omitempty"`
	LastError    string    `json:"last_error,omitempty"`
}

type articleRecord struct {
	Kind       string    `json:"kind"`
	ID         string    `json:"id"`
	FeedID     string    `json:"feed_id"`
	Outlet     string    `json:"outlet"`
	Language   string    `json:"language,omitempty"`
	URL        string    `json:"url,omitempty"`
	Title      string    `json:"title"`
	Text       string    `json:"text"`
	Teaser     string    `json:"teaser,omitempty"`      // the feed's text when text came from the page
	TextSource string    `json:"text_source,omitempty"` // "" (the feed) or "page"
	Published  time.Time `json:"published,omitzero"`
	Fetched    time.Time `json:"fetched,omitzero"`
}

type assignmentRecord struct {
	Kind      string `json:"kind"`
	Seq       int64  `json:"seq,omitempty"` // informative: the target numbers its own
	ArticleID string `json:"article_id"`
	ThreadID  string `json:"thread_id"`
}

type pageRecord struct {
	Kind      string    `json:"kind"`
	ArticleID string    `json:"article_id"`
	FeedID    string    `json:"feed_id"`
	URL       string    `json:"url"`
	Status    string    `json:"status"`
	Attempts  int       `json:"attempts,omitempty"`
	NextTry   time.Time `json:"next_try,omitzero"`
	Updated   time.Time `json:"updated,omitzero"`
	LastError string    `json:"last_error,omitempty"`
}

type subscriberRecord struct {
	Kind       string    `json:"kind"`
	ChatID     int64     `json:"chat_id"`
	ThreadID   int       `json:"thread_id,omitempty"`
	ChatKind   string    `json:"chat_kind,omitempty"` // Subscriber.Kind: private, group, supergroup, channel
	Title      string    `json:"title,omitempty"`
	Topics     []string  `json:"topics,omitempty"`
	Keywords   []string  `json:"keywords,omitempty"`
	Schedule   string    `json:"schedule,omitempty"`
	TimeZone   string    `json:"timezone,omitempty"`
	Language   string    `json:"language,omitempty"` // "" (none chosen) in exports from before it existed
	Active     bool      `json:"active"`
	LastDigest time.Time `json:"last_digest,omitzero"`
	Created    time.Time `json:"created,omitzero"`
}

type outboxRecord struct {
	Kind        string    `json:"kind"`
	ID          int64     `json:"id,omitempty"` // informative: the target numbers its own
	Key         string    `json:"key"`
	ChatID      int64     `json:"chat_id"`
	ThreadID    int       `json:"thread_id,omitempty"`
	Text        string    `json:"text"`
	HTML        bool      `json:"html"`
	Markup      string    `json:"markup,omitempty"`
	Status      string    `json:"status"`
	Attempts    int       `json:"attempts,omitempty"` // not imported: starts afresh
	NextAttempt time.Time `json:"next_attempt,omitzero"`
	LastError   string    `json:"last_error,omitempty"` // not imported
	Created     time.Time `json:"created,omitzero"`
	Sent        time.Time `json:"sent,omitzero"`
}

// utc keeps the zero time zero and puts every other time in UTC.
func utc(t time.Time) time.Time {
	if t.IsZero() {
		return time.Time{}
	}
	return t.UTC()
}

func fromFeedState(st news.FeedState) feedStateRecord {
	return feedStateRecord{Kind: KindFeedState, FeedID: st.FeedID, ETag: st.ETag, LastModified: st.LastModified,
		LastPoll: utc(st.LastPoll), LastSuccess: utc(st.LastSuccess), NextPoll: utc(st.NextPoll),
		Failures: st.Failures, LastError: st.LastError}
}

func (r feedStateRecord) feedState() news.FeedState {
	return news.FeedState{FeedID: r.FeedID, ETag: r.ETag, LastModified: r.LastModified,
		LastPoll: utc(r.LastPoll), LastSuccess: utc(r.LastSuccess), NextPoll: utc(r.NextPoll),
		Failures: r.Failures, LastError: r.LastError}
}

func fromArticle(a news.Article) articleRecord {
	return articleRecord{Kind: KindArticle, ID: a.ID, FeedID: a.FeedID, Outlet: a.Outlet, Language: a.Language,
		URL: a.URL, Title: a.Title, Text: a.Text, Teaser: a.Teaser, TextSource: a.TextSource,
		Published: utc(a.Published), Fetched: utc(a.Fetched)}
}

// article is the article to save; its page job, if any, comes on a page
// line (WantPage stays false).
func (r articleRecord) article() news.Article {
	return news.Article{ID: r.ID, FeedID: r.FeedID, Outlet: r.Outlet, Language: r.Language, URL: r.URL,
		Title: r.Title, Text: r.Text, Teaser: r.Teaser, TextSource: r.TextSource,
		Published: utc(r.Published), Fetched: utc(r.Fetched)}
}

func fromPage(p store.Page) pageRecord {
	return pageRecord{Kind: KindPage, ArticleID: p.ArticleID, FeedID: p.FeedID, URL: p.URL, Status: p.Status,
		Attempts: p.Attempts, NextTry: utc(p.NextTry), Updated: utc(p.Updated), LastError: p.LastError}
}

func (r pageRecord) page() store.Page {
	return store.Page{ArticleID: r.ArticleID, FeedID: r.FeedID, URL: r.URL, Status: r.Status,
		Attempts: r.Attempts, NextTry: utc(r.NextTry), Updated: utc(r.Updated), LastError: r.LastError}
}

func fromAssignment(a store.Assignment) assignmentRecord {
	return assignmentRecord{Kind: KindAssignment, Seq: a.Seq, ArticleID: a.ArticleID, ThreadID: a.ThreadID}
}

func (r assignmentRecord) assignment() store.Assignment {
	return store.Assignment{ArticleID: r.ArticleID, ThreadID: r.ThreadID}
}

func fromSubscriber(s store.Subscriber) subscriberRecord {
	return subscriberRecord{Kind: KindSubscriber, ChatID: s.ChatID, ThreadID: s.ThreadID, ChatKind: s.Kind, Title: s.Title,
		Topics: s.Topics, Keywords: s.Keywords, Schedule: s.Schedule, TimeZone: s.TimeZone, Language: s.Language, Active: s.Active,
		LastDigest: utc(s.LastDigest), Created: utc(s.Created)}
}

func (r subscriberRecord) subscriber() store.Subscriber {
	return store.Subscriber{ChatID: r.ChatID, ThreadID: r.ThreadID, Kind: r.ChatKind, Title: r.Title,
		Topics: r.Topics, Keywords: r.Keywords, Schedule: r.Schedule, TimeZone: r.TimeZone, Language: r.Language, Active: r.Active,
		LastDigest: utc(r.LastDigest), Created: utc(r.Created)}
}

func fromOutMessage(m store.OutMessage) outboxRecord {
	return outboxRecord{Kind: KindOutbox, ID: m.ID, Key: m.Key, ChatID: m.ChatID, ThreadID: m.ThreadID, Text: m.Text,
		HTML: m.HTML, Markup: m.Markup, Status: m.Status, Attempts: m.Attempts, NextAttempt: utc(m.NextAttempt),
		LastError: m.LastError, Created: utc(m.Created), Sent: utc(m.Sent)}
}

// outMessage is the message to enqueue: what Enqueue writes.
func (r outboxRecord) outMessage() store.OutMessage {
	return store.OutMessage{Key: r.Key, ChatID: r.ChatID, ThreadID: r.ThreadID, Text: r.Text, HTML: r.HTML,
		Markup: r.Markup, NextAttempt: utc(r.NextAttempt), Created: utc(r.Created)}
}
