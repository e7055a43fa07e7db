package extract

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
)

// Thresholds of the checks, measured on the development pages with the
// first sentence of each gold body standing in for the teaser.
const (
	// minWords is the fewest words a kept text has.
	minWords = 15
	// teaserOverlap is the least share of the teaser's content words the
	// lead of the text (its first leadWords words) must contain. With each
	// development page's first sentence as its teaser none of 90 texts is
	// refused at 0.35, while another page's teaser passes in 69 of 8,191
	// pairs (0.8%; some pairs are the same site on the same topic).
	teaserOverlap = 0.35
	// leadWords is how much of the text's start the teaser is sought in: a
	// teaser sums up the lead, and a long text holds most common words.
	leadWords = 300
	// minTeaserUnits is the fewest content words a teaser needs for the
	// overlap to be judged at all.
	minTeaserUnits = 3
	// stemLen is how many leading letters compare words: inflected forms
	// ("України", "Україна"; "Regierung", "Regierungs") then match.
	stemLen = 6
	// shortText is the length (in letters and digits) under which a text
	// that carries a wall phrase anywhere is taken for the wall itself.
	shortText = 1500
	// tailRunes is how much of the end of a longer text is searched for a
	// paywall's "subscribe to continue": the free part of a paywalled
	// article ends with it.
	tailRunes = 600
)

// check returns why a (cleaned) text, given as its words, should not
// replace the teaser, or "".
func check(words []string, h Hints) string {
	if len(words) < minWords {
		return fmt.Sprintf("too little text (%d words)", len(words))
	}
	if tw := len(wordsOf(h.Teaser)); len(words) < tw {
		return fmt.Sprintf("text shorter than the teaser (%d words, teaser %d)", len(words), tw)
	}
	if share, n := overlap(h.Teaser, words, h.Language); n >= minTeaserUnits && share < teaserOverlap {
		return fmt.Sprintf("text does not carry the teaser (%.0f%% of its words)", 100*share)
	}
	return ""
}

// TeaserOverlap returns the share of the teaser's content words that occur
// in the lead of text (its first leadWords words), and how many content
// words the teaser has. Words are compared
// case-folded by their first letters (up to stemLen, a final letter of a
// shorter word left out), so inflection and light rewording still match
// ("Києві" and "Київ", "Regierungs" and "Regierung"); stop words of lang
// (of every known language when lang is empty or unknown) do not count.
// In scripts written without spaces (Chinese, Japanese, Thai) letter pairs
// stand in for words.
func TeaserOverlap(teaser, text, lang string) (share float64, n int) {
	return overlap(teaser, wordsOf(text), lang)
}

// overlap is TeaserOverlap of the text's words.
func overlap(teaser string, all []string, lang string) (share float64, n int) {
	stop := stopWords[lang]
	if stop == nil {
		stop = allStopWords
	}
	want := map[string][]rune{} // comparison key → the teaser's word
	for _, w := range wordsOf(teaser) {
		if unspaced(w) {
			for _, p := range pairs(w) {
				want[p] = nil
			}
			continue
		}
		r := []rune(w)
		if stop[w] || len(r) < 3 && !isNumber(w) {
			continue
		}
		key := r
		if !isNumber(w) && len(r) > 4 {
			key = r[:min(len(r)-1, stemLen)]
		}
		want[string(key)] = r
	}
	if len(want) == 0 {
		return 1, 0
	}
	// The lead's words and their prefixes of 4 to stemLen letters.
	words, prefixes := map[string]bool{}, map[string]bool{}
	for _, w := range all[:min(len(all), leadWords)] {
		if unspaced(w) {
			for _, p := range pairs(w) {
				words[p] = true
			}
			continue
		}
		words[w] = true
		r := []rune(w)
		for k := 4; k <= stemLen && k < len(r); k++ {
			prefixes[string(r[:k])] = true
		}
	}
	found := 0
	for key, w := range want {
		if words[key] || prefixes[key] || shorterForm(w, words) {
			found++
		}
	}
	return float64(found) / float64(len(want)), len(want)
}

// shorterForm reports whether words holds a shorter form of w: a word of
// at least 4 letters that w starts with ("метро" for "метрополітену").
func shorterForm(w []rune, words map[string]bool) bool {
	for k := 4; k < len(w)-1; k++ {
		if words[string(w[:k])] {
			return true
		}
	}
	return false
}

// pairs returns the letter pairs of a word.
func pairs(w string) []string {
	r := []rune(w)
	if len(r) < 2 {
		return []string{w}
	}
	out := make([]string, 0, len(r)-1)
	for i := 0; i+1 < len(r); i++ {
		out = append(out, string(r[i:i+2]))
	}
	return out
}

// wordsOf returns the lower-cased words of s: runs of letters, numbers and
// "_" (Python's \w+), marks inside a word kept.
func wordsOf(s string) []string {
	words := strings.FieldsFunc(s, notInWord)
	for i, w := range words {
		words[i] = strings.ToLower(w) // no copy when w is lower case already
	}
	return words
}

func notInWord(r rune) bool {
	if r < utf8.RuneSelf {
		return !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' || r == '_')
	}
	return !isWord(r) && !unicode.Is(unicode.Mn, r) && !unicode.Is(unicode.Mc, r)
}

func isNumber(w string) bool {
	for _, r := range w {
		if !unicode.IsDigit(r) {
			return false
		}
	}
	return true
}

// unspaced reports whether a word is in a script written without spaces.
func unspaced(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Thai, unicode.Lao, unicode.Khmer, unicode.Myanmar)
}

// Wall phrases, lower case, straight apostrophes. Each is specific enough
// that an article quoting it is rare, and still only counts where a wall
// puts it: in a short text, or (paywalls) at the end of a longer one.
var (
	paywallPhrases = []string{
		// English
		"subscribe to continue reading", "subscribe to keep reading", "subscribe to read the full",
		"subscribe now to continue", "subscribe now to read",
		"to continue reading, subscribe", "to continue reading this article", "to read the full article",
		"to read the rest of this", "this article is for subscribers", "this content is for subscribers",
		"this article is only available to", "this content is only available to", "available to subscribers only",
		"exclusive to subscribers", "for subscribers only", "subscribers only", "already a subscriber?",
		"you have reached your limit of free", "you've reached your limit of free", "free articles remaining",
		"you have read all of your free", "you've read all of your free", "remaining free article",
		"start your subscription to", "become a subscriber to continue", "unlock this article",
		// German
		"weiterlesen mit", "jetzt abonnieren und weiterlesen", "nur für abonnenten", "exklusiv für abonnenten",
		"dieser artikel ist nur für", "um den artikel weiterzulesen", "um weiterzulesen", "bereits abonnent?",
		"lesen sie jetzt weiter mit", "dieser inhalt ist exklusiv",
		// French
		"réservé aux abonnés", "la suite est réservée", "abonnez-vous pour lire", "abonnez-vous pour continuer",
		"déjà abonné ?", "déjà abonné?", "de cet article à lire", "article réservé",
		// Spanish
		"exclusivo para suscriptores", "suscríbete para seguir leyendo", "suscríbete para continuar",
		"para seguir leyendo", "para continuar leyendo", "¿ya eres suscriptor", "contenido exclusivo para",
		// Russian
		"доступно только подписчикам", "только для подписчиков", "оформите подписку, чтобы",
		"чтобы продолжить чтение", "чтобы прочитать статью полностью", "чтобы читать дальше",
		// Ukrainian
		"доступно лише передплатникам", "лише для передплатників", "тільки для передплатників",
		"оформіть передплату", "щоб продовжити читання", "щоб прочитати статтю повністю",
		"оформіть підписку", "щоб читати далі",
		// Turkish
		"okumaya devam etmek için", "abonelere özel", "devamını okumak için abone",
	}
	loginPhrases = []string{
		"sign in to continue", "log in to continue", "login to continue", "sign in to read",
		"log in to read", "you must be logged in", "you need to be logged in", "please log in to",
		"please sign in to", "create a free account to continue", "register to continue reading",
		"register for free to continue", "bitte melden sie sich an", "melden sie sich an, um",
		"anmelden, um weiterzulesen", "registrieren sie sich kostenlos", "connectez-vous pour",
		"identifiez-vous pour", "inicia sesión para", "regístrate para seguir", "войдите, чтобы",
		"авторизуйтесь, чтобы", "зарегистрируйтесь, чтобы", "увійдіть, щоб", "авторизуйтеся, щоб",
		"зареєструйтеся, щоб", "devam etmek için giriş yap", "okumak için giriş yap", "üye girişi yapın",
	}
	consentPhrases = []string{
		"before you continue to", "we value your privacy", "we care about your privacy",
		"your privacy choices", "this site uses cookies", "this website uses cookies", "we use cookies",
		"accept all cookies", "accept cookies", "manage cookie preferences", "cookie settings",
		"consent to the use of cookies", "by clicking \"accept", "by clicking 'accept", "by clicking accept",
		"bevor sie zu google weitergehen", "wir verwenden cookies", "diese website verwendet cookies",
		"cookies zustimmen", "alle akzeptieren", "ihre privatsphäre ist uns wichtig",
		"nous utilisons des cookies", "ce site utilise des cookies", "accepter les cookies", "tout accepter",
		"avant d'accéder", "utilizamos cookies", "este sitio web utiliza cookies", "aceptar cookies",
		"aceptar todas", "мы используем файлы cookie", "мы используем cookie",
		"этот сайт использует cookie", "принять cookie", "принять все", "ми використовуємо файли cookie",
		"ми використовуємо cookie", "цей сайт використовує cookie", "прийняти всі", "çerez kullanıyoruz",
		"çerezleri kabul", "tümünü kabul et", "çerez politikası",
	}
	jsPhrases = []string{
		"enable javascript", "javascript is disabled", "javascript is required", "javascript must be enabled",
		"requires javascript", "turn on javascript", "activate javascript", "javascript enabled",
		"enable js", "need to enable javascript", "browser does not support javascript",
		"javascript aktivieren", "javascript ist deaktiviert", "aktivieren sie javascript",
		"activer javascript", "activez javascript", "javascript est désactivé", "habilita javascript",
		"habilitar javascript", "activa javascript", "включите javascript", "javascript отключен",
		"увімкніть javascript", "javascript вимкнено", "javascript'i etkinleştir", "javascript'i açın",
	}
)

// wall returns "paywall", "login wall", "consent wall" or "JavaScript-only
// page" when the extracted paragraphs are one, or are the free part of a
// paywalled article, else "".
func wall(paras []string, doc *html.Node, page []byte) string {
	total := 0
	for _, p := range paras {
		total += letters(p)
	}
	if total >= shortText {
		// A long text is an article; only a paywall's last words count.
		if hasAny(fold(tail(paras, tailRunes)), paywallPhrases) {
			return "paywall"
		}
		return ""
	}
	all := fold(strings.Join(paras, "\n"))
	switch {
	case hasAny(all, loginPhrases):
		return "login wall"
	case hasAny(all, paywallPhrases):
		return "paywall"
	case 3*bannerLetters(paras, consentPhrases) >= total:
		return "consent wall"
	case 3*bannerLetters(paras, jsPhrases) >= total:
		return "JavaScript-only page"
	case notFree(page):
		return "paywall (isAccessibleForFree: false)"
	case hasAny(fold(visibleText(doc)), paywallPhrases):
		return "paywall"
	}
	return ""
}

// tail returns the last n runes of the paragraphs joined by "\n", and the
// whole last paragraph.
func tail(paras []string, n int) string {
	last := paras[len(paras)-1]
	var parts []string
	for i := len(paras) - 1; i >= 0 && n > 0; i-- {
		p := paras[i]
		if k := utf8.RuneCountInString(p); k > n {
			r := []rune(p)
			p = string(r[k-n:])
		}
		n -= utf8.RuneCountInString(p) + 1
		parts = append(parts, p)
	}
	slices.Reverse(parts)
	return strings.Join(parts, "\n") + "\n" + last
}

// bannerLetters counts the letters of the paragraphs that carry one of
// the phrases. A cookie or JavaScript notice caught in an article is a
// line of it; on a wall page it is most of the text.
func bannerLetters(paras []string, phrases []string) int {
	n := 0
	for _, p := range paras {
		if hasAny(fold(p), phrases) {
			n += letters(p)
		}
	}
	return n
}

// isBanner reports whether a paragraph is a cookie or JavaScript notice:
// short, and carrying one of their phrases.
func isBanner(p string, words int) bool {
	f := fold(p)
	return words <= maxPrompt*2 && (hasAny(f, consentPhrases) || hasAny(f, jsPhrases))
}

// letters counts the letters and digits of s.
func letters(s string) int {
	n := 0
	for _, r := range s {
		if isWord(r) {
			n++
		}
	}
	return n
}

// notFree reports whether the page marks itself as paywalled with
// schema.org's isAccessibleForFree (JSON-LD or microdata).
func notFree(page []byte) bool {
	const prop = "isAccessibleForFree"
	for rest := page; ; {
		i := bytes.Index(rest, []byte(prop))
		if i < 0 {
			return false
		}
		rest = rest[i+len(prop):]
		v := bytes.ToLower(rest[:min(len(rest), 40)])
		if j := bytes.IndexAny(v, "ft"); j >= 0 && bytes.HasPrefix(v[j:], []byte("false")) {
			return true
		}
	}
}

// visibleText returns the text of a page outside scripts and styles (up
// to 1 MiB), <noscript> included.
func visibleText(doc *html.Node) string {
	if doc == nil {
		return ""
	}
	var b strings.Builder
	var walk func(n *html.Node, depth int)
	walk = func(n *html.Node, depth int) {
		if b.Len() > 1<<20 || depth > MaxDepth {
			return
		}
		switch {
		case n.Type == html.TextNode:
			b.WriteString(n.Data)
			b.WriteByte(' ')
		case n.Type == html.ElementNode && (n.Data == "script" || n.Data == "style"):
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, depth+1)
		}
	}
	walk(doc, 0)
	return b.String()
}

// fold lower-cases s, straightens apostrophes and quotes and collapses
// white space, for phrase matching.
func fold(s string) string {
	return strings.Join(strings.Fields(foldMarks.Replace(strings.ToLower(s))), " ")
}

var foldMarks = strings.NewReplacer("’", "'", "‘", "'", "“", "\"", "”", "\"", "«", "\"", "»", "\"", "\u00a0", " ")

func hasAny(s string, phrases []string) bool {
	for _, p := range phrases {
		if strings.Contains(s, p) {
			return true
		}
	}
	return false
}
