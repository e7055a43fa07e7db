package cluster

import (
	"cmp"
	"math"
	"slices"
)

// entry is one term of a document vector.
type entry struct {
	t int32   // interned term ID
	w float32 // halves the memory of the vectors held for a grouping
}

// svec is a document vector: entries sorted by term ID, so two of them
// meet in one merge walk.
type svec []entry

func (v svec) norm() float64 {
	var s float64
	for _, e := range v {
		s += float64(e.w) * float64(e.w)
	}
	return math.Sqrt(s)
}

func (v svec) normalize() svec {
	if n := v.norm(); n > 0 {
		for i := range v {
			v[i].w = float32(float64(v[i].w) / n)
		}
	}
	return v
}

func dot(a, b svec) float64 {
	var s float64
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch {
		case a[i].t < b[j].t:
			i++
		case a[i].t > b[j].t:
			j++
		default:
			s += float64(a[i].w) * float64(b[j].w)
			i++
			j++
		}
	}
	return s
}

// heavier orders entries by weight, heaviest first, ties by term ID (IDs
// are assigned in article time order): a total order, so results never
// depend on the sorting algorithm.
func heavier(a, b entry) int {
	switch {
	case a.w > b.w:
		return -1
	case a.w < b.w:
		return 1
	}
	return cmp.Compare(a.t, b.t)
}

func byTerm(a, b entry) int { return cmp.Compare(a.t, b.t) }

// selectHeaviest reorders v so that its first k entries are the k
// heaviest, in no particular order: vectors being cut are often ten times
// longer than what is kept, and sorting all of them dominated grouping.
// heavier is a total order over distinct terms, so the set is the one a
// full sort would give.
func selectHeaviest(v svec, k int) {
	lo, hi := 0, len(v)
	for k > lo && k < hi && hi-lo > 1 {
		// Median of three as pivot, moved to the end.
		mid := lo + (hi-lo)/2
		if heavier(v[mid], v[lo]) < 0 {
			v[mid], v[lo] = v[lo], v[mid]
		}
		if heavier(v[hi-1], v[lo]) < 0 {
			v[hi-1], v[lo] = v[lo], v[hi-1]
		}
		if heavier(v[mid], v[hi-1]) < 0 {
			v[mid], v[hi-1] = v[hi-1], v[mid]
		}
		p, i := v[hi-1], lo
		for j := lo; j < hi-1; j++ {
			if heavier(v[j], p) < 0 {
				v[i], v[j] = v[j], v[i]
				i++
			}
		}
		v[i], v[hi-1] = v[hi-1], v[i]
		// v[lo:i] are heavier than the pivot, now at i.
		if k <= i {
			hi = i
		} else {
			lo = i + 1
		}
	}
}

// top returns the k heaviest terms, heaviest first.
func (v svec) top(k int) []int32 {
	sorted := slices.Clone(v)
	k = min(k, len(sorted))
	selectHeaviest(sorted, k)
	sorted = sorted[:k]
	slices.SortFunc(sorted, heavier)
	out := make([]int32, k)
	for i := range out {
		out[i] = sorted[i].t
	}
	return out
}

// heaviest returns the k heaviest entries, sorted by term like any svec.
// The result never shares memory with a longer v: vectors are kept for
// the whole grouping, and a blended vector's tail is many times its head.
func (v svec) heaviest(k int) svec {
	if len(v) <= k {
		return v
	}
	return cut(slices.Clone(v), k)
}

// cut keeps v's k heaviest entries (v is reordered), sorted by term, in
// memory of their own.
func cut(v svec, k int) svec {
	if len(v) > k {
		selectHeaviest(v, k)
		v = slices.Clone(v[:k])
	}
	slices.SortFunc(v, byTerm)
	return v
}

// heaviestOf returns the k heaviest of weights by term as a vector.
func heaviestOf(m map[int32]float64, k int) svec {
	v := make(svec, 0, len(m))
	for t, w := range m {
		v = append(v, entry{t, float32(w)})
	}
	return cut(v, k)
}

// centroid is a running sum of unit vectors with its squared norm kept
// current, so cosine against it costs only the article's terms. Terms and
// sums are parallel slices sorted by term: a third of a map's memory, and
// two centroids meet in one walk.
type centroid struct {
	terms []int32
	sums  []float64
	norm2 float64
}

// weight returns the sum for term t, searching from lo on; it also
// returns where t is or would be, so sorted lookups go forward. The search
// gallops: lookups for a vector's terms mostly land a few entries on.
func (c *centroid) weight(t int32, lo int) (float64, int) {
	hi, step := lo, 1
	for hi < len(c.terms) && c.terms[hi] < t {
		lo = hi + 1
		hi += step
		step *= 2
	}
	hi = min(hi+1, len(c.terms))
	i, ok := slices.BinarySearch(c.terms[lo:hi], t)
	if ok {
		return c.sums[lo+i], lo + i
	}
	return 0, lo + i
}

func (c *centroid) add(v svec) {
	var cross, self float64
	at := 0
	ts, ws := make([]int32, len(v)), make([]float64, len(v))
	for i, e := range v {
		var w float64
		w, at = c.weight(e.t, at)
		cross += w * float64(e.w)
		self += float64(e.w) * float64(e.w)
		ts[i], ws[i] = e.t, float64(e.w)
	}
	c.norm2 += 2*cross + self
	c.merge(ts, ws)
}

// addSum adds another centroid's sum.
func (c *centroid) addSum(o *centroid) {
	c.norm2 += 2*c.dot(o) + o.norm2
	c.merge(o.terms, o.sums)
}

// merge adds sums by term (ts sorted), growing the slices like append and
// merging from the back, so that no entry moves twice.
func (c *centroid) merge(ts []int32, ws []float64) {
	missing := 0
	for i, j := 0, 0; j < len(ts); {
		switch {
		case i < len(c.terms) && c.terms[i] < ts[j]:
			i++
		case i < len(c.terms) && c.terms[i] == ts[j]:
			i++
			j++
		default:
			missing++
			j++
		}
	}
	n := len(c.terms)
	c.terms = slices.Grow(c.terms, missing)[:n+missing]
	c.sums = slices.Grow(c.sums, missing)[:n+missing]
	for i, j, k := n-1, len(ts)-1, n+missing-1; j >= 0; k-- {
		switch {
		case i >= 0 && c.terms[i] > ts[j]:
			c.terms[k], c.sums[k] = c.terms[i], c.sums[i]
			i--
		case i >= 0 && c.terms[i] == ts[j]:
			c.terms[k], c.sums[k] = c.terms[i], c.sums[i]+ws[j]
			i--
			j--
		default:
			c.terms[k], c.sums[k] = ts[j], ws[j]
			j--
		}
	}
}

func (c *centroid) dot(o *centroid) float64 {
	var s float64
	for i, j := 0, 0; i < len(c.terms) && j < len(o.terms); {
		switch {
		case c.terms[i] < o.terms[j]:
			i++
		case c.terms[i] > o.terms[j]:
			j++
		default:
			s += c.sums[i] * o.sums[j]
			i++
			j++
		}
	}
	return s
}

func (c *centroid) norm() float64 { return math.Sqrt(max(c.norm2, 0)) }

func (c *centroid) cosine(v svec) float64 {
	if c.norm2 <= 0 {
		return 0
	}
	var s float64
	at := 0
	for _, e := range v {
		var w float64
		w, at = c.weight(e.t, at)
		s += float64(e.w) * w
	}
	return s / math.Sqrt(c.norm2)
}

// vec returns the centroid as a vector (not normalised).
func (c *centroid) vec() svec {
	v := make(svec, len(c.terms))
	for i, t := range c.terms {
		v[i] = entry{t, float32(c.sums[i])}
	}
	return v
}

// top returns the centroid's k heaviest terms, ties by term ID.
func (c *centroid) top(k int) []int32 {
	return c.vec().top(k)
}
