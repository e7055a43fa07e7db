package cluster_test

import (
	"slices"
	"testing"
	"time"

	"github.com/newsdigest/newsdigest/internal/cluster"
	"github.com/newsdigest/newsdigest/internal/news"
)

// A pair of reports gets the same decision, one event or two, whether it
// is all a deployment has seen or arrives among 10,000 other articles of
// the same days: term weights come from the background model while the
// articles seen are few.
func TestPairDecisionsDoNotDependOnCorpusSize(t *testing.T) {
	articles, _, event := bundled(t)
	byTitle := map[string]news.Article{}
	for _, a := range articles {
		byTitle[a.Title] = a
	}
	const (
		upDec     = "Rutte: West is discussing a peace deal without Putin at the table, and that is risky"
		ledgerDec = "Rutte urges West to stop public talk of Ukraine peace deal details"
		interfax  = "Rutte: We have to make that when talks start Ukraine is in best possible position, outcome has to be durable"
		bosphorus = "NATO Secretary General Rutte: No promise of NATO membership to Ukraine in peace agreement"
		chornobyl = "Russian drone damages Chornobyl NPP shelter, radiation background normal – Zelensky"
		strike    = "Brussels Airport grounded, transport paralysed as tens of thousands march against pension reform"
	)
	pairs := [][2]string{{upDec, ledgerDec}, {interfax, bosphorus}, {upDec, interfax}, {interfax, chornobyl}, {bosphorus, strike}}
	// Others: synthetic stories around the pair's time, 2,000 a day.
	others := synthetic(10000, 2000)
	for _, p := range pairs {
		a, b := byTitle[p[0]], byTitle[p[1]]
		if a.ID == "" || b.ID == "" {
			t.Fatalf("no bundled article titled %q or %q", p[0], p[1])
		}
		want := event[a.Title] == event[b.Title]
		alone := sameEvent(cluster.Group([]news.Article{a, b}, nil, cluster.Options{}), a.ID, b.ID)
		shift := b.Published.Add(-2 * 24 * time.Hour).Sub(others[0].Published)
		crowd := []news.Article{a, b}
		for _, o := range others {
			o.Published = o.Published.Add(shift)
			crowd = append(crowd, o)
		}
		among := sameEvent(cluster.Group(crowd, nil, cluster.Options{}), a.ID, b.ID)
		if alone != want || among != want {
			t.Errorf("%q and %q: one event alone %v, among 10,000 %v; want %v", p[0], p[1], alone, among, want)
		}
	}
}

func sameEvent(r cluster.Result, a, b string) bool {
	e := eventOf(r)
	return e[a] != "" && e[a] == e[b]
}

// The five outlets the product was conceived from, with nothing else: the
// Rutte storyline is the two happenings it is with every feed bundled.
func TestSeedOutletsAlone(t *testing.T) {
	seedOutlets := []string{"kyiv-ledger", "ukrainska-pravda", "pravda-ru", "interfax-ukraine", "bosphorus-post"}
	articles, story, _ := bundled(t)
	var mine []news.Article
	for _, a := range articles {
		if slices.Contains(seedOutlets, a.FeedID) {
			mine = append(mine, a)
		}
	}
	res := cluster.Group(mine, nil, cluster.Options{})
	storylines := 0
	for _, s := range res.Stories {
		rutte := 0
		for _, e := range s.Events {
			if story[e.Articles[0].Title] == "rutte-peace-talks" {
				rutte++
			}
		}
		if rutte > 0 {
			storylines++
			if rutte != 2 {
				t.Errorf("the Rutte storyline has %d events from the seed outlets alone, want 2", rutte)
			}
		}
	}
	if storylines != 1 {
		t.Errorf("the Rutte events are in %d storylines, want 1", storylines)
	}
}
