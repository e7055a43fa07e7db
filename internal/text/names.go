package text

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Names returns capitalised multi-word spans ("Mark Rutte", "Pete Hegseth",
// "White House") and single capitalised words that do not start a sentence
// ("Rutte", "NATO"): the strongest clues that two articles tell one story.
// Titles and honorifics are not part of a name.
func Names(s string) []string {
	var out []string
	for _, line := range strings.Split(s, "\n") {
		out = append(out, lineNames(line)...)
	}
	return out
}

func lineNames(line string) []string {
	words := strings.Fields(line)
	var out, cur []string
	flush := func() {
		if len(cur) > 0 {
			out = append(out, strings.Join(cur, " "))
			cur = cur[:0]
		}
	}
	sentenceStart := true
	for _, raw := range words {
		w := strings.TrimFunc(raw, func(r rune) bool { return !isWordRune(r) })
		lead := strings.IndexFunc(raw, isWordRune) > 0 // an opening quote or bracket breaks a name
		if lead {
			flush()
		}
		if len(cur) > 0 && !lead && isInitial(raw) {
			cur = append(cur, raw) // "Donald J. Trump"
			sentenceStart = true   // or "Plan B. Then ..."
			continue
		}
		capital := w != "" && unicode.IsUpper([]rune(w)[0])
		lower := strings.ToLower(w)
		switch {
		case !capital || notName[lower]:
			flush()
		case sentenceStart && englishStop[lower]:
			flush() // "The", "Then" starting a sentence.
		default:
			cur = append(cur, w)
		}
		// Look through closing quotes and brackets: `go.”` ends a sentence.
		last, _ := utf8.DecodeLastRuneInString(raw)
		end, _ := utf8.DecodeLastRuneInString(strings.TrimRight(raw, "\"'”’»)]"))
		sentenceStart = strings.ContainsRune(".!?:", end)
		if w != raw && strings.ContainsRune(",;:.!?)]\"”’»", last) {
			flush() // punctuation ends a name
		}
	}
	flush()
	return out
}

// isInitial reports whether raw is a capital letter and a period: "J.".
func isInitial(raw string) bool {
	rs := []rune(raw)
	return len(rs) == 2 && unicode.IsUpper(rs[0]) && rs[1] == '.'
}

// notName lists capitalised words that are titles or function words, not
// parts of names.
var notName = toSet(`mr mrs ms dr prof sir president prime minister secretary general chancellor king queen
senator sen rep gov governor mayor chief minister's gen col lt maj capt sgt adm cmdr the a an and of in on at for to by with from as is was he she
it they we i you his her their our its this that these those but or if when while after before`)

// NameKey folds a name to the key that matches its variants: the last word,
// lower-cased, so "Mark Rutte", "Rutte" and "Secretary General Rutte" meet.
func NameKey(name string) string {
	f := strings.Fields(name)
	if len(f) == 0 {
		return ""
	}
	k := strings.ToLower(f[len(f)-1])
	k = strings.TrimSuffix(strings.TrimSuffix(k, "'s"), "’s")
	return k
}
