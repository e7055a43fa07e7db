package text

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// datelineRe matches the dateline that opens a wire story: a place in
// capitals ("BRUSSELS —", "NEW YORK, Feb 13 (Reuters) -", "KYIV. Feb 14
// (Interfax-Ukraine) –", "КИЇВ —"), a place with its agency ("Brussels
// (AP) —"), or a date with its agency ("Feb 14 (Interfax-Ukraine) –"),
// then a dash or a colon. A sentence on its own it is not: a summary that
// starts with one reads like a clipping.
var datelineRe = regexp.MustCompile(`^(?:` +
	// A place in capitals, perhaps with a date and an agency.
	`\p{Lu}[\p{Lu}\p{M}'’.\-]{2,}(?:\s+\p{Lu}[\p{Lu}\p{M}'’.\-]*){0,3}` +
	`(?:[,.]?\s+` + datelineDate + `)?(?:\s*\([^()]{2,40}\))?` +
	`|` +
	// A place in title case or a date, with an agency.
	`(?:\p{Lu}[\p{L}'’.\-]*(?:\s+\p{Lu}[\p{L}'’.\-]*){0,2}[,.]?\s+)?(?:` + datelineDate + `\s*)?\([^()]{2,40}\)` +
	`|` +
	datelineDate + `\s*\([^()]{2,40}\)` +
	`)\s*(?:—|–|--|-|:)\s+`)

const datelineDate = `(?:(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}(?:,?\s+\d{4})?|\d{1,2}\s+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?(?:\s+\d{4})?)`

// StripDateline returns a sentence without the dateline that opens it. The
// sentence proper starts with a capital, a digit or a quote mark ("NATO -
// the alliance of 32 - met" has no dateline).
func StripDateline(sent string) string {
	loc := datelineRe.FindStringIndex(sent)
	if loc == nil || loc[1] == len(sent) {
		return sent
	}
	rest := sent[loc[1]:]
	if r, _ := utf8.DecodeRuneInString(rest); unicode.IsUpper(r) || unicode.IsDigit(r) || strings.ContainsRune("\"“«„'‘", r) {
		return rest
	}
	return sent
}
