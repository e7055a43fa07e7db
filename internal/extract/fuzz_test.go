package extract

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzArticle feeds arbitrary pages and teasers to Article: it must never
// panic (a recovered library panic still counts as a failure here), and it
// returns either a clean text or a reason, never both.
// Seeds: testdata/fuzz/FuzzArticle.
func FuzzArticle(f *testing.F) {
	f.Add([]byte("<html><body><article><p>"+strings.Repeat("A sentence of the story. ", 30)+"</p></article></body></html>"), "A sentence of the story")
	f.Add([]byte(""), "")
	f.Fuzz(func(t *testing.T, page []byte, teaser string) {
		r := Article(page, "https://example.com/a", Hints{Teaser: teaser, Title: teaser})
		if strings.HasPrefix(r.Kept, "extractor failed") {
			t.Fatalf("panic: %s", r.Kept)
		}
		if (r.Text == "") == (r.Kept == "") {
			t.Fatalf("text %q and kept %q", r.Text, r.Kept)
		}
		if !utf8.ValidString(r.Text) {
			t.Fatalf("text is not UTF-8: %q", r.Text)
		}
		for _, p := range strings.Split(r.Text, "\n") {
			if r.Text != "" && (p == "" || strings.TrimSpace(p) != p) {
				t.Fatalf("paragraph %q not trimmed or empty in %q", p, r.Text)
			}
		}
	})
}
