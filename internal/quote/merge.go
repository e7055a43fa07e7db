package quote

import (
	"maps"
	"math"
	"slices"
	"sort"
	"strings"
)

// Source is the quotes one outlet's article gives for a story.
type Source struct {
	Outlet string
	Quotes []Quote
	// Text and Title are the article the quotes were extracted from, both
	// optional; the quotes' offsets refer to Text. The writer's words
	// around a quote help to recognise the remark in other outlets' words,
	// and the title and lead show which quotes the writer put first.
	Text, Title string
	// Lang is Text's language (ISO 639-1), detected when empty.
	Lang string
}

// StoryQuote is one remark of a story, however many outlets reported it.
type StoryQuote struct {
	Text, Speaker, Role string
	// Excerpt is the remark's key sentence or two for a story card, at
	// most excerptWords (35) words, cut at sentence boundaries (at clauses
	// only within an overlong sentence), with "…" where text was left out
	// at either end; the whole Text when that is short enough.
	Excerpt string
	Outlets []string
	Score   float64
}

// Tuning of Merge.
const (
	minWords      = 5    // fewer words make a fragment, not a key quote
	sameRemark    = 0.4  // similarity at which two outlets' quotes are the same remark
	sameOutlet    = 0.8  // and two quotes of one article (a repeated line)
	minShared     = 3    // content words two quotes must share to be compared
	contextFloor  = 0.25 // similarity of the quotes themselves needed before their context counts
	contextWeight = 0.4  // how much the writer's words around a quote add to its similarity
	contextReach  = 2    // sentences either side of the matching passage the context may match
	resemblance   = 0.25 // similarity at which a group's fullest version resembles a quote of another group
	windowShare   = 0.25 // weight in similarity of the share of the matching passage the shorter quote explains
	fullLength    = 30   // words at which a quote counts as fully substantial
	unattributed  = 0.5  // score factor for a quote without a speaker
	leadMinShared = 3    // content words a quote must share with its article's lead to count as featured
	excerptWords  = 35   // the longest excerpt, in words
	excerptFloor  = 0.1  // weight of a sentence no version of the remark supports, relative to one all support
)

// mergeItem is one reported quote with what Merge derives from it.
type mergeItem struct {
	q         Quote
	outlet    string
	speaker   string            // canonical speaker
	stems     map[string]bool   // content-word stems of the whole quote
	sorted    []string          // the same, sorted so that sums come out the same every run
	sentences []map[string]bool // and the stems of each sentence
	sentStems [][]string        // the same, sorted
	texts     []string          // each sentence's text
	words     int
	context   map[string]bool // stems of the writer's words around the quote that the quote lacks
	ctxSorted []string        // the same, sorted
	lead      map[string]bool // stems of the title and lead of the quote's article
	titles    map[string]bool // stems of the titles of all the story's articles
}

// Merge unifies the quotes several outlets give for one story. Speaker
// name variants are unified ("Rutte" = "Mark Rutte"); the same remark by the
// same speaker, however translated, paraphrased or trimmed, becomes one
// StoryQuote, with the wording closest to all the versions and an excerpt
// of its key sentences. Fragments are dropped. Quotes are ranked by the
// number of outlets, substance, the speaker's prominence in the story and
// whether the writers put them in their leads; unattributed quotes rank
// low.
func Merge(sources []Source) []StoryQuote {
	items, outlets := collect(sources)
	if len(items) == 0 {
		return nil
	}
	roles := canonicalSpeakers(items)
	idf := inverseFrequency(items)
	clusters := cluster(items, idf)
	perSpeaker, most := map[string]int{}, 0
	for _, it := range items {
		if it.speaker != "" {
			perSpeaker[it.speaker]++
			most = max(most, perSpeaker[it.speaker])
		}
	}
	var out []StoryQuote
	for _, c := range clusters {
		best := bestWording(items, c, idf)
		if items[best].words < minWords {
			continue
		}
		sq := StoryQuote{Text: items[best].q.Text, Speaker: items[best].speaker, Role: roles[items[best].speaker]}
		featured := 0.0
		for _, i := range c {
			if !slices.Contains(sq.Outlets, items[i].outlet) {
				sq.Outlets = append(sq.Outlets, items[i].outlet)
			}
			featured = math.Max(featured, salience(items[i], idf))
		}
		sq.Excerpt = excerpt(items, c, best, idf)
		sq.Score = score(items[best].words, perSpeaker[sq.Speaker], most, len(sq.Outlets), outlets, featured, sq.Speaker != "")
		out = append(out, sq)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Score != out[j].Score {
			return out[i].Score > out[j].Score
		}
		return out[i].Text < out[j].Text
	})
	return out
}

// collect flattens the sources and counts the distinct outlets.
func collect(sources []Source) ([]mergeItem, int) {
	var items []mergeItem
	seen := map[string]bool{}
	for _, s := range sources {
		seen[s.Outlet] = true
		ctxs, lead := writersWords(s.Title, s.Text, s.Lang, s.Quotes)
		leadStems, _ := contentStems(lead)
		for k, q := range s.Quotes {
			it := mergeItem{q: q, outlet: s.Outlet, stems: map[string]bool{}, lead: leadStems}
			for _, sentence := range sentences(q.Text) {
				stems, n := contentStems(sentence)
				it.sentences = append(it.sentences, stems)
				it.sentStems = append(it.sentStems, slices.Sorted(maps.Keys(stems)))
				it.texts = append(it.texts, sentence)
				it.words += n
				maps.Copy(it.stems, stems)
			}
			if len(it.stems) == 0 {
				continue
			}
			it.sorted = slices.Sorted(maps.Keys(it.stems))
			it.context = contextStems(ctxs[k], it.stems, q.Speaker+" "+q.Role)
			it.ctxSorted = slices.Sorted(maps.Keys(it.context))
			items = append(items, it)
		}
	}
	titles := map[string]bool{}
	for _, s := range sources {
		stems, _ := contentStems(s.Title)
		maps.Copy(titles, stems)
	}
	for i := range items {
		items[i].titles = titles
	}
	return items, len(seen)
}

// contextStems returns the content stems of the writer's words around a
// quote that tell what was said: not the quote's own, not the speaker's
// name or title, not the verbs and nouns of reporting ("acknowledged",
// "when asked").
func contextStems(context string, own map[string]bool, speaker string) map[string]bool {
	if context == "" {
		return nil
	}
	name := set(wordsOf(speaker)...)
	out := map[string]bool{}
	for _, w := range wordsOf(context) {
		if name[w] || isSpeechVerb(w) || reportingWords[w] || labelWords[w] {
			continue
		}
		if s := contentStem(w); s != "" && !own[s] {
			out[s] = true
		}
	}
	return out
}

// canonicalSpeakers sets each item's speaker to the fullest variant of its
// name in the story ("Rutte", "NATO Secretary General Mark Rutte" → "Mark
// Rutte"; "Zelensky" = "Zelenskyy", as transliterations differ), spelt as
// most outlets spell it, and returns the role to show for each canonical
// name: the one given most often, the longest on a tie. A title written
// into a speaker string counts as a role given.
func canonicalSpeakers(items []mergeItem) map[string]string {
	count := map[string]int{}                // folded name → quotes
	spellings := map[string]map[string]int{} // folded name → spelling → quotes
	for i := range items {
		name, title := splitSpeaker(items[i].q.Speaker)
		items[i].speaker = foldName(name)
		if items[i].q.Role == "" {
			items[i].q.Role = title
		}
		if name != "" {
			key := items[i].speaker
			count[key]++
			if spellings[key] == nil {
				spellings[key] = map[string]int{}
			}
			spellings[key][name]++
		}
	}
	spelling := map[string]string{"": ""}
	for key, sp := range spellings {
		best := ""
		for s, n := range sp {
			if best == "" || n > sp[best] || n == sp[best] && s < best {
				best = s
			}
		}
		spelling[key] = best
	}
	canon := variantsOf(count)
	roleCount := map[string]map[string]int{}
	for i := range items {
		items[i].speaker = spelling[canon[items[i].speaker]]
		if r := items[i].q.Role; r != "" && items[i].speaker != "" {
			if roleCount[items[i].speaker] == nil {
				roleCount[items[i].speaker] = map[string]int{}
			}
			roleCount[items[i].speaker][r]++
		}
	}
	roles := map[string]string{}
	for speaker, rc := range roleCount {
		best := ""
		for r, n := range rc {
			if best == "" || n > rc[best] || n == rc[best] && (len(r) > len(best) || len(r) == len(best) && r < best) {
				best = r
			}
		}
		roles[speaker] = best
	}
	return roles
}

// foldName writes a name so that its common transliterations read the
// same: lowercase, with "-iy", "-yy", "-ii", "-ij" endings as "-y"
// ("Zelenskyy", "Zelenskiy" → "zelensky"; "Andrii" → "andry").
func foldName(name string) string {
	words := strings.Fields(strings.ToLower(name))
	for i, w := range words {
		for _, end := range []string{"iy", "yy", "ii", "ij", "yi"} {
			if len(w) > 4 && strings.HasSuffix(w, end) {
				words[i] = strings.TrimSuffix(w, end) + "y"
				break
			}
		}
	}
	return strings.Join(words, " ")
}

// splitSpeaker separates a title written before a speaker's name.
func splitSpeaker(speaker string) (name, title string) {
	toks := newDoc(speaker, nil).toks
	if len(toks) == 0 || !toks[0].isCap() {
		return speaker, ""
	}
	t, n := splitTitle(toks)
	if len(n) == 0 {
		return speaker, ""
	}
	return words(n), words(t)
}

// variantsOf maps each name to the fullest name it is a variant of: the
// most frequent of the longer names that contain all its words.
func variantsOf(count map[string]int) map[string]string {
	names := make([]string, 0, len(count))
	for n := range count {
		names = append(names, n)
	}
	// Fullest names first, so shorter variants find the name they belong to.
	sort.Slice(names, func(i, j int) bool {
		a, b := len(strings.Fields(names[i])), len(strings.Fields(names[j]))
		if a != b {
			return a > b
		}
		if count[names[i]] != count[names[j]] {
			return count[names[i]] > count[names[j]]
		}
		return names[i] < names[j]
	})
	canon := map[string]string{"": ""}
	var heads []string
	for _, n := range names {
		best := ""
		for _, h := range heads {
			if containsWords(strings.Fields(h), strings.Fields(n)) && (best == "" || count[h] > count[best]) {
				best = h
			}
		}
		if best == "" {
			heads = append(heads, n)
			best = n
		} else {
			count[best] += count[n]
		}
		canon[n] = best
	}
	return canon
}

// inverseFrequency weighs each content word by how rare it is among the
// story's quotes and the words around them, so that words every quote of
// the story uses ("peace", "Ukraine") say little about whether two quotes
// are the same remark.
func inverseFrequency(items []mergeItem) map[string]float64 {
	df := map[string]int{}
	for _, it := range items {
		for s := range it.stems {
			df[s]++
		}
		for s := range it.context {
			df[s]++ // never in stems too
		}
	}
	idf := make(map[string]float64, len(df))
	for s, n := range df {
		idf[s] = math.Log(1 + float64(len(items))/float64(n))
	}
	return idf
}

// cluster groups items that report the same remark by the same speaker.
// Two groups are joined when a pair of their quotes is similar enough;
// the groups with the most evidence (the summed similarity of all their
// matching pairs) are joined first, so a short quote that resembles
// several remarks joins the one that the most versions support rather than
// the first it happens to match. Groups are not joined through a short
// quote alone: the fullest version in each group must resemble some quote
// of the other. Nor are two groups joined when an outlet has a quote in
// each that do not match each other: a short quote close to two quotes of
// one article must not chain them together.
func cluster(items []mergeItem, idf map[string]float64) [][]int {
	n := len(items)
	sim := make([][]float64, n)  // similarity of two items
	link := make([][]float64, n) // summed similarity of matching pairs between groups
	clash := make([][]bool, n)   // the groups hold different quotes of one outlet
	for i := range items {
		sim[i], link[i], clash[i] = make([]float64, n), make([]float64, n), make([]bool, n)
	}
	for i := range items {
		for j := range i {
			if items[i].speaker == items[j].speaker {
				sim[i][j] = similarity(&items[i], &items[j], idf)
				sim[j][i] = sim[i][j]
			}
			if sim[i][j] >= threshold(items[i], items[j]) {
				link[i][j], link[j][i] = sim[i][j], sim[i][j]
			}
			if items[i].outlet == items[j].outlet && sim[i][j] < sameOutlet {
				clash[i][j], clash[j][i] = true, true
			}
		}
	}
	groups := make([][]int, n)
	core := make([]int, n) // each group's fullest version
	for i := range items {
		groups[i], core[i] = []int{i}, i
	}
	// resembles reports whether item i is like some quote of group g.
	resembles := func(i, g int) bool {
		for _, j := range groups[g] {
			if i == j || sim[i][j] >= resemblance {
				return true
			}
		}
		return false
	}
	for {
		a, b, best := -1, -1, 0.0
		for i := range groups {
			if groups[i] == nil {
				continue
			}
			for j := range i {
				if groups[j] != nil && !clash[i][j] && link[i][j] > best {
					a, b, best = j, i, link[i][j]
				}
			}
		}
		if a < 0 {
			break
		}
		if !resembles(core[a], b) || !resembles(core[b], a) {
			clash[a][b], clash[b][a] = true, true
			continue
		}
		groups[a] = append(groups[a], groups[b]...)
		groups[b] = nil
		if items[core[b]].words > items[core[a]].words {
			core[a] = core[b]
		}
		for k := range groups {
			link[a][k] += link[b][k]
			link[k][a] = link[a][k]
			clash[a][k] = clash[a][k] || clash[b][k]
			clash[k][a] = clash[a][k]
		}
		link[a][a], clash[a][a] = 0, false
	}
	var out [][]int
	for _, g := range groups {
		if len(g) > 0 {
			sort.Ints(g)
			out = append(out, g)
		}
	}
	sort.Slice(out, func(a, b int) bool { return out[a][0] < out[b][0] })
	return out
}

// threshold is the similarity two quotes need to be the same remark: an
// article repeats a remark only word for word, while outlets reword it.
func threshold(a, b mergeItem) float64 {
	if a.outlet == b.outlet {
		return sameOutlet
	}
	return sameRemark
}

// similarity compares two quotes sentence by sentence: the shorter one
// (in sentences) is laid over each run of as many sentences of the other,
// and the best run's share of the shorter quote's content words is the
// base, half counted plainly and half weighted by rarity; 0 when fewer
// than minShared words are shared. A trimmed or differently translated
// version of a remark thus matches the long quote it comes from, while two
// long quotes do not match merely for sharing the story's vocabulary.
// When the base is fair, the writer's words around either quote add to it
// as far as the other quote has them: a reporter who quotes only the end
// of a remark often paraphrases the rest ("Rutte acknowledged that Putin
// is a tough negotiator"), and the other outlet quoted it near the match.
func similarity(a, b *mergeItem, idf map[string]float64) float64 {
	if len(a.sentences) > len(b.sentences) || len(a.sentences) == len(b.sentences) && len(a.sorted) > len(b.sorted) {
		a, b = b, a
	}
	total := 0.0
	for _, s := range a.sorted {
		total += idf[s]
	}
	base, from, to := 0.0, 0, 0
	// Windows one sentence longer too, as translations split sentences
	// differently.
	for size := len(a.sentences); size <= len(a.sentences)+1; size++ {
		for w := 0; w+size <= len(b.sentences); w++ {
			shared, n := 0.0, 0
			for _, s := range a.sorted {
				if inAny(b.sentences[w:w+size], s) {
					shared += idf[s]
					n++
				}
			}
			if n < minShared || total == 0 {
				continue
			}
			// How much of the window the match explains, too: a short
			// quote sharing a few of the story's words with a long
			// passage is not a trimmed version of it.
			wTotal, wn := 0.0, 0
			seen := map[string]bool{}
			for _, stems := range b.sentStems[w : w+size] {
				for _, s := range stems {
					if !seen[s] {
						seen[s] = true
						wTotal += idf[s]
						wn++
					}
				}
			}
			cov := (shared/total + float64(n)/float64(len(a.sorted))) / 2
			wCov := (shared/wTotal + float64(n)/float64(wn)) / 2
			if sim := (1-windowShare)*cov + windowShare*wCov; sim > base {
				base, from, to = sim, w, w+size
			}
		}
	}
	if base < contextFloor {
		return base
	}
	near := b.sentences[max(0, from-contextReach):min(len(b.sentences), to+contextReach)]
	ctx := math.Max(cover(a.ctxSorted, near, idf), cover(b.ctxSorted, a.sentences, idf))
	return base + contextWeight*ctx*ctx // a few shared words of the story say little
}

// cover returns the share of the weight of words that sets hold, 0 unless
// they hold at least minShared of them.
func cover(words []string, sets []map[string]bool, idf map[string]float64) float64 {
	total, shared, n := 0.0, 0.0, 0
	for _, s := range words {
		total += idf[s]
		if inAny(sets, s) {
			shared += idf[s]
			n++
		}
	}
	if n < minShared || total == 0 {
		return 0
	}
	return shared / total
}

func inAny(sets []map[string]bool, s string) bool {
	for _, set := range sets {
		if set[s] {
			return true
		}
	}
	return false
}

// bestWording picks the version of a remark closest to all the others,
// preferring a substantial one.
func bestWording(items []mergeItem, c []int, idf map[string]float64) int {
	best, bestScore := c[0], -1.0
	for _, i := range c {
		s := substance(items[i].words)
		for _, j := range c {
			if i != j {
				s += similarity(&items[i], &items[j], idf)
			}
		}
		if s > bestScore {
			best, bestScore = i, s
		}
	}
	return best
}

// substance rates a quote's length: fragments nothing, a few sentences
// fully, a long block a little less, as it reads worse on a card.
func substance(words int) float64 {
	switch {
	case words < minWords:
		return 0
	case words > 4*fullLength:
		return 0.5
	}
	return math.Min(float64(words)/fullLength, 1)
}

// salience rates how prominently the articles feature a quote: the
// largest share of the content of one or two of its sentences, alone or
// with the writer's words around the quote, that its article's title and
// lead hold, or the titles of all the story's articles. Writers put the
// key remark first.
func salience(it mergeItem, idf map[string]float64) float64 {
	best := 0.0
	for _, lead := range []map[string]bool{it.lead, it.titles} {
		if len(lead) > 0 {
			best = math.Max(best, leadShare(it, lead, idf))
		}
	}
	return best
}

// leadShare is salience against one lead.
func leadShare(it mergeItem, lead map[string]bool, idf map[string]float64) float64 {
	share := func(sets [][]string) float64 {
		total, shared, n := 0.0, 0.0, 0
		seen := map[string]bool{}
		for _, stems := range sets {
			for _, s := range stems {
				if seen[s] {
					continue
				}
				seen[s] = true
				total += idf[s]
				if lead[s] {
					shared += idf[s]
					n++
				}
			}
		}
		if n < leadMinShared || total == 0 {
			return 0
		}
		return shared / total
	}
	best := 0.0
	for size := 1; size <= 2; size++ {
		for w := 0; w+size <= len(it.sentStems); w++ {
			window := it.sentStems[w : w+size]
			best = math.Max(best, share(window))
			if len(it.ctxSorted) > 0 {
				best = math.Max(best, share(append(slices.Clip(window), it.ctxSorted)))
			}
		}
	}
	return best
}

// score ranks a merged quote by the share of outlets that reported it,
// substance, the share of the story's quotes its speaker has, and how
// prominently the articles featured it.
func score(words, speakerQuotes, most, outlets, allOutlets int, featured float64, attributed bool) float64 {
	prominence := 0.0
	if most > 0 {
		prominence = float64(speakerQuotes) / float64(most)
	}
	s := 0.45*float64(outlets)/float64(max(allOutlets, 1)) + 0.2*substance(words) + 0.2*prominence + 0.15*featured
	if !attributed {
		s *= unattributed
	}
	return s
}
