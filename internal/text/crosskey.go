package text

import (
	"strings"
	"sync"
	"unicode"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
	"golang.org/x/text/unicode/norm"
)

// CrossKey folds a name to a key that one person, place or body has in
// every language and script the service reads: "Рютте", "Rutte" and
// "Rutte'nin" meet, as do "Зеленський", "Зеленского", "Zelensky" and
// "Selenskyj", "Трамп" and "Trump", "НАТО", "NATO" and "OTAN". It is the
// name's last word, with a Slavic case ending stemmed, transliterated to
// Latin letters without accents, and reduced to its first letter and
// consonants (spellings across languages differ mostly in vowels, and in
// z/s, y/j/i, c/k, w/v). "" when nothing is left.
func CrossKey(name, lang string) string {
	keys := CrossKeys(name, lang)
	if len(keys) == 0 {
		return ""
	}
	return keys[0]
}

// CrossKeys is CrossKey and, for a word built with the Slavic suffix
// -ськ-/-ск- (or its Latin -sk-), also the key without it: the adjective
// of a place (Чорнобильської, "of Chornobyl") then meets the place, while
// Zelensky, Зеленський and Selenskyj still meet on the full key.
func CrossKeys(name, lang string) []string {
	k := crossKey(name, lang)
	if k == "" || k[0] == '=' {
		if k == "" {
			return nil
		}
		return []string{k}
	}
	if base, ok := strings.CutSuffix(k, "sk"); ok && len(base) >= 3 {
		return []string{k, base}
	}
	return []string{k}
}

func crossKey(name, lang string) string {
	f := strings.Fields(name)
	if len(f) == 0 {
		return ""
	}
	w := strings.ToLower(f[len(f)-1])
	w = turkishNoun(strings.TrimSuffix(strings.TrimSuffix(w, "'s"), "’s"))
	if k, ok := bodies[w]; ok {
		return k
	}
	if k := placeKey(w, lang); k != "" {
		return k
	}
	if isCyrillic(w) {
		switch lang {
		case "ru":
			w = Stem(w, "ru")
		default:
			w = stemUkrainian(w)
		}
	}
	latin := translit(w)
	if k, ok := bodies[latin]; ok {
		return k
	}
	return skeleton(latin)
}

// bodies are organisations whose acronym differs between languages.
var bodies = map[string]string{
	"nato": "=nato", "нато": "=nato", "otan": "=nato",
	"un": "=un", "оон": "=un", "onu": "=un", "uno": "=un", "bm": "=un",
	"eu": "=eu", "ес": "=eu", "єс": "=eu", "ue": "=eu", "ab": "=eu",
	"usa": "=usa", "us": "=usa", "сша": "=usa", "abd": "=usa", "eeuu": "=usa",
	"iaea": "=iaea", "магате": "=iaea", "магатэ": "=iaea", "aiea": "=iaea", "oiea": "=iaea", "uaea": "=iaea",
}

// placeKey is the key of a country named by w in any language the service
// reads ("Russland", "Russie", "России" and "Russia" are "=ru"), or of the
// language of a country, which English capitalises and uses for its people
// ("Russian"); "" when w names none.
func placeKey(w, lang string) string {
	m := places()
	if k, ok := m[w]; ok {
		return k
	}
	return m[Stem(w, lang)]
}

// places is built from CLDR's names of countries (golang.org/x/text), in
// every language of Languages, each as written and stemmed. Names of more
// than one word are left out: their last word ("Staaten") names nothing.
var places = sync.OnceValue(func() map[string]string {
	m := map[string]string{}
	add := func(name, lang, key string) {
		name = strings.ToLower(name)
		if name == "" || strings.ContainsAny(name, " -") {
			return
		}
		for _, w := range []string{name, Stem(name, lang), stemUkrainian(name)} {
			if _, taken := m[w]; !taken && len([]rune(w)) >= 3 {
				m[w] = key
			}
		}
	}
	for _, l := range Languages {
		names := display.Regions(language.Make(l))
		for a := 'A'; a <= 'Z'; a++ {
			for b := 'A'; b <= 'Z'; b++ {
				r, err := language.ParseRegion(string([]rune{a, b}))
				if err != nil || !r.IsCountry() || r.Canonicalize() != r {
					continue
				}
				add(names.Name(r), l, "="+strings.ToLower(r.String()))
			}
		}
	}
	// English names a country's people after its language ("Russian",
	// "Ukrainian"), where the language is named after the country.
	en := display.Languages(language.English)
	for _, l := range Languages {
		tag := language.Make(l)
		r, conf := tag.Region()
		country := strings.ToLower(display.Regions(language.English).Name(r))
		name := strings.ToLower(en.Name(tag))
		if conf >= language.Low && len(name) >= 3 && strings.HasPrefix(country, name[:3]) {
			add(name, "en", "="+strings.ToLower(r.String()))
		}
	}
	return m
})

func isCyrillic(w string) bool {
	for _, r := range w {
		if unicode.Is(unicode.Cyrillic, r) {
			return true
		}
	}
	return false
}

// cyrillic maps Ukrainian and Russian letters to Latin ones; ю, я, ё and
// є after a consonant are the vowel alone (Рютте: Rutte, Брюссель:
// Brussel).
var cyrillic = map[rune]string{
	'а': "a", 'б': "b", 'в': "v", 'г': "g", 'ґ': "g", 'д': "d", 'е': "e", 'є': "ye", 'ё': "yo", 'ж': "zh",
	'з': "z", 'и': "i", 'і': "i", 'ї': "yi", 'й': "y", 'к': "k", 'л': "l", 'м': "m", 'н': "n", 'о': "o",
	'п': "p", 'р': "r", 'с': "s", 'т': "t", 'у': "u", 'ф': "f", 'х': "kh", 'ц': "ts", 'ч': "ch", 'ш': "sh",
	'щ': "shch", 'ъ': "", 'ы': "y", 'ь': "", 'э': "e", 'ю': "yu", 'я': "ya", '\'': "", 'ʼ': "",
}

func translit(w string) string {
	var b strings.Builder
	prevConsonant := false
	for _, r := range norm.NFD.String(w) {
		if unicode.Is(unicode.Mn, r) {
			continue // accents: é, ü, ş, ı's dot
		}
		if s, ok := cyrillic[r]; ok {
			if prevConsonant && strings.HasPrefix(s, "y") && len(s) == 2 {
				s = s[1:]
			}
			b.WriteString(s)
			prevConsonant = s != "" && !strings.ContainsAny(s[:1], "aeiouy")
			continue
		}
		switch r {
		case 'ı':
			r = 'i'
		case 'ß':
			b.WriteString("ss")
			continue
		}
		if r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			b.WriteRune(r)
			prevConsonant = !strings.ContainsRune("aeiouy", r)
		}
	}
	return b.String()
}

// skeleton is a Latin word's first letter and its consonants, spelling
// variants folded; a word of fewer than three consonants keeps its inner
// vowels (Rutte: rut), as its consonants alone would meet too many others.
func skeleton(w string) string {
	for _, r := range []struct{ from, to string }{{"tsch", "ch"}, {"sch", "sh"}, {"ph", "f"}, {"kh", "h"}, {"ck", "k"}} {
		w = strings.ReplaceAll(w, r.from, r.to)
	}
	var folded []byte
	for i := 0; i < len(w); i++ {
		c := w[i]
		switch c {
		case 'j', 'y':
			c = 'i'
		case 'z':
			c = 's'
		case 'c':
			c = 'k'
		case 'w':
			c = 'v'
		case 'q':
			c = 'k'
		}
		if len(folded) > 0 && folded[len(folded)-1] == c {
			continue
		}
		folded = append(folded, c)
	}
	if len(folded) == 0 {
		return ""
	}
	out := []byte{folded[0]}
	for _, c := range folded[1:] {
		if !strings.ContainsRune("aeiou", rune(c)) {
			out = append(out, c)
		}
	}
	if len(out) >= 4 || len(out) == len(folded) {
		return string(out)
	}
	// Few consonants: keep the vowels inside, drop a final one.
	return strings.TrimRight(string(folded), "aeiou")
}
