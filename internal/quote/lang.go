package quote

import (
	"strings"
	"unicode"
)

// Languages other than English: Ukrainian, Russian, German, French,
// Spanish and Turkish news attribute quotes with their own verbs, frames
// and word order ("«…», — заявил Рютте"; "„…“, so Rutte"; "« … »,
// a-t-il déclaré"; "Rutte, "…" dedi"). English keeps the rules of
// attrib.go; the other languages go through intl.go with a lexicon.

// lexicon holds the words that attribute speech in one language.
type lexicon struct {
	lang string
	// verbs are the forms of speech verbs ("заявил", "sagte", "déclaré").
	verbs map[string]bool
	// afterOnly lead to the speaker only right after a quote ("„…“, so Rutte").
	afterOnly map[string]bool
	// frames say "according to" before a name: {"по", "словам"}, {"selon"}.
	frames [][]string
	// postFrames say it after the name: "Rutte'ye göre", "Rutte zufolge".
	postFrames map[string]bool
	// participles introduce the speaker after a Turkish quote ("…" diyen Rutte).
	participles map[string]bool
	// participleEndings end the participles that qualify a subject
	// ("soruları yanıtlayan Rutte, "…" dedi").
	participleEndings []string
	pronouns          map[string]gender
	// articles open a noun phrase; the definite ones make a description
	// point at someone named before.
	articles, definite map[string]bool
	// roles are lowercase words of offices and roles and their modifiers;
	// titleSuffixes end capitalised ones ("NATO-Generalsekretär", "Sekreteri").
	roles         map[string]bool
	titleSuffixes []string
	// connectors may stand inside a role ("secrétaire général de l'Otan").
	connectors map[string]bool
	particles  map[string]bool // inside a name: "von", "de", "фон"
	// stops are function words; a capitalised word after one is an object
	// or a place, and at the start of a sentence one is no name.
	stops map[string]bool
	// skip are adverbs, auxiliaries and particles around a speech verb.
	skip map[string]bool
	// roleAliases map a short form of an office to the head word of its
	// full form: "генсек" is a "генеральний секретар".
	roleAliases map[string]string
	// speechNouns said with a lightVerb speak: `"…" yanıtını verdi`.
	speechNouns, lightVerbs map[string]bool
	// noArticles: a bare role is definite ("— добавил генсек").
	noArticles bool
	cyrillic   bool
	// verbFinal: the speaker comes before the quote, the verb after it.
	verbFinal bool
	// singleQuotes: straight single marks quote at the top level.
	singleQuotes bool
	// dashQuotes: a paragraph led by a dash is speech ("— Мы готовы, — сказал Рютте.").
	dashQuotes bool
	// postAdjectives: adjectives follow the role they qualify ("le
	// président français", "el presidente estadounidense").
	postAdjectives bool
	// ownerEndings end the place, organisation or person in the genitive
	// whose office a role word names, before it: German "-s" ("Bayerns
	// Ministerpräsident", "Frankreichs Präsident"); in Turkish any word
	// ("Merkez Bankası Başkanı", "Fransa Cumhurbaşkanı").
	ownerEndings []string
}

// ExtractLang is Extract for an article in a known language (an ISO 639-1
// code such as "uk", "de"); with lang empty the language is detected
// from the text. Languages without rules of their own are read as English.
func ExtractLang(text, lang string) []Quote {
	if lang == "" {
		lang = detectLang(text)
	}
	return extract(text, lexiconFor(lang))
}

// lexiconFor returns the lexicon of a language, nil for English and for
// languages without one.
func lexiconFor(lang string) *lexicon {
	return lexicons[strings.ToLower(lang)]
}

// detectLang guesses the language of a text from its script and its most
// common function words; it only needs to tell apart the languages that
// have a lexicon, and says "en" when in doubt.
func detectLang(text string) string {
	var cyr, latin, uk, ru int
	scores := map[string]int{}
	n := 0
	for w := range strings.FieldsFuncSeq(text, func(c rune) bool { return !unicode.IsLetter(c) && c != '\'' }) {
		if n++; n > 1000 {
			break
		}
		var marked [len(letterLangs)]bool // languages whose letters the word has
		for _, c := range w {
			if c < unicode.MaxASCII {
				latin++
				continue
			}
			for i, l := range letterLangs {
				if strings.ContainsRune(l.letters, c) {
					marked[i] = true
				}
			}
			switch {
			case unicode.Is(unicode.Cyrillic, c):
				cyr++
				switch c {
				case 'і', 'ї', 'є', 'ґ', 'І', 'Ї', 'Є':
					uk++
				case 'ы', 'э', 'ъ', 'ё', 'Ы', 'Э':
					ru++
				}
			case unicode.Is(unicode.Latin, c):
				latin++
			}
		}
		if len(w) <= 10 {
			if l, ok := functionWords[strings.ToLower(w)]; ok {
				scores[l]++
			}
		}
		for i, l := range letterLangs {
			if marked[i] {
				scores[l.lang]++
			}
		}
	}
	if cyr > latin {
		if uk > ru {
			return "uk"
		}
		return "ru"
	}
	best := "en"
	for _, l := range []string{"de", "fr", "es", "tr"} {
		// Another language must clearly outweigh English: a quoted phrase
		// or a name in it does not make an English article foreign.
		if scores[l] > 2*scores["en"]+1 && scores[l] > scores[best] {
			best = l
		}
	}
	return best
}

// letterLangs are the letters that mark a word as German, French,
// Spanish or Turkish; some are shared.
var letterLangs = [...]struct{ lang, letters string }{
	{"de", "äöüßÄÖÜ"}, {"fr", "éèêçœàùâîÉÈ"}, {"es", "ñ¿¡áíóúé"}, {"tr", "ğşıöüİŞĞ"},
}

// functionWords are frequent words of one language only.
var functionWords = func() map[string]string {
	m := map[string]string{}
	for lang, ws := range map[string]string{
		"en": "the and of to that is was with for he she it this said are have has were from",
		"de": "der die das und ist nicht mit sich auf dass ein eine auch den dem von sagte im zu wird wurde",
		"fr": "le les des est une et pour dans qui pas du au sur avec ce il elle selon être sont",
		"es": "el los las del y una por para con es lo se su según dijo pero como más",
		"tr": "ve bir bu için ile olarak çok daha gibi olan dedi ise ancak değil kadar göre diye",
	} {
		for _, w := range strings.Fields(ws) {
			m[w] = lang
		}
	}
	return m
}()
