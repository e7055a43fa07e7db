package cluster

import (
	"math"
	"slices"
	"sort"
)

// entry is one term of a document vector.
type entry struct {
	t int32 // interned term ID
	w float64
}

// svec is a document vector: entries sorted by term ID, so two of them
// meet in one merge walk.
type svec []entry

func (v svec) norm() float64 {
	var s float64
	for _, e := range v {
		s += e.w * e.w
	}
	return math.Sqrt(s)
}

func (v svec) normalize() svec {
	if n := v.norm(); n > 0 {
		for i := range v {
			v[i].w /= n
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
			s += a[i].w * b[j].w
			i++
			j++
		}
	}
	return s
}

// top returns the k heaviest terms, ties broken by term ID (IDs are
// assigned in article time order) for determinism.
func (v svec) top(k int) []int32 {
	byWeight := slices.Clone(v)
	sort.Slice(byWeight, func(i, j int) bool {
		if byWeight[i].w != byWeight[j].w {
			return byWeight[i].w > byWeight[j].w
		}
		return byWeight[i].t < byWeight[j].t
	})
	out := make([]int32, 0, min(k, len(byWeight)))
	for _, e := range byWeight[:min(k, len(byWeight))] {
		out = append(out, e.t)
	}
	return out
}

// heaviest returns the k heaviest entries, sorted by term like any svec.
func (v svec) heaviest(k int) svec {
	if len(v) <= k {
		return v
	}
	byWeight := slices.Clone(v)
	sort.Slice(byWeight, func(i, j int) bool {
		if byWeight[i].w != byWeight[j].w {
			return byWeight[i].w > byWeight[j].w
		}
		return byWeight[i].t < byWeight[j].t
	})
	out := byWeight[:k]
	sort.Slice(out, func(i, j int) bool { return out[i].t < out[j].t })
	return out
}

// fromMap builds a sorted vector from weights by term.
func fromMap(m map[int32]float64) svec {
	v := make(svec, 0, len(m))
	for t, w := range m {
		v = append(v, entry{t, w})
	}
	sort.Slice(v, func(i, j int) bool { return v[i].t < v[j].t })
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
		cross += c.sum[e.t] * e.w
		self += e.w * e.w
	}
	c.norm2 += 2*cross + self
	for _, e := range v {
		c.sum[e.t] += e.w
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
		s += e.w * c.sum[e.t]
	}
	return s / math.Sqrt(c.norm2)
}

// top returns the centroid's k heaviest terms, ties by term ID.
func (c *centroid) top(k int) []int32 {
	return fromMap(c.sum).top(k)
}
