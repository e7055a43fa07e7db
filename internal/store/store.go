// Package store defines what the pipeline persists: feed polling state,
// articles, and the grouping of articles into events and storylines.
// Implementations live in sub-packages (sqlite; postgres for scale-out) and
// all pass the conformance suite in storetest.
package store // import "github.com/newsdigest/newsdigest/internal/store"

import (
	"context"
	"errors"
	"time"

	"github.com/newsdigest/newsdigest/internal/news"
)

// ErrClosed is returned by a store after Close.
var ErrClosed = errors.New("store: closed")

// Assignment records the thread an article joined when it arrived: the
// first, online level of grouping, kept so that IDs stay stable as coverage
// grows. Seq orders assignments so grouping can be replayed exactly. Events
// (merged threads) and storylines are derived from threads on every run.
type Assignment struct {
	ArticleID string
	ThreadID  string
	Seq       int64 // set by the store on save
}

// Store persists the pipeline's state. Every method is safe for concurrent use.
type Store interface {
	// FeedStates returns the polling state of every feed seen so far.
	FeedStates(ctx context.Context) (map[string]news.FeedState, error)
	// SaveFeedState inserts or replaces one feed's state, releasing its lease.
	SaveFeedState(ctx context.Context, st news.FeedState) error
	// ClaimFeeds leases to owner, until now+lease, the feeds among ids that
	// are due (never polled, or next poll at or before now) and not leased
	// by another owner, and returns their IDs: each feed is polled by one
	// instance at a time.
	ClaimFeeds(ctx context.Context, owner string, ids []string, now time.Time, lease time.Duration) ([]string, error)
	// ReleaseFeeds drops owner's feed leases (a poll cut short by a
	// shutdown), so the next instance polls those feeds at once.
	ReleaseFeeds(ctx context.Context, owner string) error

	// SaveArticles stores new articles, skipping any whose ID or non-empty
	// URL is already stored, and returns how many were added. Teaser and
	// TextSource are stored as given. For each article it adds that has
	// WantPage and a URL it queues a page job in the same transaction
	// (status news.PagePending, due at the article's Fetched time), so a
	// page is asked for once: an article already stored queues nothing.
	SaveArticles(ctx context.Context, articles []news.Article) (int, error)
	// Articles returns the articles published in [from, to), oldest first;
	// a zero to means no end. WantPage is always false.
	Articles(ctx context.Context, from, to time.Time) ([]news.Article, error)
	// ArticleTexts returns the texts (Article.Text: the page's when one was
	// used) of the given articles by ID (those it has), for showing stories
	// whose grouping kept no texts.
	ArticleTexts(ctx context.Context, ids []string) (map[string]string, error)
	// NewestPublished returns the publication time of the newest article,
	// or the zero time when there is none.
	NewestPublished(ctx context.Context) (time.Time, error)

	// Assignments returns the saved groupings of the given articles, in the
	// order they were made.
	Assignments(ctx context.Context, articleIDs []string) ([]Assignment, error)
	// SaveAssignments records new groupings; an article already assigned
	// keeps its first assignment.
	SaveAssignments(ctx context.Context, as []Assignment) error

	// SaveSubscriber inserts or replaces a subscriber.
	SaveSubscriber(ctx context.Context, sub Subscriber) error
	// Subscriber returns one subscriber; ok is false when there is none.
	Subscriber(ctx context.Context, chatID int64) (sub Subscriber, ok bool, err error)
	// Subscribers returns every subscriber, active or not, by chat ID.
	Subscribers(ctx context.Context) ([]Subscriber, error)
	// DeleteSubscriber forgets a chat and its pending messages.
	DeleteSubscriber(ctx context.Context, chatID int64) error
	// SetActive turns delivery to a chat off (blocked, kicked) or back on.
	SetActive(ctx context.Context, chatID int64, active bool) error
	// MoveSubscriber follows a group that became a supergroup: the
	// subscriber and its pending messages move to the new chat ID.
	MoveSubscriber(ctx context.Context, from, to int64) error

	// EnqueueDigest records a digest run for a chat in one transaction: its
	// messages join the outbox (a key already there is skipped, so a run is
	// enqueued once) and the subscriber's last digest time becomes at.
	EnqueueDigest(ctx context.Context, chatID int64, at time.Time, msgs []OutMessage) error
	// Enqueue adds messages that belong to no digest run (replies).
	Enqueue(ctx context.Context, msgs []OutMessage) error
	// DueMessages returns pending messages whose next attempt is due, oldest
	// first, without claiming them.
	DueMessages(ctx context.Context, now time.Time, limit int) ([]OutMessage, error)
	// ClaimDue is DueMessages for a sender among several: it leases to
	// owner, until now+lease, each chat with due messages that no other
	// owner holds a live lease on, and returns up to limit of those chats'
	// due messages, oldest first. One chat is served by one sender at a
	// time (order and per-chat rate hold), and a crashed sender's chats
	// come free when its leases expire.
	ClaimDue(ctx context.Context, owner string, now time.Time, lease time.Duration, limit int) ([]OutMessage, error)
	// ReleaseChats drops owner's chat leases (a clean shutdown).
	ReleaseChats(ctx context.Context, owner string) error
	// ClaimLease takes or renews the named lease for owner until
	// now+lease, and reports whether owner holds it: the way several
	// instances elect one to do what only one may (long polling). Release
	// gives it up.
	ClaimLease(ctx context.Context, name, owner string, now time.Time, lease time.Duration) (bool, error)
	ReleaseLease(ctx context.Context, name, owner string) error
	MarkSent(ctx context.Context, id int64, at time.Time) error
	// MarkRetry counts a failed attempt and schedules the next.
	MarkRetry(ctx context.Context, id int64, next time.Time, errText string) error
	// MarkFailed gives up on a message.
	MarkFailed(ctx context.Context, id int64, errText string) error
	// OutboxDepth counts pending messages.
	OutboxDepth(ctx context.Context) (int, error)

	// ClaimPages leases to owner, until now+lease, up to limit page jobs
	// that are due (news.PagePending or news.PageRetry, next try at or
	// before now) and not leased, owner's own leases included, so that a
	// stage can claim more while it works on what it holds. It takes the
	// feeds in turn — each feed's oldest (next try) job, then each feed's
	// second, and so on — since a feed's pages are mostly on one host, and
	// returns the jobs in that order with the article's title, language
	// and feed text (Teaser). Each job is worked on by one instance at a
	// time, and a crashed instance's jobs come free when its leases expire.
	ClaimPages(ctx context.Context, owner string, now time.Time, lease time.Duration, limit int) ([]news.PageJob, error)
	// SavePages records the outcomes of claimed jobs in one transaction:
	// each job's status, attempts, next try, last error and time (r.At),
	// releasing its lease; and, when r.Text is not empty and the article's
	// text is still the feed's, the article's text becomes its Teaser,
	// r.Text its Text and news.TextFromPage its TextSource. A job that is
	// gone (pruned) or already final (a late result from a worker whose
	// lease ran out) is left as it is, and so is its article.
	SavePages(ctx context.Context, rs []news.PageResult) error
	// ReleasePages drops owner's page leases (a clean shutdown), so that
	// another instance may take those jobs at once.
	ReleasePages(ctx context.Context, owner string) error
	// PageCounts counts the page jobs last queued or tried at or after
	// since, by feed and then by status (news.Page*).
	PageCounts(ctx context.Context, since time.Time) (map[string]map[string]int, error)
	// Pages returns the page jobs of the given articles (those that have
	// one), by article ID, for export.
	Pages(ctx context.Context, articleIDs []string) ([]Page, error)
	// RestorePages stores page jobs as they are (an import), unleased. A
	// job whose article is not stored, or whose article already has a job,
	// is skipped, so restoring twice changes nothing.
	RestorePages(ctx context.Context, pages []Page) error

	// Prune deletes articles published before the cutoff, with their
	// groupings and page jobs, and outbox messages settled (sent or failed) before it,
	// and returns how many articles went. It keeps the store bounded.
	Prune(ctx context.Context, before time.Time) (int, error)

	// Ping reports whether the store is reachable.
	Ping(ctx context.Context) error
	Close() error
}

// Page is the state of an article's page job (see news.PageJob), as
// export and import carry it; leases are not part of it.
type Page struct {
	ArticleID string
	FeedID    string
	URL       string
	Status    string // news.PagePending, news.PageRetry, news.PageOK, …
	Attempts  int
	NextTry   time.Time // when a pending or retry job is due
	Updated   time.Time // when it was queued or last tried
	LastError string
}

// Subscriber is a chat that receives digests: a private chat, a group, a
// supergroup (optionally one forum topic) or a channel.
type Subscriber struct {
	ChatID     int64
	ThreadID   int    // forum topic; 0 for none
	Kind       string // private, group, supergroup, channel
	Title      string
	Topics     []string // followed topic ids
	Keywords   []string // followed free keyword phrases
	Schedule   string   // 5-field cron spec, built from validated fields
	TimeZone   string   // IANA zone
	Language   string   // an i18n code; "" until known: replies follow the sender's Telegram app
	Active     bool     // false once the chat blocked or removed the bot
	LastDigest time.Time
	Created    time.Time
}

// OutMessage is a message in the outbox: written before it is sent, marked
// sent after, so a crash loses nothing and re-sends at most the message
// that was in flight.
type OutMessage struct {
	ID          int64
	Key         string // unique: chat, digest run, part
	ChatID      int64
	ThreadID    int
	Text        string
	HTML        bool
	Markup      string // reply markup as JSON, "" for none
	Status      string // pending, sent, failed
	Attempts    int
	NextAttempt time.Time
	LastError   string
	Created     time.Time
	Sent        time.Time
}

// Outbox message states.
const (
	StatusPending = "pending"
	StatusSent    = "sent"
	StatusFailed  = "failed"
)
