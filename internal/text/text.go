// Package text prepares article text for the story engine: sentences,
// tokens, stemmed terms, stop words and names. It is language-aware where a
// Snowball stemmer exists and degrades to plain lower-cased tokens elsewhere.
package text // import "github.com/newsdigest/newsdigest/internal/text"

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Words splits s into words: runs of letters and digits, keeping inner
// apostrophes and hyphens ("don't", "Minsk-3"). Case is kept. The words
// are substrings of s: whoever keeps one for long keeps all of s, so
// long-lived tables clone them (strings.Clone).
func Words(s string) []string {
	var out []string
	start := -1
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		inner := false
		if (r == '\'' || r == '’' || r == '-') && start >= 0 && i+size < len(s) {
			next, _ := utf8.DecodeRuneInString(s[i+size:])
			inner = isWordRune(next)
		}
		if isWordRune(r) || inner {
			if start < 0 {
				start = i
			}
		} else if start >= 0 {
			out = append(out, s[start:i])
			start = -1
		}
		i += size
	}
	if start >= 0 {
		out = append(out, s[start:])
	}
	return out
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

// Terms returns the content words of s, lower-cased, stop words removed and
// stemmed for lang, ready for matching.
func Terms(s, lang string) []string {
	words := Words(s)
	out := words[:0]
	for _, w := range words {
		if t := Term(w, lang); t != "" {
			out = append(out, t)
		}
	}
	return out
}

// Term normalises one word for matching; "" for a stop word or noise.
func Term(w, lang string) string {
	w = strings.ToLower(strings.ReplaceAll(w, "’", "'"))
	w = strings.TrimSuffix(w, "'s")
	if len([]rune(w)) < 2 && !isDigits(w) {
		return ""
	}
	if lang == "tr" {
		w = turkishNoun(w)
	}
	if IsStopWord(w, lang) {
		return ""
	}
	return Stem(w, lang)
}

func isDigits(s string) bool {
	for _, r := range s {
		if !unicode.IsDigit(r) {
			return false
		}
	}
	return s != ""
}

var englishStop = toSet(`a about above after again against all also am an and any are aren't as at be because been
before being below between both but by can can't cannot could couldn't did didn't do does doesn't doing don't down
during each either few for from further had hadn't has hasn't have haven't having he he'd he'll he's her here here's
hers herself him himself his how how's however i i'd i'll i'm i've if in into is isn't it it's its itself just let's
me might more most much must mustn't my myself no nor not now of off on once only or other ought our ours ourselves
out over own per same shan't she she'd she'll she's should shouldn't since so some still such than that that's the
their theirs them themselves then there there's these they they'd they'll they're they've this those though through
thus to too under until up upon us very via was wasn't we we'd we'll we're we've were weren't what what's when when's
where where's whether which while who who's whom whose why why's will with within without won't would wouldn't yet
you you'd you'll you're you've your yours yourself yourselves said says say saying told tells according
one two three new also like get got make made many may even back well way us mr mrs ms dr
year years day days week weeks today yesterday tomorrow monday tuesday wednesday thursday friday saturday sunday
news report reports reported update updates live video photo photos watch read more`)

func toSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// Clip shortens s to at most max runes for echoing back to a person (a
// pasted page as a question, say), cutting at a space where one is near
// and ending in "…". Whitespace runs become single spaces.
func Clip(s string, max int) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	cut, n := 0, 0
	for i := range s {
		if n == max-1 {
			cut = i
			break
		}
		n++
	}
	if sp := strings.LastIndexByte(s[:cut], ' '); sp > cut*3/4 {
		cut = sp
	}
	return strings.TrimRight(s[:cut], " ") + "…"
}
