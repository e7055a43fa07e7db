package app

import (
	"context"
	"sync"
	"time"

	"github.com/newsdigest/newsdigest/internal/config"
	"github.com/newsdigest/newsdigest/internal/digest"
	"github.com/newsdigest/newsdigest/internal/news"
	"github.com/newsdigest/newsdigest/internal/search"
	"github.com/newsdigest/newsdigest/internal/store"
)

// snapshot is one grouping of the stored stories, with the search index
// over it built on the first question and the stories filled for display
// so far.
type snapshot struct {
	stories []news.Story
	until   time.Time // the end of the window it was built for
	built   time.Time
	once    sync.Once
	index   *search.Index
	filled  digest.Filled
}

// Index returns the search index of the snapshot's stories.
func (s *snapshot) Index() *search.Index {
	s.once.Do(func() { s.index = digest.Index(s.stories, s.until) })
	return s.index
}

// storyCache keeps the latest snapshot so that a burst of digests at 08:00
// groups once, not once per subscriber. Polling that adds articles
// invalidates it.
type storyCache struct {
	mu   sync.Mutex
	snap *snapshot
}

// cacheFor is how long a grouping is reused when nothing invalidates it.
const cacheFor = time.Minute

func (c *storyCache) get(until, now time.Time) *snapshot {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.snap == nil || now.Sub(c.snap.built) > cacheFor || until.Before(c.snap.until) {
		return nil
	}
	return c.snap
}

func (c *storyCache) put(s *snapshot) {
	c.mu.Lock()
	c.snap = s
	c.mu.Unlock()
}

func (c *storyCache) invalidate() { c.put(nil) }

// current returns the grouping as of now, reusing a recent one.
func (a *App) current(ctx context.Context) (*snapshot, error) {
	now := a.Now().UTC()
	until := now
	if end, err := a.DigestEnd(ctx); err == nil {
		until = end
	}
	if s := a.cache.get(until, now); s != nil {
		return s, nil
	}
	stories, err := a.Stories(ctx, until)
	if err != nil {
		return nil, err
	}
	s := &snapshot{stories: stories, until: until, built: now}
	a.cache.put(s)
	return s, nil
}

// CachedStories returns the grouping as of now, reusing a recent one.
func (a *App) CachedStories(ctx context.Context) ([]news.Story, time.Time, error) {
	s, err := a.current(ctx)
	if err != nil {
		return nil, time.Time{}, err
	}
	return s.stories, s.until, nil
}

// Story finds a story (or the story holding an event) by ID, filled for
// display.
func (a *App) Story(ctx context.Context, id string) (news.Story, bool, error) {
	snap, err := a.current(ctx)
	if err != nil {
		return news.Story{}, false, err
	}
	for _, s := range snap.stories {
		match := s.ID == id
		for _, e := range s.Events {
			match = match || e.ID == id
		}
		if match {
			a.Composer(ctx, &snap.filled).Fill(&s)
			return s, true, nil
		}
	}
	return news.Story{}, false, nil
}

// SubscriberDigest composes a subscriber's digest at until: its topics and
// keywords, and when sinceLast is set only what is new since its last
// digest.
func (a *App) SubscriberDigest(ctx context.Context, sub store.Subscriber, sinceLast bool) (news.Digest, error) {
	snap, err := a.current(ctx)
	if err != nil {
		return news.Digest{}, err
	}
	stories, until := snap.stories, snap.until
	req := digest.Request{
		Lang:       sub.Language,
		Index:      snap.Index(), // shared by every subscriber's digest
		Until:      until,
		Window:     a.Config().Digest.Window.D(),
		MaxStories: a.Config().Digest.MaxStories,
		Topics:     sub.Topics,
		Keywords:   sub.Keywords,
	}
	if sinceLast {
		req.Since = sub.LastDigest
	}
	return a.Composer(ctx, &snap.filled).Compose(stories, req), nil
}

// Topics are the configured topics.
func (a *App) Topics() []config.Topic { return a.Config().Topics }

// Defaults are the schedule and zone new subscribers start with.
func (a *App) Defaults() (spec, tz string) {
	return a.Config().Digest.Schedule, a.Config().Digest.TimeZone
}
