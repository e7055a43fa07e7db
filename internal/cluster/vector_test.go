package cluster

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestHeaviestMatchesFullSort checks the selection against sorting the
// whole vector, with ties in weight (broken by term) and every cut size.
func TestHeaviestMatchesFullSort(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{0, 1, 2, 3, 10, 97, 1000} {
		for _, weights := range []int{3, 1000} { // few distinct weights: many ties
			v := make(svec, n)
			for i, t := range r.Perm(n) {
				v[i] = entry{t: int32(t), w: float32(r.IntN(weights))}
			}
			slices.SortFunc(v, byTerm)
			want := slices.Clone(v)
			slices.SortFunc(want, heavier)
			for _, k := range []int{0, 1, 2, n / 2, n - 1, n, n + 1} {
				if k < 0 {
					continue
				}
				kk := min(k, n)
				wantTop := make([]int32, kk)
				for i := range wantTop {
					wantTop[i] = want[i].t
				}
				if got := v.top(k); !slices.Equal(got, wantTop) {
					t.Fatalf("n=%d weights=%d k=%d: top = %v, want %v", n, weights, k, got, wantTop)
				}
				wantCut := slices.Clone(want[:kk])
				slices.SortFunc(wantCut, byTerm)
				if got := v.heaviest(k); !slices.Equal(got, wantCut) {
					t.Fatalf("n=%d weights=%d k=%d: heaviest = %v, want %v", n, weights, k, got, wantCut)
				}
			}
		}
	}
}
