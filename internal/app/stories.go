package app

import (
	"context"
	"sync"
	"time"

	"github.com/newsdigest/newsdigest/internal/config"
	"github.com/newsdigest/newsdigest/internal/digest"
	"github.com/newsdigest/newsdigest/internal/news"
	"github.com/newsdigest/newsdigest/internal/store"
)

// storyCache keeps the latest grouping so that a burst of digests at 08:00
// groups once, not once per subscriber. Polling that adds articles
// invalidates it.
type storyCache struct {
	mu      sync.Mutex
	stories []news.Story
	at      time.Time // the "until" it was built for
	built   time.Time
}

// cacheFor is how long a grouping is reused when nothing invalidates it.
const cacheFor = time.Minute

func (c *storyCache) get(until, now time.Time) ([]news.Story, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.stories == nil || now.Sub(c.built) > cacheFor || until.Before(c.at) {
		return nil, false
	}
	return c.stories, true
}

func (c *storyCache) put(stories []news.Story, until, now time.Time) {
	c.mu.Lock()
	c.stories, c.at, c.built = stories, until, now
	c.mu.Unlock()
}

func (c *storyCache) invalidate() {
	c.mu.Lock()
	c.stories = nil
	c.mu.Unlock()
}

// CachedStories returns the grouping as of now, reusing a recent one.
func (a *App) CachedStories(ctx context.Context) ([]news.Story, time.Time, error) {
	now := a.Now().UTC()
	until := now
	if end, err := a.DigestEnd(ctx); err == nil {
		until = end
	}
	if s, ok := a.cache.get(until, now); ok {
		return s, until, nil
	}
	s, err := a.Stories(ctx, until)
	if err != nil {
		return nil, until, err
	}
	a.cache.put(s, until, now)
	return s, until, nil
}

// Story finds a story (or the story holding an event) by ID, filled for
// display.
func (a *App) Story(ctx context.Context, id string) (news.Story, bool, error) {
	stories, _, err := a.CachedStories(ctx)
	if err != nil {
		return news.Story{}, false, err
	}
	for _, s := range stories {
		match := s.ID == id
		for _, e := range s.Events {
			match = match || e.ID == id
		}
		if match {
			a.Composer().Fill(&s)
			return s, true, nil
		}
	}
	return news.Story{}, false, nil
}

// SubscriberDigest composes a subscriber's digest at until: its topics and
// keywords, and when sinceLast is set only what is new since its last
// digest.
func (a *App) SubscriberDigest(ctx context.Context, sub store.Subscriber, sinceLast bool) (news.Digest, error) {
	stories, until, err := a.CachedStories(ctx)
	if err != nil {
		return news.Digest{}, err
	}
	req := digest.Request{
		Until:      until,
		Window:     a.Config().Digest.Window.D(),
		MaxStories: a.Config().Digest.MaxStories,
		Topics:     sub.Topics,
		Keywords:   sub.Keywords,
	}
	if sinceLast {
		req.Since = sub.LastDigest
	}
	return a.Composer().Compose(stories, req), nil
}

// Topics are the configured topics.
func (a *App) Topics() []config.Topic { return a.Config().Topics }

// Defaults are the schedule and zone new subscribers start with.
func (a *App) Defaults() (spec, tz string) {
	return a.Config().Digest.Schedule, a.Config().Digest.TimeZone
}
