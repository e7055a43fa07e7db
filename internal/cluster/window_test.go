package cluster_test

import (
	"context"
	"sort"
	"testing"
	"time"

	"github.com/newsdigest/newsdigest/internal/cluster"
	"github.com/newsdigest/newsdigest/internal/eval"
	"github.com/newsdigest/newsdigest/internal/news"
	"github.com/newsdigest/newsdigest/internal/store"
)

// memSource is a store of the articles fetched by a moment.
type memSource struct {
	articles []news.Article // by publication time
	now      time.Time      // articles fetched after now are not stored yet
	saved    map[string]string
	order    []store.Assignment
	reads    int // articles read, texts and all
}

func (m *memSource) Articles(_ context.Context, from, to time.Time) ([]news.Article, error) {
	var out []news.Article
	for _, a := range m.articles {
		if !a.Published.Before(from) && (to.IsZero() || a.Published.Before(to)) && !a.Fetched.After(m.now) {
			out = append(out, a)
		}
	}
	m.reads += len(out)
	return out, nil
}

func (m *memSource) Assignments(_ context.Context, ids []string) ([]store.Assignment, error) {
	want := map[string]bool{}
	for _, id := range ids {
		want[id] = true
	}
	var out []store.Assignment
	for _, as := range m.order {
		if want[as.ArticleID] {
			out = append(out, as)
		}
	}
	return out, nil
}

func (m *memSource) SaveAssignments(_ context.Context, as []store.Assignment) error {
	for _, a := range as {
		if _, ok := m.saved[a.ArticleID]; !ok {
			m.saved[a.ArticleID] = a.ThreadID
			m.order = append(m.order, a)
		}
	}
	return nil
}

// serve plays a service that groups every step while articles arrive
// (each fetched 20 minutes after it was published) and returns the last
// grouping and the event of each article the first time it was archived.
func serve(t *testing.T, articles []news.Article, step time.Duration) (cluster.Result, *memSource) {
	// src.now ends as the moment of the last grouping.
	t.Helper()
	src := &memSource{saved: map[string]string{}}
	for _, a := range articles {
		a.Fetched = a.Published.Add(20 * time.Minute)
		src.articles = append(src.articles, a)
	}
	sort.SliceStable(src.articles, func(i, j int) bool { return src.articles[i].Published.Before(src.articles[j].Published) })
	first, last := src.articles[0].Published, src.articles[len(src.articles)-1].Fetched
	w := cluster.NewWindow(cluster.Options{}, 72*time.Hour, 90*24*time.Hour)
	var res cluster.Result
	for src.now = first; ; src.now = src.now.Add(step) {
		var err error
		if res, err = w.Stories(context.Background(), src, src.now); err != nil {
			t.Fatal(err)
		}
		if src.now.After(last) {
			return res, src
		}
	}
}

func TestWindowGroupsAsLabelled(t *testing.T) {
	articles, story, event := bundled(t)
	res, src := serve(t, articles, 6*time.Hour)
	checkLabelled(t, res, articles, story, event)
	// Coverage older than the window is archived without its text.
	archived := 0
	for _, s := range res.Stories {
		for _, a := range s.Articles() {
			if a.Text == "" {
				archived++
				if src.now.Sub(a.Published) < 72*time.Hour {
					t.Errorf("%q (%v old) was archived inside the window", a.Title, src.now.Sub(a.Published))
				}
			}
		}
	}
	if archived == 0 {
		t.Error("nothing was archived")
	}
}

// TestWindowMatchesBatch: on a synthetic stream the window's events agree
// with grouping everything at once.
func TestWindowMatchesBatch(t *testing.T) {
	articles := synthetic(2000, 400) // five days
	batch := cluster.Group(articles, nil, cluster.Options{})
	res, src := serve(t, articles, 12*time.Hour)
	got, want := eventOf(res), eventOf(batch)
	if len(got) != len(articles) {
		t.Fatalf("%d of %d articles came out of the window", len(got), len(articles))
	}
	if sc := eval.BCubed(got, want); sc.F1 < 0.9 {
		t.Errorf("window vs batch events: B-cubed P %.3f R %.3f F1 %.3f, want F1 >= 0.9", sc.Precision, sc.Recall, sc.F1)
	}
	t.Logf("window vs batch events: F1 %.3f; articles read %d times each on average", eval.BCubed(got, want).F1, src.reads/len(articles))
}
