package search

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/newsdigest/newsdigest/internal/text"
)

// TestWordsAsText: words splits as text.Words does, but for hyphens.
func TestWordsAsText(t *testing.T) {
	for _, s := range []string{
		"", "  ", "NATO's chief, Mark Rutte, said: \"Peace talks\" — now!",
		"Don't stop; rock’n’roll isn't dead 'quoted' ’tis",
		"Covid-19 cease-fire F-35 -lead trail- a--b Minsk-3",
		"Київ і Львів; Zürich, São Paulo, naïve café (1,200.5%)",
		"e\u0301te\u0301 ٣٤ 東京",
	} {
		var want []string
		for _, w := range text.Words(s) {
			for part := range strings.SplitSeq(w, "-") {
				want = append(want, part)
			}
		}
		if got := slices.Collect(words(s)); !slices.Equal(got, want) {
			t.Errorf("words(%q) = %q, want %q", s, got, want)
		}
	}
}

// TestLead: the indexed lead is at most leadBytes, ends before a word
// rather than inside one, and stays valid UTF-8 when it has to cut a word.
func TestLead(t *testing.T) {
	peace := strings.Repeat("peace ", 333) // 1998 bytes
	runes := strings.Repeat("мир", leadBytes)
	for _, tc := range []struct {
		name, in, want string
	}{
		{"short", "Peace talks resume.", "Peace talks resume."},
		{"at a space", peace + "talks", strings.TrimSpace(peace)},
		{"no space", runes, runes[:leadBytes]},
	} {
		got := lead(tc.in)
		if got != tc.want || len(got) > leadBytes || !utf8.ValidString(got) {
			t.Errorf("%s: lead has %d bytes ending %q, want %d ending %q", tc.name, len(got), got[max(0, len(got)-12):], len(tc.want), tc.want[max(0, len(tc.want)-12):])
		}
	}
}
