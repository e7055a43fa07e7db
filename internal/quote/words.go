package quote

import (
	"strings"
	"unicode"
)

// Words of quotes as Merge compares them: sentences, and the stems of their
// content words with common paraphrases folded together.

// sentences splits a quote into its sentences at full stops, question and
// exclamation marks and ellipses followed by a space, but not inside a
// quotation within the quote. A period after an abbreviation or an initial
// ("U.S. President", "Mr. Smith") or before a lowercase word does not end a
// sentence. The pieces, trimmed, join back into the text with single
// spaces.
func sentences(text string) []string {
	if out, ok := splitSentences([]rune(text), true); ok {
		return out
	}
	out, _ := splitSentences([]rune(text), false) // unbalanced inner quotation marks
	return out
}

func splitSentences(rs []rune, nested bool) ([]string, bool) {
	var out []string
	start, depth, straight := 0, 0, false
	for i, c := range rs {
		if nested {
			switch {
			case c == '“' || c == '‘' && (i == 0 || !unicode.IsLetter(rs[i-1])):
				depth++
			case c == '”' || c == '’' && depth > 0 && (i+1 == len(rs) || !unicode.IsLetter(rs[i+1])):
				depth = max(depth-1, 0)
			case c == '"':
				straight = !straight
			}
		}
		if !strings.ContainsRune(".?!…", c) || i+1 < len(rs) && !unicode.IsSpace(rs[i+1]) && !isCloser(rs[i+1]) {
			continue
		}
		end := i + 1
		for end < len(rs) && isCloser(rs[end]) {
			end++ // a closing quotation mark or bracket belongs to the sentence
		}
		if end < len(rs) && !unicode.IsSpace(rs[end]) {
			continue
		}
		if nested && end > i+1 {
			// Marks closing an inner quotation with the sentence.
			for _, m := range rs[i+1 : end] {
				switch {
				case m == '”' || m == '’':
					depth = max(depth-1, 0)
				case m == '"':
					straight = !straight
				}
			}
		}
		if depth > 0 || straight {
			continue
		}
		if c == '.' && !endsSentenceAt(rs, i, end) {
			continue
		}
		if s := strings.TrimSpace(string(rs[start:end])); s != "" {
			out = append(out, s)
		}
		start = end
	}
	if s := strings.TrimSpace(string(rs[min(start, len(rs)):])); s != "" {
		out = append(out, s)
	}
	return out, depth == 0 && !straight
}

// countWords counts the words of a text, not its stray punctuation.
func countWords(text string) int {
	n := 0
	for _, f := range strings.Fields(text) {
		if strings.IndexFunc(f, func(c rune) bool { return unicode.IsLetter(c) || unicode.IsDigit(c) }) >= 0 {
			n++
		}
	}
	return n
}

// isCloser reports whether a rune may follow a sentence's final mark.
func isCloser(c rune) bool {
	return c == '"' || c == '\'' || c == '’' || c == '”' || c == '»' || c == ')' || c == ']'
}

// endsSentenceAt reports whether the period at rs[i] ends a sentence: not
// after an abbreviation or a single capital, and not before a lowercase
// word or a digit.
func endsSentenceAt(rs []rune, i, next int) bool {
	if i == 0 || rs[i-1] != '.' { // not an ellipsis "..."
		j := i
		for j > 0 && (unicode.IsLetter(rs[j-1]) || rs[j-1] == '.') {
			j--
		}
		word := strings.ToLower(string(rs[j:i]))
		if abbreviations[word] || strings.Contains(word, ".") || isInitialAt(rs, j, word) {
			return false
		}
	}
	for next < len(rs) && unicode.IsSpace(rs[next]) {
		next++
	}
	return next == len(rs) || !unicode.IsLower(rs[next]) && !unicode.IsDigit(rs[next])
}

// isInitialAt reports whether the word at rs[j] is an initial ("J. Smith"):
// a single capital, but not the pronoun "I" after a lowercase word ("you
// nor I. I had").
func isInitialAt(rs []rune, j int, word string) bool {
	if len([]rune(word)) != 1 || !unicode.IsUpper(rs[j]) {
		return false
	}
	if rs[j] != 'I' {
		return true
	}
	k := j - 1
	for k >= 0 && unicode.IsSpace(rs[k]) {
		k--
	}
	return k < 0 || !unicode.IsLower(rs[k])
}

// wordsOf splits a text into lowercase words.
func wordsOf(text string) []string {
	return strings.FieldsFunc(strings.ToLower(text), func(c rune) bool {
		return !unicode.IsLetter(c) && !unicode.IsDigit(c) && c != '\'' && c != '’'
	})
}

// contentStems returns the stems of a text's content words and the number
// of words it has. Words that outlets and translators use for one another
// ("deal" and "agreement", "tough" and "strong") share a stem.
func contentStems(text string) (map[string]bool, int) {
	words := wordsOf(text)
	stems := map[string]bool{}
	for _, w := range words {
		if s := contentStem(w); s != "" {
			stems[s] = true
		}
	}
	return stems, len(words)
}

// contentStem returns the stem of a lowercase word, with paraphrases
// folded, or "" for a word without content.
func contentStem(w string) string {
	w = strings.TrimSuffix(strings.TrimSuffix(w, "'s"), "’s")
	if len(w) <= 1 || stopWords[w] {
		return ""
	}
	if s, ok := wordParaphrases[w]; ok {
		return s
	}
	s := stem(w)
	if p, ok := stemParaphrases[s]; ok {
		return p
	}
	return s
}

// paraphrases are groups of words that reports of one remark use for one
// another, in other outlets' words or other translations; the first word
// of a group stands for all. A word marked "=" is folded only in exactly
// that form, as its stem has other senses ("lasting" but not "last").
var paraphrases = [][]string{
	{"agreement", "deal", "accord", "pact", "treaty"},
	{"negotiation", "talks", "=talk"},
	{"tough", "strong"},
	{"start", "begin", "=began", "=begun", "commence"},
	{"end", "conclude", "finish", "=ended"},
	{"outcome", "result"},
	{"durable", "enduring", "endure", "permanent", "sustainable", "=lasting"},
	{"sure", "certain", "ensure", "=assured", "confident"},
	{"important", "crucial", "vital", "essential"},
	{"need", "require"},
	{"war", "conflict"},
	{"win", "prevail", "victory", "=won", "triumph"},
	{"huge", "large", "big", "massive", "enormous"},
	{"think", "believe"},
	{"want", "wish"},
	{"support", "help", "aid", "assist", "assistance"},
	{"risk", "danger", "dangerous", "risky"},
	{"weapon", "weaponry", "=arms"},
	{"country", "nation"},
	{"guarantee", "=assurance", "=assurances"},
	{"unite", "united", "unity"},
	{"defeat", "loss"},
	{"stop", "halt", "cease"},
	{"mistake", "error"},
	{"quick", "quickly", "rapid", "rapidly", "swift", "swiftly", "fast"},
	{"happy", "glad", "pleased"},
	{"ready", "prepared"},
	{"position", "stance"},
}

var wordParaphrases, stemParaphrases = foldParaphrases(paraphrases)

func foldParaphrases(groups [][]string) (words, stems map[string]string) {
	words, stems = map[string]string{}, map[string]string{}
	for _, g := range groups {
		head := stem(g[0])
		for _, w := range g {
			if exact, ok := strings.CutPrefix(w, "="); ok {
				words[exact] = head
				continue
			}
			stems[stem(w)] = head
		}
	}
	return words, stems
}

// stopWords carry no content for comparing remarks.
var stopWords = set("the", "a", "an", "and", "or", "but", "if", "then", "so",
	"of", "to", "in", "on", "at", "for", "with", "by", "from", "as", "is",
	"are", "was", "were", "be", "been", "being", "it", "its", "it's", "it’s",
	"this", "that", "these", "those", "there", "here", "we", "you", "he",
	"she", "they", "i", "me", "my", "our", "us", "your", "his", "her",
	"their", "them", "him", "not", "no", "do", "does", "did", "have", "has",
	"had", "will", "would", "can", "could", "should", "must", "may", "might",
	"what", "which", "who", "when", "where", "why", "how", "all", "any",
	"some", "very", "also", "just", "about", "into", "than", "too", "more",
	"most", "such", "only", "own", "same", "other", "again", "even", "well",
	"because", "while", "however", "therefore", "course", "let's",
	"let’s", "don't", "don’t", "i'm", "i’m", "we're", "we’re", "he's",
	"he’s", "that's", "that’s", "i've", "i’ve", "we've", "we’ve", "i'll",
	"i’ll", "we'll", "we’ll", "can't", "can’t", "won't", "won’t", "quite",
	"really", "truly", "etc", "yes", "one", "whether", "whatever",
	"whenever", "wherever", "whoever", "within", "without", "between",
	"among", "amongst", "across", "after", "before", "through", "during",
	"against", "over", "under", "upon", "until", "since", "toward",
	"towards", "around", "having", "ourselves", "themselves", "myself",
	"yourself", "itself", "himself", "herself", "each", "every", "both",
	"either", "neither", "nor", "sort", "kind", "lot", "thing", "things",
	"make", "makes", "made", "making", "get", "gets", "got", "getting",
	"go", "goes", "went", "going", "gone", "come", "comes", "came", "let",
	"put", "something", "anything", "everything", "nothing", "someone",
	"anyone", "everyone", "whole", "many", "much", "few", "still", "already",
	"yet", "ever", "never", "always", "now", "then", "once", "though",
	"although", "unless", "whose", "whom", "i'd", "i’d", "we'd", "we’d",
	"isn't", "isn’t", "aren't", "aren’t", "wasn't", "wasn’t", "doesn't",
	"doesn’t", "didn't", "didn’t", "there's", "there’s", "it'll", "it’ll")

// reportingWords describe the telling rather than what was told; they are
// left out of the writer's words around a quote.
var reportingWords = set("according", "question", "questions", "asked",
	"journalist", "journalists", "reporter", "reporters", "press",
	"conference", "interview", "statement", "remarks", "comment", "comments",
	"response", "responding", "regarding", "speaking", "speech", "words",
	"view", "views", "opinion", "told", "quoted", "cited", "also", "later",
	"earlier", "today", "yesterday", "tomorrow")
