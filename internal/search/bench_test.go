package search_test

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/newsdigest/newsdigest/internal/news"
	"github.com/newsdigest/newsdigest/internal/search"
)

// synthetic makes n stories shaped like the bundled feeds' (about two
// articles a story, texts of 300–3000 characters; most stories one event,
// some up to three, some events with up to five articles): ten-word
// titles, quotes, capitalised names, and words drawn with Zipf frequencies
// from a made-up vocabulary into which the benchmark queries' words are
// mixed at ranks where each is in 3–11% of stories.
func synthetic(n int) []news.Story {
	r := rand.New(rand.NewPCG(1, 2))
	vocab := syllableWords(r, 30000)
	for i, w := range strings.Fields("peace talks NATO inflation tariffs AI summit ceasefire drone football") {
		vocab[300+i*97] = w
	}
	zipf := rand.NewZipf(r, 1.07, 1, uint64(len(vocab)-1))
	names := syllableWords(r, 3000)
	name := func() string {
		w := names[r.IntN(len(names))]
		return strings.ToUpper(w[:1]) + w[1:]
	}
	sentence := func(words int) string {
		var b strings.Builder
		b.WriteString(name())
		for range words {
			b.WriteByte(' ')
			if r.IntN(12) == 0 {
				b.WriteString(name())
			} else {
				b.WriteString(vocab[zipf.Uint64()])
			}
		}
		return b.String() + "."
	}
	pick := func(weights ...int) int { // 1 + an index drawn with weights
		x := r.IntN(100)
		for i, w := range weights {
			if x -= w; x < 0 {
				return i + 1
			}
		}
		return len(weights)
	}
	base := time.Date(2025, 2, 15, 0, 0, 0, 0, time.UTC)
	stories := make([]news.Story, n)
	for i := range stories {
		s := &stories[i]
		s.ID = fmt.Sprintf("s%06d", i)
		at := base.Add(-time.Duration(r.IntN(30*24)) * time.Hour)
		for e := range pick(80, 15, 5) {
			ev := news.Event{ID: fmt.Sprintf("%s-%d", s.ID, e), First: at, Last: at}
			for a := range pick(55, 25, 10, 5, 5) {
				var body []string
				for chars, size := 0, 300+r.IntN(2700); chars < size; chars += len(body[len(body)-1]) {
					body = append(body, sentence(15))
				}
				ev.Articles = append(ev.Articles, news.Article{
					ID: fmt.Sprintf("%s-%d", ev.ID, a), Title: sentence(10), Text: strings.Join(body, " "), Published: at, Language: "en",
				})
			}
			s.Events = append(s.Events, ev)
			at = at.Add(time.Duration(r.IntN(48)) * time.Hour)
		}
		lead := s.Latest().Articles[0]
		s.Headline, s.Summary = lead.Title, lead.Text[:300]
		s.Quotes = []news.Quote{{Text: sentence(20), Speaker: name() + " " + name()}}
	}
	return stories
}

func syllableWords(r *rand.Rand, n int) []string {
	const cons, vows = "bcdfghklmnprstvz", "aeiou"
	words := make([]string, n)
	for i := range words {
		var b strings.Builder
		for range 2 + r.IntN(3) {
			b.WriteByte(cons[r.IntN(len(cons))])
			b.WriteByte(vows[r.IntN(len(vows))])
		}
		words[i] = b.String()
	}
	return words
}

// benchStories are made once, when a benchmark first needs them.
var benchStories = sync.OnceValue(func() []news.Story { return synthetic(10000) })

func BenchmarkNew(b *testing.B) {
	stories := benchStories()
	for b.Loop() {
		search.New(stories, time.Time{})
	}
}

func BenchmarkSearch(b *testing.B) {
	ix := search.New(benchStories(), time.Date(2025, 2, 15, 0, 0, 0, 0, time.UTC))
	queries := []string{
		"what's new on the peace talks?",
		"/ask peace talks NATO",
		`"peace talks" ceasefire`,
		"inflation tariffs",
		"AI summit",
		"drone",
	}
	i := 0
	for b.Loop() {
		ix.Search(queries[i%len(queries)], 10)
		i++
	}
}

// BenchmarkTopics is one story's topics against five configured topics.
func BenchmarkTopics(b *testing.B) {
	stories := benchStories()
	ix := search.New(stories, time.Time{})
	topics := []search.Topic{
		{ID: "ukraine-peace", Keywords: []string{"peace talks", "peace deal", "ceasefire"}},
		{ID: "nato", Keywords: []string{"NATO", "defence ministers", "alliance"}},
		{ID: "ai", Keywords: []string{"artificial intelligence", "AI", "OpenAI"}},
		{ID: "economy", Keywords: []string{"inflation", "tariffs", "interest rates"}},
		{ID: "sport", Keywords: []string{"Super Bowl", "football", "Champions League"}},
	}
	i := 0
	for b.Loop() {
		ix.Topics(&stories[i%len(stories)], topics)
		i++
	}
}
