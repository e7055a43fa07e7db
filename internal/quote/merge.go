package quote

import (
	"maps"
	"math"
	"slices"
	"sort"
	"strings"
	"unicode"
)

// Source is the quotes one outlet's article gives for a story.
type Source struct {
	Outlet string
	Quotes []Quote
}

// StoryQuote is one remark of a story, however many outlets reported it.
type StoryQuote struct {
	Text, Speaker, Role string
	Outlets             []string
	Score               float64
}

// Tuning of Merge.
const (
	minWords     = 5   // fewer words make a fragment, not a key quote
	sameRemark   = 0.4 // similarity at which two outlets' quotes are the same remark
	sameOutlet   = 0.8 // and two quotes of one article (a repeated line)
	minShared    = 3   // content words two quotes must share to be compared
	fullLength   = 30  // words at which a quote counts as fully substantial
	unattributed = 0.5 // score factor for a quote without a speaker
)

// mergeItem is one reported quote with what Merge derives from it.
type mergeItem struct {
	q         Quote
	outlet    string
	speaker   string            // canonical speaker
	stems     map[string]bool   // content-word stems of the whole quote
	sorted    []string          // the same, sorted so that sums come out the same every run
	sentences []map[string]bool // and the stems of each sentence
	words     int
}

// Merge unifies the quotes several outlets give for one story. Speaker
// name variants are unified ("Rutte" = "Mark Rutte"); the same remark by the
// same speaker, however translated or trimmed, becomes one StoryQuote, with
// the wording closest to all the versions. Fragments are dropped. Quotes
// are ranked by substance, the speaker's prominence in the story and the
// number of outlets; unattributed quotes rank low.
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
		for _, i := range c {
			if !slices.Contains(sq.Outlets, items[i].outlet) {
				sq.Outlets = append(sq.Outlets, items[i].outlet)
			}
		}
		sq.Score = score(items[best].words, perSpeaker[sq.Speaker], most, len(sq.Outlets), outlets, sq.Speaker != "")
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
		for _, q := range s.Quotes {
			it := mergeItem{q: q, outlet: s.Outlet, stems: map[string]bool{}}
			for _, sentence := range sentences(q.Text) {
				stems, n := contentStems(sentence)
				it.sentences = append(it.sentences, stems)
				it.words += n
				maps.Copy(it.stems, stems)
			}
			if len(it.stems) > 0 {
				it.sorted = slices.Sorted(maps.Keys(it.stems))
				items = append(items, it)
			}
		}
	}
	return items, len(seen)
}

// canonicalSpeakers sets each item's speaker to the fullest variant of its
// name in the story ("Rutte", "NATO Secretary General Mark Rutte" → "Mark
// Rutte") and returns the role to show for each canonical name: the one
// given most often, the longest on a tie. A title written into a speaker
// string counts as a role given.
func canonicalSpeakers(items []mergeItem) map[string]string {
	count := map[string]int{}
	for i := range items {
		name, title := splitSpeaker(items[i].q.Speaker)
		items[i].speaker = name
		if items[i].q.Role == "" {
			items[i].q.Role = title
		}
		if name != "" {
			count[name]++
		}
	}
	canon := variantsOf(count)
	roleCount := map[string]map[string]int{}
	for i := range items {
		items[i].speaker = canon[items[i].speaker]
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

// splitSpeaker separates a title written before a speaker's name.
func splitSpeaker(speaker string) (name, title string) {
	toks := newDoc(speaker).toks
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
// story's quotes, so that words every quote of the story uses ("peace",
// "Ukraine") say little about whether two quotes are the same remark.
func inverseFrequency(items []mergeItem) map[string]float64 {
	df := map[string]int{}
	for _, it := range items {
		for s := range it.stems {
			df[s]++
		}
	}
	idf := make(map[string]float64, len(df))
	for s, n := range df {
		idf[s] = math.Log(1 + float64(len(items))/float64(n))
	}
	return idf
}

// cluster groups items that report the same remark by the same speaker.
// Pairs are linked most similar first. Two groups are not joined when an
// outlet has a quote in each that do not match each other: a short quote
// close to two quotes of one article must not chain them together.
func cluster(items []mergeItem, idf map[string]float64) [][]int {
	type pair struct {
		i, j int
		sim  float64
	}
	sim := make([][]float64, len(items))
	var pairs []pair
	for i := range items {
		sim[i] = make([]float64, len(items))
		for j := range i {
			if items[i].speaker == items[j].speaker {
				sim[i][j] = similarity(items[i], items[j], idf)
				sim[j][i] = sim[i][j]
				if sim[i][j] >= threshold(items[i], items[j]) {
					pairs = append(pairs, pair{j, i, sim[i][j]})
				}
			}
		}
	}
	sort.SliceStable(pairs, func(a, b int) bool { return pairs[a].sim > pairs[b].sim })
	group := make([]int, len(items)) // item → index in groups
	groups := make([][]int, len(items))
	for i := range items {
		group[i], groups[i] = i, []int{i}
	}
	for _, p := range pairs {
		a, b := group[p.i], group[p.j]
		if a == b || !compatible(items, sim, groups[a], groups[b]) {
			continue
		}
		for _, k := range groups[b] {
			group[k] = a
		}
		groups[a] = append(groups[a], groups[b]...)
		groups[b] = nil
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

// compatible reports whether two groups may be joined: quotes of one
// outlet in both must match each other.
func compatible(items []mergeItem, sim [][]float64, a, b []int) bool {
	for _, i := range a {
		for _, j := range b {
			if items[i].outlet == items[j].outlet && sim[i][j] < sameOutlet {
				return false
			}
		}
	}
	return true
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
// result, half counted plainly and half weighted by rarity; 0 when fewer
// than minShared words are shared. A trimmed or differently translated
// version of a remark thus matches the long quote it comes from, while two
// long quotes do not match merely for sharing the story's vocabulary.
func similarity(a, b mergeItem, idf map[string]float64) float64 {
	if len(a.sentences) > len(b.sentences) || len(a.sentences) == len(b.sentences) && len(a.sorted) > len(b.sorted) {
		a, b = b, a
	}
	total := 0.0
	for _, s := range a.sorted {
		total += idf[s]
	}
	best := 0.0
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
			if n >= minShared && total > 0 {
				best = math.Max(best, (shared/total+float64(n)/float64(len(a.sorted)))/2)
			}
		}
	}
	return best
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
				s += similarity(items[i], items[j], idf)
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

// score ranks a merged quote by substance, the share of the story's quotes
// its speaker has, and the share of outlets that reported it.
func score(words, speakerQuotes, most, outlets, allOutlets int, attributed bool) float64 {
	prominence := 0.0
	if most > 0 {
		prominence = float64(speakerQuotes) / float64(most)
	}
	s := 0.3*substance(words) + 0.3*prominence + 0.4*float64(outlets)/float64(max(allOutlets, 1))
	if !attributed {
		s *= unattributed
	}
	return s
}

// sentences splits a quote at full stops, question and exclamation marks.
func sentences(text string) []string {
	var out []string
	start := 0
	rs := []rune(text)
	for i, c := range rs {
		if (c == '.' || c == '?' || c == '!' || c == '…') && (i+1 == len(rs) || unicode.IsSpace(rs[i+1])) {
			out = append(out, string(rs[start:i+1]))
			start = i + 1
		}
	}
	if strings.TrimSpace(string(rs[start:])) != "" {
		out = append(out, string(rs[start:]))
	}
	return out
}

// contentStems returns the stems of a text's content words and the number
// of words it has.
func contentStems(text string) (map[string]bool, int) {
	words := strings.FieldsFunc(strings.ToLower(text), func(c rune) bool {
		return !unicode.IsLetter(c) && !unicode.IsDigit(c) && c != '\'' && c != '’'
	})
	stems := map[string]bool{}
	for _, w := range words {
		w = strings.TrimSuffix(strings.TrimSuffix(w, "'s"), "’s")
		if len(w) > 1 && !stopWords[w] {
			stems[stem(w)] = true
		}
	}
	return stems, len(words)
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
	"because", "while", "however", "therefore", "of", "course", "let's",
	"let’s", "don't", "don’t", "i'm", "i’m", "we're", "we’re", "he's",
	"he’s", "that's", "that’s")
