package cluster

import (
	"math"
	"sort"
)

// vector is a sparse term-weight vector.
type vector map[string]float64

func (v vector) norm() float64 {
	var s float64
	for _, w := range v {
		s += w * w
	}
	return math.Sqrt(s)
}

func (v vector) normalize() vector {
	if n := v.norm(); n > 0 {
		for t, w := range v {
			v[t] = w / n
		}
	}
	return v
}

// dot iterates the smaller vector.
func dot(a, b vector) float64 {
	if len(a) > len(b) {
		a, b = b, a
	}
	var s float64
	for t, w := range a {
		s += w * b[t]
	}
	return s
}

// top returns the k heaviest terms, ties broken by term for determinism.
func (v vector) top(k int) []string {
	terms := make([]string, 0, len(v))
	for t := range v {
		terms = append(terms, t)
	}
	sort.Slice(terms, func(i, j int) bool {
		if v[terms[i]] != v[terms[j]] {
			return v[terms[i]] > v[terms[j]]
		}
		return terms[i] < terms[j]
	})
	if len(terms) > k {
		terms = terms[:k]
	}
	return terms
}

// centroid is a running sum of unit vectors with its squared norm kept
// current, so cosine against it costs only the article's terms.
type centroid struct {
	sum    vector
	norm2  float64
	weight int
}

func (c *centroid) add(v vector) {
	if c.sum == nil {
		c.sum = vector{}
	}
	c.norm2 += 2*dot(c.sum, v) + dot(v, v)
	for t, w := range v {
		c.sum[t] += w
	}
	c.weight++
}

func (c *centroid) cosine(v vector) float64 {
	if c.norm2 <= 0 {
		return 0
	}
	var s float64
	for t, w := range v {
		s += w * c.sum[t]
	}
	return s / math.Sqrt(c.norm2)
}
