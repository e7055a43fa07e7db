package quote

import (
	"strings"
	"unicode"
)

// Ukrainian and Russian inflect names: "Зеленський" is "Зеленського" in
// the genitive, "Путин" is "Путина". A speaker is given in the nominative
// where a simple rule knows it, and the forms of one name are one person.

// genitiveEndings turn the genitive ending of a name word into the
// nominative, longest first. A word ending otherwise ("Рютте",
// "Шевченко") does not decline.
var genitiveEndings = []struct{ gen, nom string }{
	{"ського", "ський"}, {"цького", "цький"}, {"ского", "ский"}, {"цкого", "цкий"},
	{"ської", "ська"}, {"цької", "цька"}, {"ской", "ская"}, {"цкой", "цкая"},
	{"ової", "ова"}, {"евої", "ева"}, {"євої", "єва"}, {"іної", "іна"},
	{"овой", "ова"}, {"евой", "ева"}, {"иной", "ина"},
	{"ого", "ий"}, {"ії", "ія"}, {"ии", "ия"}, {"ея", "ей"}, {"ая", "ай"},
	{"ія", "ій"}, {"ия", "ий"}, {"ы", "а"}, {"и", "а"}, {"а", ""},
}

// nominative returns the nominative of a name word in the genitive, as a
// frame such as "за словами" or "по словам" puts it.
func (lx *lexicon) nominative(w string) string {
	rs := []rune(w)
	if len(rs) < 4 || !unicode.IsUpper(rs[0]) {
		return w // a particle ("фон") or too short to tell
	}
	low := strings.ToLower(w)
	for _, e := range genitiveEndings {
		if strings.HasSuffix(low, e.gen) {
			return w[:len(w)-len(e.gen)] + e.nom
		}
	}
	if strings.HasSuffix(low, "я") { // Ігоря → Ігор, Игоря → Игорь
		if lx.lang == "ru" {
			return strings.TrimSuffix(w, "я") + "ь"
		}
		return strings.TrimSuffix(w, "я")
	}
	return w
}

// caseEndings are the endings a Cyrillic name word takes in its cases,
// longest first.
var caseEndings = []string{"ого", "ому", "ими", "ым", "им", "ім", "ем", "єм", "ом", "ой",
	"ей", "ою", "ею", "ий", "ій", "ый", "ої", "ая", "ія", "ия", "ея", "ии", "ії",
	"а", "я", "у", "ю", "е", "є", "і", "и", "ы", "ь"}

// sameWord reports whether two name words are the same name: equal but
// for case, or forms of one Cyrillic name ("Путина" and "Путин").
func sameWord(a, b string) bool {
	if strings.EqualFold(a, b) {
		return true
	}
	return isCyrillic(a) && isCyrillic(b) && nameStem(a) == nameStem(b)
}

// nameStem strips a Cyrillic name word's case ending, keeping three
// letters at least.
func nameStem(w string) string {
	w = strings.ToLower(w)
	for _, e := range caseEndings {
		if s, ok := strings.CutSuffix(w, e); ok && len([]rune(s)) >= 3 {
			return s
		}
	}
	return w
}

func isCyrillic(w string) bool {
	for _, c := range w {
		return unicode.Is(unicode.Cyrillic, c)
	}
	return false
}
