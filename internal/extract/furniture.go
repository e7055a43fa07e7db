package extract

import (
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Furniture that survives trafilatura is dropped paragraph by paragraph:
// the headline repeated above the text, date and byline lines at its ends,
// a lone URL above it, repeated paragraphs, cookie and JavaScript notices,
// and short prompts that open with a "Read more", "Related:", "Share this"
// (in the service's languages).
const (
	edgeHead    = 5  // how many leading paragraphs may be dates and bylines
	edgeTail    = 3  // how many trailing ones
	maxPrompt   = 25 // the most words a prompt paragraph has
	maxDateLine = 8  // the most words a date line has
)

// promptPrefixes open a paragraph that is a prompt, not prose (lower case;
// matched at a word boundary).
var promptPrefixes = []string{
	// English
	"related:", "related articles", "related stories", "related coverage", "related content",
	"read more", "read also", "read next", "see more:", "see also:", "more:", "don't miss",
	"recommended:", "advertisement", "share this", "share on", "share it", "like this story",
	"follow us on", "click here to", "subscribe to our", "sign up for our", "sign up to our",
	"get our newsletter", "filed under", "topics:",
	// German
	"mehr zum thema", "lesen sie auch", "lesen sie mehr", "auch interessant", "weitere artikel",
	"anzeige", "werbung", "teilen:", "schlagwörter",
	// French
	"à lire aussi", "lire aussi", "voir aussi", "publicité", "sur le même sujet", "partager sur",
	// Spanish
	"lee también", "leer más", "ver también", "te puede interesar", "publicidad", "compartir en",
	// Russian
	"читайте также", "читать также", "по теме:", "смотрите также", "реклама", "поделиться",
	"подпишитесь на",
	// Ukrainian
	"читайте також", "дивіться також", "по темі:", "на тему:", "поділитися", "підписуйтесь на",
	"підписуйтеся на",
	// Turkish
	"ayrıca bakınız", "ilginizi çekebilir", "ayrıca okuyun", "reklam", "paylaş",
}

// tagHeads head a list of the article's tags: they and what follows them
// at the end of the text go.
var tagHeads = map[string]bool{
	"tags": true, "tags:": true, "topics": true, "topics:": true, "schlagwörter": true,
	"étiquettes": true, "etiquetas": true, "теги": true, "теги:": true, "мітки": true, "etiketler": true,
}

var (
	urlRe      = regexp.MustCompile(`(?i)\b(?:https?://|www\.)\S+`)
	dateMarkRe = regexp.MustCompile(`\b(?:19|20)\d\d\b|\b\d{1,2}:\d\d\b`)
	bylineRe   = regexp.MustCompile(`(?i)^(?:by|von|par|por|від|от|автор:?|yazar:?)\s+(.+)$`)
)

// clean drops the furniture paragraphs of an extracted text; titles are
// the page's and the feed's headlines. It returns the paragraphs kept and
// their words (wordsOf), in order.
func clean(paras []string, titles ...string) (kept, words []string) {
	var heads [][]string
	for _, t := range titles {
		if w := wordsOf(t); len(w) > 0 {
			heads = append(heads, w)
		}
	}
	seen := map[string]bool{}
	kept = make([]string, 0, len(paras))
	for i, p := range paras {
		ws := wordsOf(p)
		key := strings.Join(ws, " ")
		edge := i < edgeHead || i >= len(paras)-edgeTail
		switch {
		case len(ws) == 0:
			continue
		case i < 3 && isHeadline(ws, heads):
			continue
		case len(ws) <= 2 && i >= len(paras)-edgeTail-2 && tagHeads[fold(p)]:
			return kept, words
		case len(ws) <= 2*maxPrompt && (isPrompt(p, len(ws)) || isBanner(p, len(ws))) || i < 2 && urlOnly(p):
			continue
		case edge && (isDateLine(p, ws) || isByline(p, len(ws))):
			continue
		case len(ws) >= 3 && seen[key]:
			continue
		}
		seen[key] = true
		kept = append(kept, p)
		words = append(words, ws...)
	}
	return kept, words
}

// isHeadline reports whether a paragraph's words are a title's: all of
// them, its start or end ("Headline | Site name"), or most of them.
func isHeadline(words []string, heads [][]string) bool {
	for _, h := range heads {
		if n := len(words); n >= 3 && n < len(h) && 2*n >= len(h) && (slices.Equal(h[:n], words) || slices.Equal(h[len(h)-n:], words)) {
			return true
		}
		short, long := words, h
		if len(short) > len(long) {
			short, long = long, short
		}
		switch {
		case len(short) == len(long) && contains(long, short):
			return true
		case len(short) >= 4 && 10*len(short) >= 6*len(long) && contains(long, short):
			return true
		}
	}
	return false
}

// contains reports whether the word sequence sub occurs in s.
func contains(s, sub []string) bool {
	return strings.Contains(" "+strings.Join(s, " ")+" ", " "+strings.Join(sub, " ")+" ")
}

func isPrompt(p string, words int) bool {
	if words > maxPrompt {
		return false
	}
	f := fold(p)
	for _, pre := range promptPrefixes {
		if strings.HasPrefix(f, pre) {
			r, _ := utf8.DecodeRuneInString(f[len(pre):])
			if len(f) == len(pre) || !isWord(r) {
				return true
			}
		}
	}
	return false
}

// urlOnly reports whether URLs make up most of a paragraph.
func urlOnly(p string) bool {
	n := 0
	for _, u := range urlRe.FindAllString(p, -1) {
		n += len(u)
	}
	return n > 0 && 2*n > len(strings.TrimSpace(p))
}

// isDateLine reports whether a short paragraph is a date or time stamp:
// it names a year or a clock time, and numbers are a third of its words.
func isDateLine(p string, words []string) bool {
	if len(words) > maxDateLine || !dateMarkRe.MatchString(p) {
		return false
	}
	digits := 0
	for _, w := range words {
		if isNumber(w) {
			digits++
		}
	}
	return 3*digits >= len(words)
}

// isByline reports whether a short paragraph is "By Name Surname" (in the
// service's languages): every name word capitalised.
func isByline(p string, words int) bool {
	if words > 7 {
		return false
	}
	m := bylineRe.FindStringSubmatch(strings.TrimSpace(p))
	if m == nil {
		return false
	}
	for _, w := range strings.Fields(m[1]) {
		r, _ := utf8.DecodeRuneInString(w)
		switch strings.ToLower(strings.Trim(w, ",")) {
		case "and", "und", "et", "y", "и", "і", "та", "ve", "&":
			continue
		}
		if unicode.IsLetter(r) && !unicode.IsUpper(r) {
			return false
		}
	}
	return true
}
