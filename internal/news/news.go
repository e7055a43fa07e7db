// Package news holds the vocabulary types shared by every stage of the
// pipeline: feeds and their polling state, articles, stories and digests.
// It has no dependencies so that any package may import it.
package news // import "github.com/newsdigest/newsdigest/internal/news"

import (
	"slices"
	"time"
)

// Article is one normalised feed item.
type Article struct {
	ID        string    // stable: GUID, else canonical URL, else content hash
	FeedID    string    // the config name of the feed it came from
	Outlet    string    // publisher shown to readers
	Language  string    // ISO 639-1, e.g. "en"
	URL       string    // canonical URL (tracking parameters removed)
	Title     string    // plain text
	Text      string    // plain text body, paragraphs separated by "\n"
	Published time.Time // UTC; fetch time when the feed gave none
	Fetched   time.Time // UTC

	// Teaser is the feed's own text when Text came from the article's
	// page (TextSource "page"); "" when Text is the feed's.
	Teaser string
	// TextSource says where Text came from: TextFromFeed ("") or
	// TextFromPage.
	TextSource string
	// WantPage is set by the poller before saving: the feed's text is a
	// teaser, so the article's page should be fetched. It is not stored:
	// saving a new article with WantPage (and a URL) queues a page job in
	// the same transaction; an article already stored never queues again.
	WantPage bool

	// Copies are near-identical reprints of this article (wire copies, or
	// its own outlet publishing it twice), folded into it when a story is
	// built: every article of a story is either listed or a copy.
	Copies []Copy
}

// Reprints are the copies by other outlets, one per outlet: the outlets
// that also published the article.
func (a Article) Reprints() []Copy {
	var out []Copy
	for _, c := range a.Copies {
		if c.Outlet != a.Outlet && !slices.ContainsFunc(out, func(o Copy) bool { return o.Outlet == c.Outlet }) {
			out = append(out, c)
		}
	}
	return out
}

// Where an article's Text came from (Article.TextSource).
const (
	TextFromFeed = ""     // the feed item's own text
	TextFromPage = "page" // extracted from the page the item links to
)

// PageJob is an article whose page a page worker is to fetch: leased to
// the worker by the store (ClaimPages) until it records a PageResult.
type PageJob struct {
	ArticleID string
	FeedID    string
	URL       string
	Title     string
	Language  string // the article's, ISO 639-1; "" when unknown
	Teaser    string // the article's text as the feed gave it
	Attempts  int    // tries recorded so far
}

// PageResult is what a page worker records for a job (SavePages).
type PageResult struct {
	ArticleID string
	// Text replaces the article's text, the feed's text becoming its
	// Teaser; "" keeps the feed's text.
	Text      string
	Status    string    // one of the Page* states
	Attempts  int       // tries so far, this one included
	NextTry   time.Time // when a PageRetry job is due again
	LastError string    // why the page failed or its text was not used
	At        time.Time // when this attempt was made
}

// The states of a page job. Only pending and retry jobs are ever claimed;
// the others are final.
const (
	PagePending = "pending" // queued, not tried yet
	PageRetry   = "retry"   // a transient failure; due again at NextTry
	PageOK      = "ok"      // the page's text is the article's text
	PageKept    = "kept"    // the teaser was kept: no better text on the page (paywall, JavaScript-only, another article…)
	PageFailed  = "failed"  // failed for good (404, not HTML, too many retries…)
	PageRobots  = "robots"  // robots.txt disallows fetching it
)

// Copy is a reprint of an article.
type Copy struct {
	ArticleID string
	Outlet    string
	URL       string
}

// FeedState is what the poller remembers about a feed between polls.
type FeedState struct {
	FeedID       string
	ETag         string
	LastModified string
	LastPoll     time.Time // zero if never polled
	LastSuccess  time.Time
	NextPoll     time.Time
	Failures     int    // consecutive failures; 0 when healthy
	LastError    string // "" when healthy
}

// Quote is a direct quote shown on a story card.
type Quote struct {
	Text    string   `json:"text"`
	Speaker string   `json:"speaker,omitempty"`
	Role    string   `json:"role,omitempty"`
	Outlets []string `json:"outlets,omitempty"`
	Excerpt string   `json:"excerpt,omitempty"` // the key sentence or two for a card; "…" marks text left out
	Lang    string   `json:"lang,omitempty"`    // ISO 639-1 of the article it was quoted in; "" for English
}

// Event is what many outlets report at once: one speech, one press
// conference. Its ID is the ID of its first article, so it stays stable as
// coverage grows.
type Event struct {
	ID       string
	Articles []Article // oldest first
	Lead     int       // index in Articles of the most central article
	First    time.Time
	Last     time.Time
}

// Story is a storyline: related events over days or weeks, newest last.
// A digest card shows a story: its newest event in full, earlier ones as a
// line each.
type Story struct {
	ID       string
	Headline string
	Summary  string
	Events   []Event
	Quotes   []Quote
	Topics   []string // ids of matching configured topics
}

// Latest returns the story's newest event.
func (s *Story) Latest() *Event { return &s.Events[len(s.Events)-1] }

// Articles returns every article of the story, event by event.
func (s *Story) Articles() []Article {
	var all []Article
	for _, e := range s.Events {
		all = append(all, e.Articles...)
	}
	return all
}

// Outlets returns the distinct outlets covering the story in order of
// first appearance.
func (s *Story) Outlets() []string {
	seen := map[string]bool{}
	var out []string
	add := func(o string) {
		if !seen[o] {
			seen[o] = true
			out = append(out, o)
		}
	}
	for _, a := range s.Articles() {
		add(a.Outlet)
		for _, c := range a.Copies {
			add(c.Outlet)
		}
	}
	return out
}

// Digest is what one subscriber is sent at one time.
type Digest struct {
	Title   string
	From    time.Time // the window the stories were selected from
	Until   time.Time
	Stories []Story
}
