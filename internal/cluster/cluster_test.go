package cluster_test

import (
	"fmt"
	"math/rand/v2"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/newsdigest/newsdigest/internal/cluster"
	"github.com/newsdigest/newsdigest/internal/eval"
	"github.com/newsdigest/newsdigest/internal/news"
	"github.com/newsdigest/newsdigest/internal/sample"
	"github.com/newsdigest/newsdigest/internal/store"
)

// bundled returns the sample articles and their labels (story and event
// per title).
func bundled(t testing.TB) (articles []news.Article, story, event map[string]string) {
	t.Helper()
	articles = sample.Articles(t)
	story, event = sample.Labels(t)
	for _, a := range articles {
		if story[a.Title] == "" {
			t.Fatalf("feeds/README.md has no label for %q", a.Title)
		}
	}
	return articles, story, event
}

func labels(res cluster.Result, byTitle map[string]string, titles map[string]string) (storyPred, eventPred, gold map[string]string) {
	storyPred, eventPred, gold = map[string]string{}, map[string]string{}, map[string]string{}
	for _, s := range res.Stories {
		for _, e := range s.Events {
			for _, a := range e.Articles {
				storyPred[a.ID], eventPred[a.ID], gold[a.ID] = s.ID, e.ID, byTitle[a.Title]
				for _, c := range a.Copies {
					storyPred[c.ArticleID], eventPred[c.ArticleID], gold[c.ArticleID] = s.ID, e.ID, byTitle[titles[c.ArticleID]]
				}
			}
		}
	}
	return
}

func titlesByID(articles []news.Article) map[string]string {
	m := map[string]string{}
	for _, a := range articles {
		m[a.ID] = a.Title
	}
	return m
}

// checkLabelled scores a grouping of the bundled articles against their
// labels: every article placed, storylines and events B-cubed F1 ≥ 0.95.
func checkLabelled(t *testing.T, res cluster.Result, articles []news.Article, story, event map[string]string) {
	t.Helper()
	byID := titlesByID(articles)
	storyPred, _, gold := labels(res, story, byID)
	if len(gold) != len(articles) {
		t.Errorf("%d of %d articles came out of grouping", len(gold), len(articles))
	}
	if sc := eval.BCubed(storyPred, gold); sc.F1 < 0.95 {
		t.Errorf("storylines: B-cubed P %.3f R %.3f F1 %.3f, want F1 >= 0.95", sc.Precision, sc.Recall, sc.F1)
	}
	_, eventPred, goldEvents := labels(res, event, byID)
	if sc := eval.BCubed(eventPred, goldEvents); sc.F1 < 0.95 {
		t.Errorf("events: B-cubed P %.3f R %.3f F1 %.3f, want F1 >= 0.95", sc.Precision, sc.Recall, sc.F1)
	}
}

func TestBundledFeedsGroupAsLabelled(t *testing.T) {
	articles, story, event := bundled(t)
	res := cluster.Group(articles, nil, cluster.Options{})
	checkLabelled(t, res, articles, story, event)

	// The wire story is printed by two outlets: one article, also published by the other.
	copies := 0
	for _, s := range res.Stories {
		for _, a := range s.Articles() {
			copies += len(a.Copies)
			if len(a.Copies) > 0 && story[a.Title] != "us-cpi-january" {
				t.Errorf("%q folded %v as a copy", a.Title, a.Copies)
			}
		}
	}
	if copies != 1 {
		t.Errorf("%d copies folded, want the one wire reprint", copies)
	}

	// The seed story: exactly its five articles, the teaser outlet's report
	// of the press conference (read from its page) and the Ukrainian
	// outlet's, as two events.
	var seeds *news.Story
	for i, s := range res.Stories {
		for _, a := range s.Articles() {
			if story[a.Title] == "rutte-peace-talks" {
				seeds = &res.Stories[i]
			}
		}
	}
	if seeds == nil {
		t.Fatal("no story holds the seed articles")
	}
	var titles []string
	for _, a := range seeds.Articles() {
		titles = append(titles, a.Title)
		if story[a.Title] != "rutte-peace-talks" {
			t.Errorf("unrelated article joined the seed story: %q", a.Title)
		}
	}
	if len(titles) != 7 || len(seeds.Outlets()) != 7 {
		t.Errorf("seed story has %d articles from %d outlets, want 7 and 7: %q", len(titles), len(seeds.Outlets()), titles)
	}
	if len(seeds.Events) != 2 || len(seeds.Events[0].Articles) != 2 || len(seeds.Events[1].Articles) != 5 {
		t.Errorf("seed story events: %d, want 2 (the 12 Dec speech with 2 articles, the 13 Feb press conference with 5)", len(seeds.Events))
	}
}

// TestIDsStayStable groups the first half of the articles, then all of them
// with the saved thread assignments: articles keep their threads, events
// only grow or merge into older ones (never split), and the result does not
// depend on input order.
func TestIDsStayStable(t *testing.T) {
	articles, _, _ := bundled(t)
	sort.Slice(articles, func(i, j int) bool { return articles[i].Published.Before(articles[j].Published) })
	half := articles[:len(articles)/2]
	first := cluster.Group(append([]news.Article(nil), half...), nil, cluster.Options{})
	prior := first.New
	for i := range prior {
		prior[i].Seq = int64(i + 1)
	}

	shuffled := append([]news.Article(nil), articles...)
	rand.New(rand.NewPCG(1, 2)).Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
	second := cluster.Group(shuffled, prior, cluster.Options{})
	if len(second.New) != len(articles)-len(half) {
		t.Errorf("second run made %d new assignments, want %d", len(second.New), len(articles)-len(half))
	}
	before, after := eventOf(first), eventOf(second)
	for id, ev := range before {
		for other, ev2 := range before {
			if ev == ev2 && after[id] != after[other] {
				t.Errorf("event %s split: %s and %s now in %s and %s", ev, id, other, after[id], after[other])
			}
		}
	}

	again := cluster.Group(articles, nil, cluster.Options{})
	reshuffled := cluster.Group(shuffled, nil, cluster.Options{})
	if fingerprint(again) != fingerprint(reshuffled) {
		t.Error("grouping depends on input order")
	}
}

// eventOf maps every article, copies included, to its event.
func eventOf(r cluster.Result) map[string]string {
	m := map[string]string{}
	for _, s := range r.Stories {
		for _, e := range s.Events {
			for _, a := range e.Articles {
				m[a.ID] = e.ID
				for _, c := range a.Copies {
					m[c.ArticleID] = e.ID
				}
			}
		}
	}
	return m
}

func fingerprint(r cluster.Result) string {
	var parts []string
	for _, s := range r.Stories {
		for _, e := range s.Events {
			for _, a := range e.Articles {
				parts = append(parts, s.ID+"/"+e.ID+"/"+a.ID)
			}
		}
	}
	sort.Strings(parts)
	return strings.Join(parts, ",")
}

func TestEmptyAndTiny(t *testing.T) {
	if res := cluster.Group(nil, nil, cluster.Options{}); len(res.Stories) != 0 || len(res.New) != 0 {
		t.Errorf("Group(nil) = %+v", res)
	}
	one := []news.Article{{ID: "a", Title: "Only article", Published: time.Unix(0, 0)}}
	res := cluster.Group(one, []store.Assignment{{ArticleID: "gone", ThreadID: "x"}}, cluster.Options{})
	if len(res.Stories) != 1 || res.Stories[0].ID != "a" {
		t.Errorf("Group(one) = %+v", res)
	}
}

// TestAcrossLanguages: reports of the seed press conference in Russian,
// German, French, Spanish and Turkish join the English event (and the
// bundled Ukrainian report) on the names they share; an unrelated German
// report stays apart.
func TestAcrossLanguages(t *testing.T) {
	articles, _, _ := bundled(t)
	var seed news.Article
	for _, a := range articles {
		if strings.Contains(a.Title, "Rutte") {
			seed = a
			break
		}
	}
	if seed.ID == "" {
		t.Fatal("no seed article about Rutte in the bundled feeds")
	}
	at := seed.Published.Add(2 * time.Hour)
	foreign := []news.Article{
		{ID: "ru-rutte", Language: "ru", Outlet: "Северный курьер", Published: at,
			Title: "Рютте: Украина должна быть в сильнейшей позиции перед переговорами",
			Text: "Генеральный секретарь НАТО Марк Рютте заявил в Брюсселе, что Украина должна быть в сильнейшей позиции, когда начнутся переговоры с Россией.\n" +
				"По словам Рютте, Владимир Путин — жесткий переговорщик, а Владимир Зеленский должен получить гарантии безопасности.\n" +
				"Рютте также призвал союзников по НАТО увеличить помощь Украине и расходы на оборону."},
		{ID: "de-rutte", Language: "de", Outlet: "Nordkurier", Published: at.Add(time.Hour),
			Title: "Rutte: Ukraine muss vor Verhandlungen gestärkt werden",
			Text: "NATO-Generalsekretär Mark Rutte hat in Brüssel gesagt, die Ukraine müsse in der stärksten Position sein, wenn Verhandlungen mit Russland beginnen.\n" +
				"Kremlchef Wladimir Putin sei ein harter Verhandler, sagte Rutte. Wolodymyr Selenskyj brauche Sicherheitsgarantien.\n" +
				"Rutte rief die NATO-Verbündeten auf, mehr für die Verteidigung auszugeben."},
		{ID: "fr-rutte", Language: "fr", Outlet: "Le Courrier du Nord", Published: at.Add(30 * time.Minute),
			Title: "Rutte : l'Ukraine doit être en position de force quand les négociations commenceront",
			Text: "Le secrétaire général de l'Otan, Mark Rutte, a déclaré jeudi à Bruxelles que l'Ukraine devait être dans la meilleure position possible lorsque les négociations avec la Russie commenceront.\n" +
				"« Poutine est un négociateur coriace », a-t-il dit, ajoutant que Volodymyr Zelensky aurait besoin de garanties de sécurité.\n" +
				"Rutte a appelé les alliés de l'Otan à dépenser davantage pour la défense."},
		{ID: "es-rutte", Language: "es", Outlet: "El Heraldo del Sur", Published: at.Add(40 * time.Minute),
			Title: "Rutte: Ucrania debe estar en la mejor posición cuando empiecen las negociaciones",
			Text: "El secretario general de la OTAN, Mark Rutte, dijo el jueves en Bruselas que Ucrania debe estar en la mejor posición posible cuando comiencen las negociaciones con Rusia.\n" +
				"\"Putin es un negociador duro\", afirmó Rutte, y añadió que Volodímir Zelenski necesitará garantías de seguridad.\n" +
				"Rutte pidió a los aliados de la OTAN que aumenten el gasto en defensa."},
		{ID: "tr-rutte", Language: "tr", Outlet: "Anadolu Gazetesi", Published: at.Add(50 * time.Minute),
			Title: "Rutte: Müzakereler başladığında Ukrayna en güçlü konumda olmalı",
			Text: "NATO Genel Sekreteri Mark Rutte, Perşembe günü Brüksel'de yaptığı açıklamada, Rusya ile müzakereler başladığında Ukrayna'nın mümkün olan en iyi konumda olması gerektiğini söyledi.\n" +
				"Rutte, \"Putin zorlu bir müzakereci\" dedi ve Volodimir Zelenskiy'nin güvenlik garantilerine ihtiyaç duyacağını ekledi.\n" +
				"Rutte, NATO müttefiklerini savunma harcamalarını artırmaya çağırdı."},
		{ID: "de-other", Language: "de", Outlet: "Nordkurier", Published: at.Add(time.Hour),
			Title: "Bayern gewinnt in Dortmund",
			Text: "Der FC Bayern München hat das Spitzenspiel in Dortmund mit 3:1 gewonnen.\n" +
				"Trainer Vincent Kompany lobte die Mannschaft nach dem Spiel im Signal Iduna Park.\n" +
				"Harry Kane traf zweimal, Jamal Musiala einmal."},
	}
	res := cluster.Group(append(articles, foreign...), nil, cluster.Options{})
	eventOf := eventOf(res)
	if eventOf["ru-rutte"] != eventOf[seed.ID] {
		t.Errorf("the Russian report is in event %s, the English seed in %s", eventOf["ru-rutte"], eventOf[seed.ID])
	}
	for _, id := range []string{"de-rutte", "fr-rutte", "es-rutte", "tr-rutte"} {
		if eventOf[id] != eventOf[seed.ID] {
			t.Errorf("%s is in event %s, the English seed in %s", id, eventOf[id], eventOf[seed.ID])
		}
	}
	if eventOf["de-other"] == eventOf[seed.ID] {
		t.Error("an unrelated German report joined the seed event")
	}
}

// TestEveryArticleLandsOnce: whatever the stream — reprints by other
// outlets and by the same one, copies of copies, identical texts, empty
// leads, titles only, equal times — every article is in exactly one
// event, listed or as a copy.
func TestEveryArticleLandsOnce(t *testing.T) {
	bases := []string{
		"Rescue teams searched the rubble through the night after the earthquake struck the coastal province, officials said, and the death toll rose to 28 as more bodies were recovered from collapsed buildings. The quake, of magnitude 7.1, was felt in the capital, where people ran into the streets and spent the night outside.",
		"The central bank raised its key interest rate by half a point on Thursday, its third increase this year, saying inflation remained far above its target despite slowing growth. Markets had expected the move, and the currency barely changed as the governor told reporters more increases could follow in the spring.",
		"The actress checked into a rehabilitation clinic in California, her spokesman said, adding that she asked for privacy while she receives treatment. It is her second stay at a clinic in two years; the studio said filming of her new series would go ahead as planned next month.",
		"",
	}
	outlets := []string{"Wire", "Daily", "Herald", "Courier"}
	for seed := uint64(1); seed <= 20; seed++ {
		rng := rand.New(rand.NewPCG(seed, seed))
		at := time.Date(2025, 2, 13, 8, 0, 0, 0, time.UTC)
		var articles []news.Article
		for i := range 40 {
			a := news.Article{
				ID:        "a" + strconv.Itoa(i),
				Outlet:    outlets[rng.IntN(len(outlets))],
				Published: at.Add(time.Duration(rng.IntN(6)) * time.Hour), // many equal times
			}
			switch k := rng.IntN(5); {
			case k == 0 && len(articles) > 0: // a copy of an earlier article, itself perhaps a copy
				src := articles[rng.IntN(len(articles))]
				a.Title, a.Text = src.Title, src.Text
				if rng.IntN(2) == 0 {
					a.Text += " The report was updated."
				}
			case k == 1: // a title only
				a.Title = "Breaking: " + strconv.Itoa(rng.IntN(3))
			default:
				b := bases[rng.IntN(len(bases))]
				a.Title = strings.Join(strings.Fields(b)[:min(8, len(strings.Fields(b)))], " ")
				if a.Title == "" {
					a.Title = "Untitled"
				}
				a.Text = b
			}
			articles = append(articles, a)
		}
		res := cluster.Group(articles, nil, cluster.Options{})
		seen := map[string]int{}
		for _, s := range res.Stories {
			for _, e := range s.Events {
				for _, a := range e.Articles {
					seen[a.ID]++
					for _, c := range a.Copies {
						seen[c.ArticleID]++
					}
				}
			}
		}
		for _, a := range articles {
			if seen[a.ID] != 1 {
				t.Errorf("seed %d: article %s (%q, %s) is in %d events", seed, a.ID, a.Title, a.Outlet, seen[a.ID])
			}
		}
		if len(seen) != len(articles) {
			t.Errorf("seed %d: %d articles in events, %d given", seed, len(seen), len(articles))
		}
	}
}

// TestSiblingEvents: two happenings of one kind on one day — two players
// of one team arrested for drunk driving — share many words; the person
// each is about tells them apart (TestSiblingsStayApartInOneStoryline
// tests the rule itself).
func TestSiblingEvents(t *testing.T) {
	at := time.Date(2025, 2, 13, 8, 0, 0, 0, time.UTC)
	report := func(id, title, text string, minutes int) news.Article {
		return news.Article{ID: id, Outlet: "Outlet " + id, Language: "en", Title: title, Text: text,
			Published: at.Add(time.Duration(minutes) * time.Minute)}
	}
	articles := []news.Article{
		report("jackson0", "Chargers' Jackson arrested on suspicion of DUI",
			"San Diego Chargers receiver Vincent Jackson was arrested on suspicion of drunk driving early Monday, the California Highway Patrol said. Jackson was stopped on Interstate 15 after midnight and failed a breath test, officers said.", 0),
		report("jackson1", "Chargers receiver Jackson arrested for DUI",
			"The Chargers said they were aware of the arrest of Vincent Jackson on suspicion of driving under the influence. Jackson, who was released on bail, faces a hearing next month, and coach Norv Turner said Jackson would play on Sunday.", 20),
		report("jackson2", "Jackson faces DUI charge after arrest",
			"Vincent Jackson of the San Diego Chargers faces a DUI charge after his arrest on Interstate 15, the Highway Patrol said. It is the second arrest of Jackson in two years.", 40),
		report("williams0", "Chargers' Williams arrested on suspicion of DUI",
			"Chargers defensive tackle Jamal Williams was arrested on suspicion of driving under the influence in Mission Valley, police said. Williams refused a breath test and was booked into county jail before dawn.", 10),
		report("williams1", "Chargers lineman Williams faces DUI charges",
			"Jamal Williams, the Chargers' Pro Bowl nose tackle, was taken into custody after officers saw his car weaving near Mission Valley. The team said Williams would cooperate with the city attorney.", 30),
		report("williams2", "City attorney weighs DUI charges against Williams",
			"The San Diego city attorney is weighing drunk driving charges against Jamal Williams after his arrest in Mission Valley. Williams posted bail on Tuesday; the Chargers declined to comment further.", 50),
	}
	eventOf := eventOf(cluster.Group(articles, nil, cluster.Options{}))
	for _, who := range []string{"jackson", "williams"} {
		for k := 1; k < 3; k++ {
			if id := fmt.Sprintf("%s%d", who, k); eventOf[id] != eventOf[who+"0"] {
				t.Errorf("%s is not in the event of %s0", id, who)
			}
		}
	}
	if eventOf["jackson0"] == eventOf["williams0"] {
		t.Error("the two arrests are one event")
	}
}
