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
	quoted := quotations(rs)
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
		if quoted[end-1] {
			continue // inside a quotation that closes later: "We will win. We must," he said.
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
	if isInitialism(w) {
		return true // "U.S", "D.C", "e.g" before the final period
	}
	return abbreviations[strings.ToLower(w)]
}

// isInitialism reports whether w is letters joined by periods, one or two
// at a time ("U.S", "e.g", "Ph.D"), unlike "3.5%" or "example.com".
func isInitialism(w string) bool {
	parts := strings.Split(w, ".")
	if len(parts) < 2 {
		return false
	}
	for _, p := range parts {
		rs := []rune(p)
		if len(rs) == 0 || len(rs) > 2 {
			return false
		}
		for _, r := range rs {
			if !unicode.IsLetter(r) {
				return false
			}
		}
	}
	return true
}

// quotations marks the runes strictly inside quotation marks that close
// within the paragraph, so that a quoted passage of several sentences stays
// one sentence with its attribution. A mark that never closes (a quote
// running on into the next paragraph, an inch sign) marks nothing.
func quotations(rs []rune) []bool {
	in := make([]bool, len(rs))
	unclosed := map[string]bool{}
	for i := 0; i < len(rs); i++ {
		closers := quoteClosers(rs, i)
		if closers == "" || unclosed[closers] {
			continue
		}
		j := i + 1
		for j < len(rs) && !strings.ContainsRune(closers, rs[j]) {
			j++
		}
		if j == len(rs) {
			unclosed[closers] = true // no later mark of this kind closes either
			continue
		}
		for k := i + 1; k < j; k++ {
			in[k] = true
		}
		i = j
	}
	return in
}

// quoteClosers returns the marks that close a quotation opened at rs[i],
// or "" if rs[i] opens none. A straight quote opens only after a space or
// an opening bracket, so 12" is no quotation.
func quoteClosers(rs []rune, i int) string {
	switch rs[i] {
	case '“':
		return "”"
	case '„':
		return "“”"
	case '«':
		return "»"
	case '"':
		if i == 0 || unicode.IsSpace(rs[i-1]) || strings.ContainsRune("([{—–-", rs[i-1]) {
			return `"`
		}
	}
	return ""
}
