package quote

import (
	"maps"
	"math"
	"slices"
	"strings"
	"unicode"
)

// excerptUnit is a sentence, or a clause of an overlong sentence, of the
// quote an excerpt is cut from.
type excerptUnit struct {
	text  string
	words int
	score float64
}

// excerpt cuts a remark's key sentence or two from the wording Merge shows
// (item best of cluster c), at most excerptWords words, for a story card.
// Each sentence is weighed by the rarity of its content words within the
// story and, when other outlets reported the remark too, by how much of it
// their versions (and the writers' words around them) share: what every
// outlet quoted is the heart of the remark. The best run of whole
// sentences is kept; only a single overlong sentence is cut at its
// clauses. "…" marks text left out at either end.
func excerpt(items []mergeItem, c []int, best int, idf map[string]float64) string {
	it := items[best]
	if countWords(it.q.Text) <= excerptWords {
		return it.q.Text
	}
	// The other outlets' versions, each with the words around it: what
	// all of them carry is the heart of the remark, so a sentence counts
	// by the least share of its words any of them has. A wire copy of the
	// same words tells nothing. Without other versions, the words around
	// the quote and in the lead of its article show what the writer took
	// from it; a paraphrase takes only a few words, so their share counts
	// by its square root.
	others := map[string]map[string]bool{}
	for _, i := range c {
		o := items[i].outlet
		if o == it.outlet || items[i].q.Text == it.q.Text {
			continue
		}
		if others[o] == nil {
			others[o] = map[string]bool{}
		}
		maps.Copy(others[o], items[i].stems)
		maps.Copy(others[o], items[i].context)
	}
	var versions []map[string]bool
	for _, o := range slices.Sorted(maps.Keys(others)) {
		versions = append(versions, others[o])
	}
	own := len(versions) == 0
	if own {
		writer := map[string]bool{}
		maps.Copy(writer, it.context)
		maps.Copy(writer, it.lead)
		if len(writer) > 0 {
			versions = append(versions, writer)
		}
	}
	weigh := func(text string) float64 {
		set, _ := contentStems(withoutAsides(text))
		stems := slices.Sorted(maps.Keys(set))
		w := 0.0
		for _, s := range stems {
			w += idf[s]
		}
		if w == 0 {
			return 0
		}
		if len(versions) == 0 {
			return w
		}
		support := 1.0
		for _, v := range versions {
			shared := 0.0
			for _, s := range stems {
				if v[s] {
					shared += idf[s]
				}
			}
			share := shared / w
			if own {
				share = math.Sqrt(share)
			}
			support = math.Min(support, share)
		}
		return w * (excerptFloor + (1-excerptFloor)*support)
	}
	var units []excerptUnit
	for _, s := range it.texts {
		if strings.IndexFunc(s, unicode.IsLetter) < 0 && len(units) > 0 {
			units[len(units)-1].text += " " + s // an elision mark like "[…]"
			continue
		}
		units = append(units, excerptUnit{text: s, words: countWords(s), score: weigh(s)})
	}
	from, to := bestRun(units)
	if from < 0 {
		// Every sentence is too long: the best one, cut at its clauses.
		k := 0
		for i, u := range units {
			if u.score > units[k].score {
				k = i
			}
		}
		return clauseExcerpt(units[k].text, weigh, k > 0, k < len(units)-1)
	}
	return withEllipses(joinUnits(units[from:to]), from > 0, to < len(units))
}

// bestRun returns the contiguous run [from, to) of units of at most
// excerptWords words with the highest total score whose first and last
// units are not weak (scoring per word below a third of the densest
// unit); -1 when every unit is too long.
func bestRun(units []excerptUnit) (int, int) {
	density := func(u excerptUnit) float64 { return u.score / float64(max(u.words, 1)) }
	top := 0.0
	for _, u := range units {
		top = math.Max(top, density(u))
	}
	weak := func(u excerptUnit) bool { return density(u) < top/3 }
	from, to, best := -1, -1, -1.0
	for i := range units {
		if weak(units[i]) {
			continue
		}
		words, sum := 0, 0.0
		for j := i; j < len(units); j++ {
			if words += units[j].words; words > excerptWords {
				break
			}
			sum += units[j].score
			if !weak(units[j]) && sum > best+1e-9 {
				from, to, best = i, j+1, sum
			}
		}
	}
	return from, to
}

// clauseExcerpt cuts an overlong sentence to its best run of clauses, or
// failing that to its first excerptWords words.
func clauseExcerpt(sentence string, weigh func(string) float64, droppedBefore, droppedAfter bool) string {
	var units []excerptUnit
	start := 0
	rs := []rune(sentence)
	for i, c := range rs {
		if (c == ',' || c == ';' || c == ':' || c == '—' || c == '–') && i+1 < len(rs) && rs[i+1] == ' ' {
			text := strings.TrimSpace(string(rs[start : i+1]))
			units = append(units, excerptUnit{text: text, words: countWords(text), score: weigh(text)})
			start = i + 1
		}
	}
	if text := strings.TrimSpace(string(rs[start:])); text != "" {
		units = append(units, excerptUnit{text: text, words: countWords(text), score: weigh(text)})
	}
	from, to := bestRun(units)
	if from < 0 {
		fields := strings.Fields(sentence)
		return withEllipses(strings.Join(fields[:excerptWords], " "), droppedBefore, true)
	}
	return withEllipses(joinUnits(units[from:to]), droppedBefore || from > 0, droppedAfter || to < len(units))
}

func joinUnits(units []excerptUnit) string {
	parts := make([]string, len(units))
	for i, u := range units {
		parts[i] = u.text
	}
	return strings.Join(parts, " ")
}

// elisions are marks of text an outlet left out of a quote.
var elisions = []string{"[…]", "[...]", "(…)", "(...)", ". . .", "…", "..."}

// withEllipses marks text left out before or after an excerpt. An
// elision mark already at that end is replaced; a clause cut loses its
// trailing comma or dash.
func withEllipses(s string, before, after bool) string {
	for changed := true; changed; {
		changed = false
		for _, e := range elisions {
			if t, ok := strings.CutPrefix(s, e); ok {
				s, before, changed = strings.TrimSpace(t), true, true
			}
			if t, ok := strings.CutSuffix(s, e); ok && strings.TrimSpace(t) != "" {
				s, after, changed = strings.TrimSpace(t), true, true
			}
		}
	}
	if before {
		s = "… " + s
	}
	if after {
		if t := strings.TrimRight(s, ",;:—– "); t != s || !endsWithMark(s) {
			s = t + "…"
		} else {
			s += " …"
		}
	}
	return s
}

// endsWithMark reports whether s ends a sentence.
func endsWithMark(s string) bool {
	s = strings.TrimRightFunc(s, isCloser)
	return strings.HasSuffix(s, ".") || strings.HasSuffix(s, "?") || strings.HasSuffix(s, "!")
}

// withoutAsides drops the parenthetical remarks an editor adds to a quote
// ("(questions about the details — ed.)"); they are not what was said.
func withoutAsides(text string) string {
	var b strings.Builder
	depth := 0
	for _, c := range text {
		switch {
		case c == '(':
			depth++
		case c == ')' && depth > 0:
			depth--
		case depth == 0:
			b.WriteRune(c)
		}
	}
	return b.String()
}
