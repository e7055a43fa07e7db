package cluster

import (
	"cmp"
	"math"
	"slices"
	"time"
)

// Bridging joins the events one happening forms in different languages.
// Words do not cross languages, but names and numbers do (text.CrossKeys
// folds the names' spellings and scripts): two events in different
// languages, close in time, that share several rare ones are one event. A
// wrong join across languages is worse than a missed one, so the bar is
// high, and a joined group holds at most one event of each language:
// bridging never does what merging within a language declined to do.
//
// Two events bridge when they share bridgeMinShared names and numbers, the
// cosine of their IDF-weighted sets of names (each counting only names the
// other's language uses) is at least bridgeNames, and that cosine plus
// bridgeWords times the cosine of their words (names, numbers and words
// spelt alike in both languages, such as "AfD" or "Covid-19") is at least
// bridgeThreshold. Chosen on pairs-semeval-dev (German–English), in the
// middle of a plateau: 9 of 12 same-story pairs joined, 1 of 60 different
// ones (names alone at 0.5: 6 and 1; at 0.35: 9 and 3).
const (
	bridgeMinShared = 3
	bridgeNames     = 0.4
	bridgeWords     = 2.0
	bridgeThreshold = 0.63
	bridgeScan      = 64 // events per name looked at, the newest first
)

// bridge returns events with those of one happening in several languages
// joined, the oldest surviving.
func bridge(events []*event, opts Options) []*event {
	type info struct {
		lang string
		keys map[string]float64 // key → IDF weight, filled below
	}
	infos := make([]info, len(events))
	df := map[string]int{}
	langs := map[string]bool{}
	for i, e := range events {
		count := map[string]int{}
		keys := map[string]float64{}
		for _, d := range e.docs() {
			count[d.a.Language]++
			for _, k := range d.cross {
				keys[k] = 0
			}
		}
		lang := ""
		for l, n := range count {
			if n > count[lang] || n == count[lang] && l < lang {
				lang = l
			}
		}
		if lang == "" {
			lang = "en"
		}
		langs[lang] = true
		for k := range keys {
			df[k]++
		}
		infos[i] = info{lang: lang, keys: keys}
	}
	if len(langs) < 2 {
		return events
	}
	// Only names used in more than one language count: the others (in
	// German every noun is capitalised) cannot bridge, and would only
	// dilute the similarity.
	keyLangs := map[string]map[string]bool{}
	for i := range infos {
		for k := range infos[i].keys {
			if keyLangs[k] == nil {
				keyLangs[k] = map[string]bool{}
			}
			keyLangs[k][infos[i].lang] = true
		}
	}
	n := float64(len(events))
	index := map[string][]int{}
	for i := range infos {
		for k := range infos[i].keys {
			if len(keyLangs[k]) < 2 || len(k) < 3 {
				delete(infos[i].keys, k)
				continue
			}
			w := math.Log((n + 1) / float64(df[k]))
			infos[i].keys[k] = w
			index[k] = append(index[k], i)
		}
	}

	// normFor is the norm of event i's names that lang uses: a German
	// event's capitalised nouns that no English event shares say nothing
	// about whether it is an English event's story.
	type normKey struct {
		i    int
		lang string
	}
	norms := map[normKey]float64{}
	normFor := func(i int, lang string) float64 {
		nk := normKey{i, lang}
		if v, ok := norms[nk]; ok {
			return v
		}
		var sum float64
		for k, w := range infos[i].keys {
			if keyLangs[k][lang] {
				sum += w * w
			}
		}
		norms[nk] = math.Sqrt(sum)
		return norms[nk]
	}
	type pair struct {
		i, j int
		sim  float64
	}
	var pairs []pair
	reach := opts.reach(opts.MergeThreshold)
	for i := range events {
		shared := map[int]int{}
		for k := range infos[i].keys {
			list := index[k]
			for _, j := range list[max(0, len(list)-bridgeScan):] {
				if j > i && infos[j].lang != infos[i].lang {
					shared[j]++
				}
			}
		}
		for j, s := range shared {
			if s < bridgeMinShared || gapBetween(events[i], events[j]) > reach {
				continue
			}
			var dot float64
			for k, w := range infos[i].keys {
				if _, ok := infos[j].keys[k]; ok {
					dot += w * w
				}
			}
			names := dot / (normFor(i, infos[j].lang) * normFor(j, infos[i].lang))
			if names < bridgeNames {
				continue
			}
			words := 0.0
			if n := events[i].c.norm() * events[j].c.norm(); n > 0 {
				words = events[i].c.dot(&events[j].c) / n
			}
			if sim := names + bridgeWords*words; sim >= bridgeThreshold {
				pairs = append(pairs, pair{i, j, sim})
			}
		}
	}
	if len(pairs) == 0 {
		return events
	}
	slices.SortFunc(pairs, func(a, b pair) int {
		return cmp.Or(cmp.Compare(b.sim, a.sim), cmp.Compare(a.i, b.i), cmp.Compare(a.j, b.j))
	})
	// Groups by union-find; a group records its languages.
	parent := make([]int, len(events))
	groupLangs := make([]map[string]bool, len(events))
	for i := range parent {
		parent[i] = i
		groupLangs[i] = map[string]bool{infos[i].lang: true}
	}
	var find func(int) int
	find = func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	for _, p := range pairs {
		a, b := find(p.i), find(p.j)
		if a == b {
			continue
		}
		clash := false
		for l := range groupLangs[b] {
			clash = clash || groupLangs[a][l]
		}
		if clash {
			continue
		}
		a, b = min(a, b), max(a, b) // events are oldest first: the older survives
		parent[b] = a
		for l := range groupLangs[b] {
			groupLangs[a][l] = true
		}
	}
	var out []*event
	for i, e := range events {
		root := find(i)
		if root == i {
			out = append(out, e)
			continue
		}
		events[root].absorb(e)
	}
	return out
}

// gapBetween is the time between two events' coverage, zero if they
// overlap.
func gapBetween(a, b *event) time.Duration {
	switch {
	case b.first.After(a.last):
		return b.first.Sub(a.last)
	case a.first.After(b.last):
		return a.first.Sub(b.last)
	}
	return 0
}
