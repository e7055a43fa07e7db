package search_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/newsdigest/newsdigest/internal/cluster"
	"github.com/newsdigest/newsdigest/internal/news"
	"github.com/newsdigest/newsdigest/internal/sample"
	"github.com/newsdigest/newsdigest/internal/search"
	"github.com/newsdigest/newsdigest/internal/summarize"
)

// bundledStories groups and summarises the sample feeds as the digest does.
func bundledStories(t *testing.T) []news.Story {
	t.Helper()
	stories := cluster.Group(sample.Articles(t), nil, cluster.Options{}).Stories
	for i := range stories {
		summarize.Extractive{}.Summarize(&stories[i])
	}
	return stories
}

var bundledNow = sample.Now

// holds reports whether the story has an article whose title contains part.
func holds(s *news.Story, part string) bool {
	return slices.ContainsFunc(s.Articles(), func(a news.Article) bool { return strings.Contains(a.Title, part) })
}

// TestBundledFeeds searches the sample feeds end to end; titles are from
// feeds/README.md.
func TestBundledFeeds(t *testing.T) {
	stories := bundledStories(t)
	ix := search.New(stories, bundledNow)
	for _, tc := range []struct{ query, title string }{
		{"peace talks", "No promise of NATO membership to Ukraine in peace agreement"},
		{"what's new on the peace talks?", "No promise of NATO membership to Ukraine in peace agreement"},
		{"/ask Rutte NATO", "No promise of NATO membership to Ukraine in peace agreement"},
		{"Chornobyl drone", "Russian drone damages Chornobyl NPP shelter"},
		{"super bowl", "Super Bowl LIX"},
		{"steel tariffs", "steel"}, // any of the four steel-tariff articles
		{"AI summit", "Paris AI summit declaration"},
		{"Musk OpenAI bid", "Musk-led group bids $97.4 billion for OpenAI"},
	} {
		hits := ix.Search(tc.query, 5)
		if len(hits) == 0 || !holds(hits[0].Story, tc.title) {
			var got []string
			for _, h := range hits {
				got = append(got, h.Story.Headline)
			}
			t.Errorf("Search(%q) = %q, want the story with %q first", tc.query, got, tc.title)
		}
	}

	topics := []search.Topic{ // as in configs/newsdigest.yaml
		{ID: "ukraine-peace", Keywords: []string{"peace talks", "peace deal", "peace agreement", "peace negotiations", "ceasefire", "security guarantees"}},
		{ID: "nato", Keywords: []string{"NATO", "defence ministers", "defense ministers", "alliance"}},
		{ID: "ai", Keywords: []string{"artificial intelligence", "AI", "OpenAI", "chatbot"}},
		{ID: "economy", Keywords: []string{"inflation", "tariffs", "interest rates", "consumer prices", "trade war"}},
		{ID: "sport", Keywords: []string{"Super Bowl", "football", "Champions League", "transfer"}},
	}
	for _, tc := range []struct {
		title string
		want  []string
	}{
		{"No promise of NATO membership to Ukraine in peace agreement", []string{"ukraine-peace", "nato"}},
		{"Russian drone damages Chornobyl NPP shelter", nil},
		{"Paris AI summit declaration", []string{"ai"}},
		{"Musk-led group bids $97.4 billion for OpenAI", []string{"ai"}},
		{"U.S. inflation picks up to 3% in January", []string{"economy"}},
		{"Super Bowl LIX", []string{"sport"}},
		{"Bellingham stoppage-time winner", []string{"sport"}},
	} {
		i := slices.IndexFunc(stories, func(s news.Story) bool { return holds(&s, tc.title) })
		if i < 0 {
			t.Fatalf("no story has %q", tc.title)
		}
		if got := ix.Topics(&stories[i], topics); !slices.Equal(got, tc.want) {
			t.Errorf("Topics(%q) = %q, want %q", tc.title, got, tc.want)
		}
	}
}
