package parse

import (
	"slices"
	"strings"
)

// Teaser thresholds, in words. A feed whose typical item is shorter than
// teaserFeedWords carries teasers (a headline and a sentence or two, as
// most news sites' feeds do); in such a feed an item shorter than
// teaserItemWords is a teaser, whatever its neighbours. Articles run to
// hundreds of words; the shortest full-text items of real feeds (briefs,
// wire flashes) rarely fall under 80.
const (
	teaserFeedWords = 60
	teaserItemWords = 150
)

// cutMarks end a text that the feed cut short, in the languages the
// product serves: "…", "[...]", "Read more", "Читати далі", "Weiterlesen".
var cutMarks = []string{
	"…", "...", "[…]", "[...]",
	"read more", "continue reading", "read the full story", "read the full article", "full story",
	"читати далі", "читати повністю", "детальніше",
	"читать далее", "читать полностью", "подробнее",
	"weiterlesen", "mehr lesen", "lire la suite", "leer más", "seguir leyendo",
	"devamı", "devamını oku", "haberin devamı",
}

// Teasers tells which of one feed's item texts are teasers whose article
// is on the linked page: the texts that were cut off ("…", "Read more"),
// and, in a feed whose typical item is a sentence or two, the short ones.
// A feed that carries whole articles (WordPress content:encoded, Ghost)
// has no teasers but its cut-off items.
func Teasers(texts []string) []bool {
	out := make([]bool, len(texts))
	if len(texts) == 0 {
		return out
	}
	words := make([]int, len(texts))
	for i, t := range texts {
		words[i] = len(strings.Fields(t))
	}
	sorted := slices.Clone(words)
	slices.Sort(sorted)
	teaserFeed := sorted[len(sorted)/2] < teaserFeedWords
	for i, t := range texts {
		out[i] = cutOff(t) && words[i] < teaserItemWords || teaserFeed && words[i] < teaserItemWords
	}
	return out
}

// cutOff reports whether text ends the way a truncated feed text does.
func cutOff(text string) bool {
	text = strings.TrimSpace(text)
	if text == "" {
		return true // only a headline
	}
	// The last line, lower-cased, without closing punctuation or arrows.
	if i := strings.LastIndexByte(text, '\n'); i >= 0 {
		text = text[i+1:]
	}
	lower := strings.ToLower(strings.TrimSpace(text))
	bare := strings.TrimRight(lower, " »›→>)]:") // "Read more »", "[Weiterlesen]"
	for _, m := range cutMarks {
		if strings.HasSuffix(lower, m) || strings.HasSuffix(bare, m) {
			return true
		}
	}
	return false
}
