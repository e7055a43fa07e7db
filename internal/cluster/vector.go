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

// byWeight returns a copy of v, heaviest first.
func (v svec) byWeight() svec {
	out := slices.Clone(v)
	slices.SortFunc(out, heavier)
	return out
}

// top returns the k heaviest terms, heaviest first.
func (v svec) top(k int) []int32 {
	sorted := v.byWeight()
	out := make([]int32, min(k, len(sorted)))
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
	out := slices.Clone(v.byWeight()[:k])
	slices.SortFunc(out, byTerm)
	return out
}

// fromMap builds a sorted vector from weights by term.
func fromMap(m map[int32]float64) svec {
	v := make(svec, 0, len(m))
	for t, w := range m {
		v = append(v, entry{t, float32(w)})
	}
	slices.SortFunc(v, byTerm)
	return v
}

// centroid is a running sum of unit vectors with its squared norm kept
// current, so cosine against it costs only the article's terms.
type centroid struct {
	sum   map[int32]float64
	norm2 float64
}

func (c *centroid) add(v svec) {
	if c.sum == nil {
		c.sum = map[int32]float64{}
	}
	var cross, self float64
	for _, e := range v {
		cross += c.sum[e.t] * float64(e.w)
		self += float64(e.w) * float64(e.w)
	}
	c.norm2 += 2*cross + self
	for _, e := range v {
		c.sum[e.t] += float64(e.w)
	}
}

// addSum adds another centroid's sum.
func (c *centroid) addSum(o *centroid) {
	if c.sum == nil {
		c.sum = map[int32]float64{}
	}
	c.norm2 += 2*c.dot(o) + o.norm2
	for t, w := range o.sum {
		c.sum[t] += w
	}
}

func (c *centroid) dot(o *centroid) float64 {
	a, b := c.sum, o.sum
	if len(a) > len(b) {
		a, b = b, a
	}
	var s float64
	for t, w := range a {
		s += w * b[t]
	}
	return s
}

func (c *centroid) norm() float64 { return math.Sqrt(max(c.norm2, 0)) }

func (c *centroid) cosine(v svec) float64 {
	if c.norm2 <= 0 {
		return 0
	}
	var s float64
	for _, e := range v {
		s += float64(e.w) * c.sum[e.t]
	}
	return s / math.Sqrt(c.norm2)
}

// top returns the centroid's k heaviest terms, ties by term ID.
func (c *centroid) top(k int) []int32 {
	return fromMap(c.sum).top(k)
}
