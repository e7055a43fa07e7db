// Package dedup finds near-duplicate articles — wire copies and syndicated
// reprints that differ in a headline, a byline or a dropped paragraph — so
// a story shows them once, "also published by" the others.
package dedup // import "github.com/newsdigest/newsdigest/internal/dedup"

import (
	"hash/fnv"
	"strings"

	"github.com/newsdigest/newsdigest/internal/text"
)

// Texts shorter than this many words are never called duplicates: two
// short teasers can agree by chance, and a headline is not a reprint.
const minWords = 40

// minContainment is the share of the shorter text's word 3-shingles that
// must appear in the longer one. A reprint that drops paragraphs keeps all
// of its own shingles; two reports of one event in their own words share
// names and facts but few three-word runs (well under a third).
const minContainment = 0.7

// Shingles is the set of hashed word 3-shingles of a text.
type Shingles map[uint64]struct{}

// Of returns the shingles of body, or nil when it is too short to judge.
func Of(body string) Shingles {
	words := text.Words(strings.ToLower(body))
	if len(words) < minWords {
		return nil
	}
	s := make(Shingles, len(words))
	h := fnv.New64a()
	for i := 0; i+3 <= len(words); i++ {
		h.Reset()
		h.Write([]byte(words[i] + " " + words[i+1] + " " + words[i+2]))
		s[h.Sum64()] = struct{}{}
	}
	return s
}

// Near reports whether two texts are near-identical.
func (s Shingles) Near(o Shingles) bool {
	if s == nil || o == nil {
		return false
	}
	small, large := s, o
	if len(small) > len(large) {
		small, large = large, small
	}
	shared := 0
	for h := range small {
		if _, ok := large[h]; ok {
			shared++
		}
	}
	return float64(shared) >= minContainment*float64(len(small))
}

// Groups partitions bodies into groups of near-duplicates, each group
// listing indexes in input order with the first as its representative.
// Each body is compared with each group's representative, so the cost is
// bodies × groups: meant for the articles of one event.
func Groups(bodies []string) [][]int {
	var groups [][]int
	var reps []Shingles
	for i, b := range bodies {
		sh := Of(b)
		placed := false
		for g, rep := range reps {
			if sh.Near(rep) {
				groups[g] = append(groups[g], i)
				placed = true
				break
			}
		}
		if !placed {
			groups = append(groups, []int{i})
			reps = append(reps, sh)
		}
	}
	return groups
}
