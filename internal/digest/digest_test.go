package digest

import (
	"errors"
	"testing"
	"time"

	"github.com/newsdigest/newsdigest/internal/news"
)

// countingSummarizer counts the stories it summarises.
type countingSummarizer struct{ calls map[string]int }

func (c countingSummarizer) Summarize(s *news.Story) {
	c.calls[s.ID]++
	s.Summary = "summary of " + s.ID
}

// TestFilledFillsEachStoryOnce composes the digest of many subscribers
// from one grouping: each story is loaded and summarised once, unless its
// load failed, and the remembered fill is what a fresh one would give.
func TestFilledFillsEachStoryOnce(t *testing.T) {
	until := time.Date(2025, 2, 14, 12, 0, 0, 0, time.UTC)
	story := func(id string) news.Story {
		return news.Story{ID: id, Events: []news.Event{{ID: id, First: until.Add(-2 * time.Hour), Last: until.Add(-time.Hour),
			Articles: []news.Article{{ID: id + "-a", Outlet: "Outlet", Title: "Title of " + id}}}}}
	}
	stories := []news.Story{story("ok"), story("fails")}
	sum := countingSummarizer{calls: map[string]int{}}
	loads := map[string]int{}
	c := &Composer{Summarizer: sum, Filled: &Filled{}, Load: func(s *news.Story) error {
		loads[s.ID]++
		if s.ID == "fails" {
			return errors.New("store unavailable")
		}
		return nil
	}}
	req := Request{Until: until, Window: 24 * time.Hour, MaxStories: 10}
	var first news.Digest
	for i := range 3 {
		d := c.Compose(stories, req)
		if len(d.Stories) != 2 {
			t.Fatalf("digest %d has %d stories, want 2", i, len(d.Stories))
		}
		if i == 0 {
			first = d
		}
		for j, s := range d.Stories {
			if s.ID != first.Stories[j].ID || s.Summary != first.Stories[j].Summary || s.Summary == "" {
				t.Errorf("digest %d story %d: %q %q, first digest had %q %q", i, j, s.ID, s.Summary, first.Stories[j].ID, first.Stories[j].Summary)
			}
		}
	}
	for id, want := range map[string]int{"ok": 1, "fails": 3} {
		if loads[id] != want || sum.calls[id] != want {
			t.Errorf("story %q loaded %d and summarised %d times in 3 digests, want %d", id, loads[id], sum.calls[id], want)
		}
	}
}
