package app_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/newsdigest/newsdigest/internal/cluster"
	"github.com/newsdigest/newsdigest/internal/news"
	"github.com/newsdigest/newsdigest/internal/quote"
	"github.com/newsdigest/newsdigest/internal/sample"
	"github.com/newsdigest/newsdigest/internal/text"
)

// foreignReport is one report of testdata/languages.json: a bundled
// story as an outlet in another language tells it, with its direct quotes
// and who said them (named as the English feeds name them).
type foreignReport struct {
	ID        string `json:"id"`
	Lang      string `json:"lang"`
	Outlet    string `json:"outlet"`
	Published string `json:"published"`
	Title     string `json:"title"`
	Text      string `json:"text"`
	Event     string `json:"event"` // story key of feeds/README.md
	Quotes    []struct {
		Text    string `json:"text"`
		Speaker string `json:"speaker"`
	} `json:"quotes"`
}

// TestStoriesInOtherLanguages is a held-out check of the story engine on
// the bundled stories as reported in Ukrainian, Russian, German, Turkish,
// Spanish and French (testdata/languages.json, written apart from the
// rules): the reports are grouped with the bundled feeds, once with the
// language their outlet names and once with the language detected as for
// a feed that names none, and their quotes are extracted in that language.
// It counts the reports that join the English coverage of their story,
// those that join an English item of another story, the gold quotes given
// to the right speaker, and the quotes given to Putin (whom the reports
// only talk about). The floors are today's numbers.
//
// Today (both runs; every report is detected as its own language): all
// 8 reports join, none wrongly; all 18 quotes get the right speaker, none
// goes to Putin (the Rutte quotes about Putin in uk, ru, de and tr stay
// Rutte's).
func TestStoriesInOtherLanguages(t *testing.T) {
	body, err := os.ReadFile(filepath.Join("testdata", "languages.json"))
	if err != nil {
		t.Fatal(err)
	}
	var fixture struct {
		Reports []foreignReport `json:"reports"`
	}
	if err := json.Unmarshal(body, &fixture); err != nil {
		t.Fatal(err)
	}
	bundled := sample.Articles(t)
	story, _ := sample.Labels(t)
	for _, a := range bundled {
		if story[a.Title] == "" {
			t.Fatalf("feeds/README.md has no label for %q", a.Title)
		}
	}
	putin := text.CrossKey("Vladimir Putin", "en")
	for _, name := range []string{"Путін", "Путин", "Putin'in"} {
		if k := text.CrossKey(name, ""); k != putin {
			t.Fatalf("CrossKey(%q) = %q, CrossKey(Vladimir Putin) = %q: quotes credited to Putin would go uncounted", name, k, putin)
		}
	}

	type floors struct{ joined, wrong, right, toPutin int }
	for _, run := range []struct {
		name string
		want floors
	}{
		{"named", floors{joined: 8, wrong: 0, right: 18, toPutin: 0}},
		{"detected", floors{joined: 8, wrong: 0, right: 18, toPutin: 0}},
	} {
		articles := append([]news.Article(nil), bundled...)
		langs := map[string]string{}
		for _, r := range fixture.Reports {
			published, err := time.Parse(time.RFC3339, r.Published)
			if err != nil {
				t.Fatalf("%s: %v", r.ID, err)
			}
			lang := r.Lang
			if run.name == "detected" {
				lang = text.Detect(r.Title+"\n"+r.Text, text.Languages...) // as parse does for a feed that names none
			}
			langs[r.ID] = lang
			articles = append(articles, news.Article{ID: r.ID, FeedID: r.Outlet, Outlet: r.Outlet, Language: lang,
				Title: r.Title, Text: r.Text, Published: published.UTC(), Fetched: sample.Now})
		}

		// The English items of each event.
		res := cluster.Group(articles, nil, cluster.Options{})
		english := map[string][]news.Article{} // event ID -> its English items
		eventOf := map[string]string{}
		for _, s := range res.Stories {
			for _, e := range s.Events {
				for _, a := range e.Articles {
					eventOf[a.ID] = e.ID
					if a.Language == "en" && story[a.Title] != "" {
						english[e.ID] = append(english[e.ID], a)
					}
					for _, c := range a.Copies {
						eventOf[c.ArticleID] = e.ID
					}
				}
			}
		}

		var got floors
		total := 0
		for _, r := range fixture.Reports {
			// Joined: with English coverage of its story from within two
			// days (the 13 Feb press conference, not the 12 Dec speech).
			published, _ := time.Parse(time.RFC3339, r.Published)
			joined, wrong := false, ""
			for _, a := range english[eventOf[r.ID]] {
				if k := story[a.Title]; k != r.Event {
					wrong = k
				} else if d := a.Published.Sub(published); d < 48*time.Hour && d > -48*time.Hour {
					joined = true
				}
			}
			if joined {
				got.joined++
			} else {
				t.Logf("%s (%s): not with the English coverage of %s", r.ID, langs[r.ID], r.Event)
			}
			if wrong != "" {
				got.wrong++
				t.Logf("%s (%s): joined English items of %s", r.ID, langs[r.ID], wrong)
			}

			extracted := quote.ExtractLang(r.Text, langs[r.ID])
			for _, q := range extracted {
				if q.Speaker != "" && text.CrossKey(q.Speaker, langs[r.ID]) == putin {
					got.toPutin++
					t.Logf("%s (%s): %q credited to %s", r.ID, langs[r.ID], q.Text, q.Speaker)
				}
			}
			for _, g := range r.Quotes {
				total++
				i := strings.Index(r.Text, g.Text)
				if i < 0 {
					t.Fatalf("%s: quote %q is not in the text", r.ID, g.Text)
				}
				start := utf8.RuneCountInString(r.Text[:i])
				end := start + utf8.RuneCountInString(g.Text)
				var speakers []string
				right := true
				for _, q := range extracted {
					if q.Start < end && start < q.End {
						speakers = append(speakers, q.Speaker)
						right = right && sameSpeaker(q.Speaker, g.Speaker, langs[r.ID])
					}
				}
				if right && len(speakers) > 0 {
					got.right++
				} else {
					t.Logf("%s (%s): %q by %s, extracted with speakers %q", r.ID, langs[r.ID], g.Text, g.Speaker, speakers)
				}
			}
		}
		t.Logf("%s languages: joined %d of %d, %d wrong; quotes %d of %d right, %d to Putin",
			run.name, got.joined, len(fixture.Reports), got.wrong, got.right, total, got.toPutin)
		if got.joined < run.want.joined || got.wrong > run.want.wrong || got.right < run.want.right || got.toPutin > run.want.toPutin {
			t.Errorf("%s languages: joined %d, wrong %d, right quotes %d, to Putin %d; want at least %d joined and %d right, at most %d wrong and %d to Putin",
				run.name, got.joined, got.wrong, got.right, got.toPutin, run.want.joined, run.want.right, run.want.wrong, run.want.toPutin)
		}
	}
}

// sameSpeaker says whether the extracted speaker is the gold one: the same
// name in any case, or a name whose last word has the same cross-language
// key (Рютте for Mark Rutte).
func sameSpeaker(got, gold, lang string) bool {
	if got == "" {
		return false
	}
	if strings.EqualFold(got, gold) {
		return true
	}
	k := text.CrossKey(gold, "en")
	return k != "" && text.CrossKey(got, lang) == k
}
