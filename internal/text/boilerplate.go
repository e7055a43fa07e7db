package text

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// boilerplateRe matches lines that are site furniture rather than story:
// subscribe/share/comment prompts, error-report forms, bylines, reading
// times, copyright. Anchored at the line start, so prose that merely
// mentions these words stays.
var boilerplateRe = regexp.MustCompile(`(?i)^(` +
	`subscribe\b|follow us\b|join us\b|sign up\b|share (this|on|via)\b|click here\b|read (more|also|next)\b|` +
	`related( articles| stories| news)?\s*:|see also\b|advertisement\b|sponsored\b|` +
	`leave a (comment|reply)|post a comment|add a comment|your (comment|e-?mail|name)\b|comments?\s*\(?\d*\)?$|` +
	`report (a |an )?(spelling |typo |an )?(error|mistake|typo)|error page url|text containing error|` +
	`author'?s?\W? name|author\s*:|by [A-Z][a-z]+ [A-Z][a-z]+$|editor\s|edited by\b|written by\b|` +
	`\d+\s*(min|minute)s?( read)?$|photo\s*:|image\s*:|credit\s*:|` +
	`©|copyright\b|all rights reserved|cookies?\b|privacy policy|terms of (use|service)` +
	`)`)

// timestampRe matches lines that are only a date and/or time. One anchor
// outside the alternation: with one per branch, the matcher tries every
// start position of every line.
var timestampRe = regexp.MustCompile(`^(?:[\d\s.:/,-]+|\d{1,2}:\d{2}\b.{0,20})$`)

// Prose returns the paragraphs of body that are article prose: boilerplate
// lines, headings, navigation remnants, timestamps, lines that repeat the
// title, and lines in another language than the article are dropped.
func Prose(body, title, lang string) []string {
	normTitle := fold(title)
	var out []string
	for _, line := range strings.Split(body, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || foldsTo(line, normTitle) || IsBoilerplate(line, lang) {
			continue
		}
		out = append(out, line)
	}
	return out
}

// IsBoilerplate reports whether one line of article text is furniture.
func IsBoilerplate(line, lang string) bool {
	if boilerplateRe.MatchString(line) || timestampRe.MatchString(line) {
		return true
	}
	words := Words(line)
	if len(words) == 0 {
		return true // "*", "#", "—"
	}
	if strings.HasPrefix(line, "#") && len(words) <= 3 {
		return true // "#Dünya": a section tag
	}
	last, _ := lastRune(line)
	ends := strings.ContainsRune("…\"”’»", last) || unicode.Is(unicode.Sentence_Terminal, last) // "。", "۔" too
	if !ends && len(words) <= 15 {
		return true // a heading, a name line, a menu entry: prose ends with punctuation
	}
	if len(words) >= 2 && allCaps(line) {
		return true // an all-caps subhead, quoted or not; scripts without case are not caps
	}
	if (lang == "" || lang == "en") && !hasStopWord(words) && (len(words) >= 8 || foreignWords(words) >= 2) {
		// A sentence with no English function word is not English prose,
		// unless it is short: "Putin rejected Trump's proposal."
		return true
	}
	return false
}

// allCaps reports whether s has capitals and no lower-case letters, and
// most of its letters have case: an Arabic sentence naming the "NPT" is
// not a caps heading.
func allCaps(s string) bool {
	caps, caseless := 0, 0
	for _, r := range s {
		switch {
		case unicode.ToUpper(r) != r:
			return false
		case unicode.ToLower(r) != r:
			caps++
		case unicode.IsLetter(r):
			caseless++
		}
	}
	return caps > 0 && caps >= caseless
}

func hasStopWord(words []string) bool {
	for _, w := range words {
		if englishStop[strings.ToLower(w)] {
			return true
		}
	}
	return false
}

// foreignWords counts the words with a letter outside ASCII.
func foreignWords(words []string) int {
	n := 0
	for _, w := range words {
		if strings.IndexFunc(w, func(r rune) bool { return r >= utf8.RuneSelf && unicode.IsLetter(r) }) >= 0 {
			n++
		}
	}
	return n
}

func lastRune(s string) (rune, bool) {
	rs := []rune(s)
	if len(rs) == 0 {
		return 0, false
	}
	return rs[len(rs)-1], true
}

// fold lower-cases s and keeps only letters and digits, for comparing lines.
// foldsTo reports whether fold(s) == folded, without building fold(s).
func foldsTo(s, folded string) bool {
	for _, r := range s {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			continue
		}
		f, size := utf8.DecodeRuneInString(folded)
		if size == 0 || f != unicode.ToLower(r) {
			return false
		}
		folded = folded[size:]
	}
	return folded == ""
}

func fold(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return unicode.ToLower(r)
		}
		return -1
	}, s)
}

// maxFurnitureWords bounds the lines StripRepeated may remove: site
// furniture is short, while a long paragraph that two articles share is
// content (a background paragraph, a quote).
const maxFurnitureWords = 30

// StripRepeated removes from each body the short lines that also appear in
// another body — given the articles of one outlet, that is its furniture:
// subscription prompts, disclaimers, "read also" boxes, however they are
// worded, in whatever language.
func StripRepeated(bodies []string) []string {
	seen := map[string]int{}
	repeated := false
	for _, b := range bodies {
		lines := map[string]bool{}
		for _, l := range strings.Split(b, "\n") {
			if len(Words(l)) > maxFurnitureWords {
				continue
			}
			if k := fold(l); k != "" {
				lines[k] = true
			}
		}
		for k := range lines {
			seen[k]++
			repeated = repeated || seen[k] == 2
		}
	}
	out := make([]string, len(bodies))
	if !repeated {
		copy(out, bodies)
		return out
	}
	for i, b := range bodies {
		var keep []string
		for _, l := range strings.Split(b, "\n") {
			if len(Words(l)) > maxFurnitureWords || seen[fold(l)] < 2 {
				keep = append(keep, l)
			}
		}
		out[i] = strings.Join(keep, "\n")
	}
	return out
}
