package cluster

import (
	"strings"
	"testing"
	"time"

	"github.com/newsdigest/newsdigest/internal/news"
)

// TestSiblingsStayApartInOneStoryline: two threads whose words agree well
// enough to merge, each mostly about someone the other hardly mentions or
// naming a score the other never names, stay two events, siblings of one
// storyline; the same threads about one person or one score merge.
func TestSiblingsStayApartInOneStoryline(t *testing.T) {
	at := time.Date(2025, 2, 13, 8, 0, 0, 0, time.UTC)
	// The threads' vectors have cosine 0.47² = 0.22: above MergeThreshold
	// (0.2), below it once discounted by whoDiscount.
	shared, own := entry{t: 0, w: 0.47}, float32(0.8827)
	body := strings.Repeat("Full text of the report. ", 20) // long enough for its numbers to count
	newThread := func(id string, term int32, who string, names ...string) *thread {
		th := &thread{id: id}
		for i := range minWho {
			d := &doc{
				a:     &news.Article{ID: id + string(rune('a'+i)), Title: id, Text: body, Published: at.Add(time.Duration(i) * time.Minute)},
				vec:   svec{shared, {t: term, w: own}},
				names: names,
				who:   who,
			}
			th.add(d)
		}
		return th
	}
	// A game's reports name its score; the other game's reports do not.
	game := func(id string, term int32, numbers ...string) *thread {
		th := newThread(id, term, "", "colts")
		for _, d := range th.docs {
			d.cross = numbers
		}
		return th
	}
	opts := Options{}.withDefaults()
	for _, tt := range []struct {
		name                 string
		threads              []*thread
		wantEvents, wantLine int
	}{
		// No name in common: only being siblings links them.
		{"different people", []*thread{
			newThread("jackson", 1, "jackson", "jackson"),
			newThread("williams", 2, "williams", "williams"),
		}, 2, 1},
		{"one person", []*thread{
			newThread("jackson", 1, "jackson", "chargers", "jackson"),
			newThread("jackson-later", 2, "jackson", "chargers", "jackson"),
		}, 1, 1},
		{"different scores", []*thread{
			game("jaguars", 1, "#24", "#31"),
			game("chiefs", 2, "#13", "#20"),
		}, 2, 1},
		{"one score", []*thread{
			game("first-reports", 1, "#24", "#31"),
			game("later-reports", 2, "#24", "#31", "#4"),
		}, 1, 1},
		{"one mentions the other", []*thread{
			newThread("jackson", 1, "jackson", "chargers", "jackson", "williams"),
			newThread("williams", 2, "williams", "chargers", "jackson", "williams"),
		}, 1, 1},
	} {
		events := merge(tt.threads, opts)
		var items []item
		for _, e := range events {
			it, ok := itemOf(e, nil)
			if !ok {
				t.Fatalf("%s: event %s has no articles", tt.name, e.id)
			}
			items = append(items, it)
		}
		lines := link(items, opts)
		if len(events) != tt.wantEvents || len(lines) != tt.wantLine {
			t.Errorf("%s: %d events in %d storylines, want %d in %d", tt.name, len(events), len(lines), tt.wantEvents, tt.wantLine)
		}
	}
}

// TestStorylineSameTime: two events that share a name and some words are
// one storyline when reported together, two when days apart.
func TestStorylineSameTime(t *testing.T) {
	at := time.Date(2025, 2, 13, 8, 0, 0, 0, time.UTC)
	// Cosine 0.4² = 0.16: below StoryThreshold (0.25), above it with sameTime.
	ev := func(id string, term int32, when time.Time) item {
		return item{
			ev:    news.Event{ID: id, First: when, Last: when, Articles: []news.Article{{ID: id, Published: when}}},
			v:     svec{{t: 0, w: 0.4}, {t: term, w: 0.9165}},
			names: []string{"chargers"},
		}
	}
	opts := Options{}.withDefaults()
	for _, tt := range []struct {
		name string
		gap  time.Duration
		want int
	}{
		{"same morning", time.Hour, 1},
		{"two days apart", 48 * time.Hour, 2},
	} {
		lines := link([]item{ev("a", 1, at), ev("b", 2, at.Add(tt.gap))}, opts)
		if len(lines) != tt.want {
			t.Errorf("%s: %d storylines, want %d", tt.name, len(lines), tt.want)
		}
	}
}
