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
	// SaveFeedState inserts or replaces one feed's state.
	SaveFeedState(ctx context.Context, st news.FeedState) error

	// SaveArticles stores new articles, skipping any whose ID or non-empty
	// URL is already stored, and returns how many were added.
	SaveArticles(ctx context.Context, articles []news.Article) (int, error)
	// Articles returns the articles published at or after since, oldest first.
	Articles(ctx context.Context, since time.Time) ([]news.Article, error)
	// NewestPublished returns the publication time of the newest article,
	// or the zero time when there is none.
	NewestPublished(ctx context.Context) (time.Time, error)

	// Assignments returns the saved groupings of the given articles, in the
	// order they were made.
	Assignments(ctx context.Context, articleIDs []string) ([]Assignment, error)
	// SaveAssignments records new groupings; an article already assigned
	// keeps its first assignment.
	SaveAssignments(ctx context.Context, as []Assignment) error

	// Ping reports whether the store is reachable.
	Ping(ctx context.Context) error
	Close() error
}
