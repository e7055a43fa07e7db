package text

import (
	"strings"
	"unicode"
)

// abbreviations end with a period that does not end a sentence.
var abbreviations = toSet(`mr mrs ms dr prof sr jr st gen col lt capt cmdr sgt maj adm gov sen rep rev hon pres
inc corp ltd co no vs etc al approx dept est fig jan feb mar apr jun jul aug sep sept oct nov dec mt ft`)

// Sentences splits text into sentences. It keeps abbreviations ("Gen.",
// "U.S.", "D.C."), decimals and initials inside a sentence, and keeps a
// quotation that spans sentences together when its closing mark ends it.
// Each line of text (a paragraph) is split separately.
func Sentences(s string) []string {
	var out []string
	for _, para := range strings.Split(s, "\n") {
		out = append(out, splitParagraph(para)...)
	}
	return out
}

func splitParagraph(p string) []string {
	rs := []rune(strings.TrimSpace(p))
	var out []string
	start := 0
	for i := 0; i < len(rs); i++ {
		if !isTerminal(rs[i]) {
			continue
		}
		end := i + 1
		for end < len(rs) && (isTerminal(rs[end]) || isClosing(rs[end])) {
			end++
		}
		if end < len(rs) && !unicode.IsSpace(rs[end]) {
			continue // "3.5", "U.S.A", "example.com"
		}
		if rs[i] == '.' && isAbbreviation(rs[start:i]) {
			continue
		}
		next := end
		for next < len(rs) && unicode.IsSpace(rs[next]) {
			next++
		}
		if next < len(rs) && !startsSentence(rs[next]) {
			continue
		}
		if sent := strings.TrimSpace(string(rs[start:end])); sent != "" {
			out = append(out, sent)
		}
		start, i = next, end-1
	}
	if sent := strings.TrimSpace(string(rs[start:])); sent != "" {
		out = append(out, sent)
	}
	return out
}

func isTerminal(r rune) bool { return r == '.' || r == '!' || r == '?' || r == '…' }

func isClosing(r rune) bool {
	return r == '"' || r == '”' || r == '’' || r == '»' || r == ')' || r == ']' || r == '\''
}

func startsSentence(r rune) bool {
	return unicode.IsUpper(r) || unicode.IsDigit(r) || strings.ContainsRune("\"“‘«„([", r)
}

// isAbbreviation looks at the word before a period.
func isAbbreviation(before []rune) bool {
	i := len(before)
	for i > 0 && !unicode.IsSpace(before[i-1]) {
		i--
	}
	w := strings.TrimLeft(string(before[i:]), "\"“‘«„([")
	if w == "" {
		return false
	}
	rs := []rune(w)
	if len(rs) == 1 && unicode.IsUpper(rs[0]) {
		return true // an initial: "Donald J. Trump"
	}
	if strings.Contains(w, ".") {
		return true // "U.S", "D.C" before the final period
	}
	return abbreviations[strings.ToLower(w)]
}
