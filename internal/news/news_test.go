package news

import (
	"slices"
	"testing"
)

func TestReprints(t *testing.T) {
	tests := map[string]struct {
		outlet string
		copies []Copy
		want   []string // outlets
	}{
		"none":                {"Wire", nil, nil},
		"other outlets":       {"Wire", []Copy{{ArticleID: "b", Outlet: "Daily"}, {ArticleID: "c", Outlet: "Herald"}}, []string{"Daily", "Herald"}},
		"its own repost":      {"Wire", []Copy{{ArticleID: "b", Outlet: "Wire"}}, nil},
		"an outlet twice":     {"Wire", []Copy{{ArticleID: "b", Outlet: "Daily"}, {ArticleID: "c", Outlet: "Daily"}}, []string{"Daily"}},
		"own and other mixed": {"Wire", []Copy{{ArticleID: "b", Outlet: "Wire"}, {ArticleID: "c", Outlet: "Daily"}}, []string{"Daily"}},
	}
	for name, tt := range tests {
		a := Article{Outlet: tt.outlet, Copies: tt.copies}
		var got []string
		for _, c := range a.Reprints() {
			got = append(got, c.Outlet)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("%s: Reprints() outlets = %q, want %q", name, got, tt.want)
		}
	}
}
