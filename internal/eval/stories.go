// Package eval runs the story engine and the quote extractor on labelled
// data and scores them, with exactly the code and defaults the service uses.
package eval // import "github.com/newsdigest/newsdigest/internal/eval"

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/newsdigest/newsdigest/internal/cluster"
	"github.com/newsdigest/newsdigest/internal/news"
	"github.com/newsdigest/newsdigest/internal/parse"
	"github.com/newsdigest/newsdigest/internal/text"
)

// maxLine bounds one JSON line; articles with full text fit easily.
const maxLine = 16 << 20

type storyIn struct {
	ID        string `json:"id"`
	Title     string `json:"title"`
	Text      string `json:"text"`
	Source    string `json:"source"`
	URL       string `json:"url"`
	Published string `json:"published"`
	Lang      string `json:"lang"`
	Story     string `json:"story"`     // gold event, optional
	Storyline string `json:"storyline"` // gold storyline, optional
}

type storyOut struct {
	ID        string `json:"id"`
	Story     string `json:"story"`
	Storyline string `json:"storyline"`
}

// StoryScore is B-cubed precision/recall/F1 over articles.
type StoryScore struct {
	Precision, Recall, F1 float64
	Articles              int
	Predicted, Gold       int // number of clusters
}

// StoriesOptions are what `eval stories` may add to its plain run.
type StoriesOptions struct {
	// Pairs, when not nil, holds labelled pairs, JSON lines
	// {"id1","id2","lang","same"}: the grouping's pair decisions are
	// scored too (ScorePairs).
	Pairs io.Reader
	// Draws, when above zero, also groups that many random draws of whole
	// gold stories, each Share of them, alone: how a small or new
	// deployment would group them. Seed makes the draws repeatable.
	Draws int
	Share float64
	Seed  uint64
}

// Stories reads articles as JSON lines from in, groups them with the
// service's engine, writes {"id","story","storyline"} per article to out,
// and when every article carries a gold "story" (the event) writes
// B-cubed scores to report, and those of storylines when every article
// carries a gold "storyline".
func Stories(in io.Reader, out, report io.Writer, opts StoriesOptions) error {
	rows, err := readLines(in, "", func(r storyIn) error {
		if r.ID == "" || (r.Title == "" && r.Text == "") {
			return errors.New("want an id and a title or text")
		}
		return nil
	})
	if err != nil {
		return err
	}

	articles, err := storyArticles(rows)
	if err != nil {
		return err
	}
	res := cluster.Group(articles, nil, cluster.Options{})
	pred, predLine := predictions(res)
	enc := json.NewEncoder(out)
	gold, goldLine := map[string]string{}, map[string]string{}
	for _, r := range rows {
		line := storyOut{ID: r.ID, Story: pred[r.ID], Storyline: predLine[r.ID]}
		if line.Story == "" {
			// Every article is in an event or a copy of one; should
			// the engine ever lose one, it still gets its line, alone.
			line = storyOut{ID: r.ID, Story: r.ID, Storyline: r.ID}
		}
		if err := enc.Encode(line); err != nil {
			return fmt.Errorf("eval: %w", err)
		}
		if r.Story != "" {
			gold[r.ID] = r.Story
		}
		if r.Storyline != "" {
			goldLine[r.ID] = r.Storyline
		}
	}
	if opts.Pairs != nil {
		ps, err := readPairs(opts.Pairs)
		if err != nil {
			return err
		}
		sc := ScorePairs(pred, ps)
		fmt.Fprintf(report, "pairs: precision %.4f recall %.4f F1 %.4f; %d pairs, %d same; across languages %d of %d same pairs found, %d different pairs joined\n",
			sc.Precision, sc.Recall, sc.F1, sc.Pairs, sc.Same, sc.CrossFound, sc.CrossSame, sc.CrossWrong)
	}
	if len(gold) == len(rows) && report != nil {
		s := BCubed(pred, gold)
		fmt.Fprintf(report, "stories: B-cubed precision %.4f recall %.4f F1 %.4f; %d articles, %d stories formed, %d gold\n",
			s.Precision, s.Recall, s.F1, s.Articles, s.Predicted, s.Gold)
	}
	if len(goldLine) == len(rows) && report != nil {
		s := BCubed(predLine, goldLine)
		fmt.Fprintf(report, "storylines: B-cubed precision %.4f recall %.4f F1 %.4f; %d articles, %d storylines formed, %d gold\n",
			s.Precision, s.Recall, s.F1, s.Articles, s.Predicted, s.Gold)
	}
	if opts.Draws > 0 {
		if len(gold) != len(rows) {
			return errors.New("eval: draws need a gold story on every article")
		}
		draws(articles, gold, opts, report)
	}
	return nil
}

// draws groups opts.Draws random draws of whole gold stories alone and
// reports each one's event B-cubed, their mean and the worst.
func draws(articles []news.Article, gold map[string]string, opts StoriesOptions, report io.Writer) {
	var stories []string
	seen := map[string]bool{}
	for _, a := range articles {
		if g := gold[a.ID]; !seen[g] {
			seen[g] = true
			stories = append(stories, g)
		}
	}
	slices.Sort(stories)
	rng := rand.New(rand.NewPCG(opts.Seed, 0x6e657773))
	k := max(1, int(math.Round(opts.Share*float64(len(stories)))))
	sum, worst := 0.0, 1.0
	for d := 1; d <= opts.Draws; d++ {
		rng.Shuffle(len(stories), func(i, j int) { stories[i], stories[j] = stories[j], stories[i] })
		in := map[string]bool{}
		for _, g := range stories[:k] {
			in[g] = true
		}
		var sub []news.Article
		subGold := map[string]string{}
		for _, a := range articles {
			if in[gold[a.ID]] {
				sub = append(sub, a)
				subGold[a.ID] = gold[a.ID]
			}
		}
		pred, _ := predictions(cluster.Group(sub, nil, cluster.Options{}))
		sc := BCubed(pred, subGold)
		sum += sc.F1
		worst = min(worst, sc.F1)
		fmt.Fprintf(report, "draw %d: B-cubed precision %.4f recall %.4f F1 %.4f; %d articles, %d stories formed, %d gold\n",
			d, sc.Precision, sc.Recall, sc.F1, sc.Articles, sc.Predicted, sc.Gold)
	}
	fmt.Fprintf(report, "draws: %d of %d stories each, mean F1 %.4f, worst %.4f\n", k, len(stories), sum/float64(opts.Draws), worst)
}

// predictions maps every article, copies included, to its event and its
// storyline.
func predictions(res cluster.Result) (event, storyline map[string]string) {
	event, storyline = map[string]string{}, map[string]string{}
	for _, s := range res.Stories {
		for _, e := range s.Events {
			for _, a := range e.Articles {
				event[a.ID], storyline[a.ID] = e.ID, s.ID
				for _, c := range a.Copies {
					event[c.ArticleID], storyline[c.ArticleID] = e.ID, s.ID
				}
			}
		}
	}
	return event, storyline
}

// storyArticles turns input lines into articles as the service would
// have them from a feed.
func storyArticles(rows []storyIn) ([]news.Article, error) {
	articles := make([]news.Article, len(rows))
	for i, r := range rows {
		published, err := time.Parse(time.RFC3339, r.Published)
		if err != nil && r.Published != "" {
			return nil, fmt.Errorf("eval: article %s: published: %w", r.ID, err)
		}
		lang := r.Lang
		if lang == "" {
			lang = text.Detect(r.Title+"\n"+r.Text, text.Languages...) // as parse does for a feed that names none
		}
		title := r.Title
		if title == "" {
			title = parse.TitleOf(r.Text) // as parse does for an item without one
		}
		articles[i] = news.Article{ID: r.ID, Outlet: r.Source, Language: lang, URL: r.URL,
			Title: title, Text: r.Text, Published: published.UTC()}
	}
	return articles, nil
}

// BCubed scores a clustering of items (item → cluster) against gold labels:
// per item, precision is the share of its predicted cluster that shares its
// gold label, recall the share of its gold cluster it was grouped with.
func BCubed(pred, gold map[string]string) StoryScore {
	type pair struct{ p, g string }
	both := map[pair]int{}
	predSize, goldSize := map[string]int{}, map[string]int{}
	for id, g := range gold {
		p, ok := pred[id]
		if !ok {
			p = "\x00unassigned:" + id // a missing prediction is a singleton
		}
		both[pair{p, g}]++
		predSize[p]++
		goldSize[g]++
	}
	var sc StoryScore
	for k, n := range both {
		sc.Precision += float64(n) * float64(n) / float64(predSize[k.p])
		sc.Recall += float64(n) * float64(n) / float64(goldSize[k.g])
	}
	sc.Articles, sc.Predicted, sc.Gold = len(gold), len(predSize), len(goldSize)
	if sc.Articles > 0 {
		sc.Precision /= float64(sc.Articles)
		sc.Recall /= float64(sc.Articles)
	}
	if sc.Precision+sc.Recall > 0 {
		sc.F1 = 2 * sc.Precision * sc.Recall / (sc.Precision + sc.Recall)
	}
	return sc
}

// Pair is a labelled pair of articles: the same story or not.
type Pair struct {
	ID1  string `json:"id1"`
	ID2  string `json:"id2"`
	Lang string `json:"lang"` // e.g. "de-en"
	Same bool   `json:"same"`
}

// PairScore is the precision and recall of "same story" over labelled
// pairs, and how the pairs across two languages fared.
type PairScore struct {
	Precision, Recall, F1 float64
	Pairs, Same           int
	// CrossSame are the same-story pairs in two languages, CrossFound
	// those the grouping joined; CrossWrong the different-story pairs in
	// two languages it joined.
	CrossSame, CrossFound, CrossWrong int
}

func readPairs(r io.Reader) ([]Pair, error) {
	return readLines(r, "pairs ", func(p Pair) error {
		if p.ID1 == "" || p.ID2 == "" {
			return errors.New("want id1 and id2")
		}
		return nil
	})
}

// readLines decodes one T per non-empty JSON line of r, each checked by
// valid; errors name the line (what prefixes "line").
func readLines[T any](r io.Reader, what string, valid func(T) error) ([]T, error) {
	var out []T
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), maxLine)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		var v T
		if err := json.Unmarshal([]byte(line), &v); err != nil {
			return nil, fmt.Errorf("eval: %sline %d: %w", what, n, err)
		}
		if err := valid(v); err != nil {
			return nil, fmt.Errorf("eval: %sline %d: %w", what, n, err)
		}
		out = append(out, v)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("eval: %s%w", what, err)
	}
	return out, nil
}

// ScorePairs scores a grouping (article → story) by its decision on each
// labelled pair: joined when both articles got the same story.
func ScorePairs(pred map[string]string, pairs []Pair) PairScore {
	var sc PairScore
	tp, fp, fn := 0, 0, 0
	for _, p := range pairs {
		a, b := pred[p.ID1], pred[p.ID2]
		joined := a != "" && a == b
		l1, l2, _ := strings.Cut(p.Lang, "-")
		cross := l1 != l2
		sc.Pairs++
		switch {
		case p.Same && joined:
			tp++
		case p.Same:
			fn++
		case joined:
			fp++
		}
		if p.Same {
			sc.Same++
		}
		if cross && p.Same {
			sc.CrossSame++
			if joined {
				sc.CrossFound++
			}
		}
		if cross && !p.Same && joined {
			sc.CrossWrong++
		}
	}
	if tp+fp > 0 {
		sc.Precision = float64(tp) / float64(tp+fp)
	}
	if tp+fn > 0 {
		sc.Recall = float64(tp) / float64(tp+fn)
	}
	if sc.Precision+sc.Recall > 0 {
		sc.F1 = 2 * sc.Precision * sc.Recall / (sc.Precision + sc.Recall)
	}
	return sc
}
