package text

import (
	"strings"
	"unicode/utf8"

	"github.com/RadhiFadlillah/whatlanggo"
	snowball "github.com/blevesearch/snowballstem"
	"github.com/blevesearch/snowballstem/arabic"
	"github.com/blevesearch/snowballstem/dutch"
	"github.com/blevesearch/snowballstem/french"
	"github.com/blevesearch/snowballstem/german"
	"github.com/blevesearch/snowballstem/italian"
	"github.com/blevesearch/snowballstem/portuguese"
	"github.com/blevesearch/snowballstem/russian"
	"github.com/blevesearch/snowballstem/spanish"
	"github.com/blevesearch/snowballstem/turkish"
	"github.com/kljensen/snowball/english"
)

// snowballStemmers are the official Snowball algorithms by ISO 639-1 code.
// English keeps kljensen's implementation, which the engine was tuned with.
var snowballStemmers = map[string]func(*snowball.Env) bool{
	"ar": arabic.Stem, "de": german.Stem, "es": spanish.Stem, "fr": french.Stem, "it": italian.Stem,
	"nl": dutch.Stem, "pt": portuguese.Stem, "ru": russian.Stem, "tr": turkish.Stem,
}

// Stem returns the stem of a lower-cased word in lang (ISO 639-1; "" is
// English). Languages without a stemmer keep the word.
func Stem(w, lang string) string {
	switch lang {
	case "", "en":
		if isCyrillic(w) {
			// A Cyrillic word in text taken for English (a search over
			// stories in every language): Ukrainian and Russian share
			// most endings.
			return stemUkrainian(w)
		}
		return english.Stem(w, false)
	case "uk":
		return stemUkrainian(w)
	case "tr":
		w = turkishNoun(w)
	}
	if stem := snowballStemmers[lang]; stem != nil {
		env := snowball.NewEnv(w)
		stem(env)
		return env.Current()
	}
	return w
}

// turkishNoun drops the case ending Turkish writes after an apostrophe on
// a proper noun (Ukrayna'nın, Rutte'ye): the noun is what matches.
func turkishNoun(w string) string {
	if i := strings.IndexAny(w, "'’"); i > 0 {
		return w[:i]
	}
	return w
}

// ukrainianSuffixes are the inflectional endings of Ukrainian nouns,
// adjectives and verbs, longest first. No Snowball algorithm exists for
// Ukrainian; stripping one ending, keeping at least three letters, joins
// the case forms of a word (Україна, України, Україні, Україну, Україною).
var ukrainianSuffixes = func() []string {
	s := strings.Fields(`ування ювання ування ували ювали ували ується ються уються ючись ачись
		ового овому овими ової овій ова ове ові овий ових
		ання ення іння ати яти ити іти ала яла ила іла али яли или іли ало яло ило ало
		ого ому ими іми ами ями ові еві ою ею єю ій ий их іх ем ом ам ям ах ях ів їв ей ив ав
		ть ся сь ла ли ло
		а я у ю і ї е є о и ь й в`)
	// Longest first, so that "ами" is tried before "и".
	out := make([]string, 0, len(s))
	seen := map[string]bool{}
	for _, x := range s {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && utf8.RuneCountInString(out[j]) > utf8.RuneCountInString(out[j-1]); j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}()

// stemUkrainian strips a reflexive ending and then one inflectional
// ending, leaving at least three letters.
func stemUkrainian(w string) string {
	n := utf8.RuneCountInString(w)
	for _, refl := range []string{"ся", "сь"} {
		if strings.HasSuffix(w, refl) && n-2 >= 4 {
			w, n = strings.TrimSuffix(w, refl), n-2
			break
		}
	}
	for _, suf := range ukrainianSuffixes {
		if strings.HasSuffix(w, suf) && n-utf8.RuneCountInString(suf) >= 3 {
			return strings.TrimSuffix(w, suf)
		}
	}
	return w
}

// Languages are the languages an article is told to be in when nothing
// says which: the service's own and their neighbours'. Detection among
// them is more reliable than among all that whatlanggo knows.
var Languages = []string{"en", "uk", "ru", "de", "fr", "es", "tr", "pl", "it", "pt", "nl", "ar"}

// Detect returns the ISO 639-1 code of the language text is written in,
// among allowed when that is not empty (detection among a few languages
// is far more reliable), or "" when it cannot tell.
func Detect(text string, allowed ...string) string {
	var opts whatlanggo.Options
	if len(allowed) > 0 {
		opts.Whitelist = map[whatlanggo.Lang]bool{}
		for l := range whatlanggo.Langs {
			for _, code := range allowed {
				if l.Iso6391() == code {
					opts.Whitelist[l] = true
				}
			}
		}
	}
	if len(text) > detectBytes {
		text = text[:detectBytes]
	}
	info := whatlanggo.DetectWithOptions(text, opts)
	if info.Lang < 0 || info.Confidence < minConfidence {
		return ""
	}
	return info.Lang.Iso6391()
}

// minConfidence is whatlanggo's confidence below which Detect does not
// guess.
const minConfidence = 0.2

// detectBytes is how much text language detection reads: a headline and
// a paragraph tell a language; more only costs time.
const detectBytes = 1500
