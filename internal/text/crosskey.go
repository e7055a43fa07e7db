package text

import (
	"maps"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

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
	// A country, as written or stemmed ("Russlands", "России").
	countries := places()
	if k, ok := countries[w]; ok {
		return k
	}
	stem := Stem(w, lang)
	if isCyrillic(w) && lang != "ru" {
		stem = stemUkrainian(w) // Ukrainian and Russian share most endings
	}
	if k, ok := countries[stem]; ok {
		return k
	}
	if isCyrillic(w) {
		w = stem
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

// places maps countryNames and peoples, each as written and stemmed, to
// keys ("=ru"): "Russland", "Russie", "России", "Russia" and "Russian"
// (English names a people after its language) are one. countries.go is generated from CLDR (golang.org/x/text).
var places = sync.OnceValue(func() map[string]string {
	m := map[string]string{}
	add := func(name, lang, key string) {
		for _, w := range []string{name, Stem(name, lang), stemUkrainian(name)} {
			if _, taken := m[w]; !taken && utf8.RuneCountInString(w) >= 3 {
				m[w] = key
			}
		}
	}
	for _, lang := range Languages {
		for entry := range strings.SplitSeq(countryNames[lang], "|") {
			if name, code, ok := strings.Cut(entry, ":"); ok {
				add(name, lang, "="+code)
			}
		}
	}
	for _, name := range slices.Sorted(maps.Keys(peoples)) {
		add(name, "en", "="+peoples[name])
	}
	return m
})

//go:generate go run ./gencountries

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
