package wordfreq

import (
	"testing"

	"github.com/newsdigest/newsdigest/internal/text"
)

func TestListsCoverLanguages(t *testing.T) {
	for _, lang := range text.Languages {
		m := For(lang)
		if len(m.words) < 8000 || len(m.terms) < 3000 {
			t.Errorf("%s: %d words, %d terms; want a list of about 10,000 words", lang, len(m.words), len(m.terms))
		}
	}
}

// Shares order words as news would: a common word above a rarer one
// above a name no list holds.
func TestShares(t *testing.T) {
	for _, c := range []struct {
		lang                  string
		common, topic, unlist string
	}{
		{"en", "government", "negotiator", "rutte"},
		{"de", "regierung", "verhandlung", "rutte"},
		{"uk", "люди", "переговори", "рютте"},
		{"ru", "люди", "переговоры", "рютте"},
		{"tr", "insanlar", "hükümet", "rutte"},
	} {
		m := For(c.lang)
		common, topic := m.Term(text.Term(c.common, c.lang)), m.Term(text.Term(c.topic, c.lang))
		if !(common > topic && topic > rare) {
			t.Errorf("%s: shares %s %.4f, %s %.4f, beyond the list %.5f: want them falling", c.lang, c.common, common, c.topic, topic, rare)
		}
		if got := m.Word(c.unlist); got != rare {
			t.Errorf("%s: %s has share %.5f, want that of a rare word %.5f", c.lang, c.unlist, got, rare)
		}
	}
	if a, b := For("en").Word("NATO"), For("en").Word("nato"); a != b || a <= rare {
		t.Errorf("Word(NATO) = %.5f, Word(nato) = %.5f: want one share, above a rare word's", a, b)
	}
	if For("xx").Term("said") != rare {
		t.Error("a language without a list should call every word rare")
	}
}
