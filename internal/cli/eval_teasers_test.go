package cli_test

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestEvalTeasers runs `eval teasers` on three small pages behind a
// loopback teaser feed: two articles whose pages the pipeline reads, and
// a paywalled one whose teaser it keeps. Stdout has a line per page in
// input order; stderr the scores, the page outcomes and the second poll.
func TestEvalTeasers(t *testing.T) {
	code, out, stderr := run(t, "eval", "teasers", "--in", "testdata/teasers.jsonl")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var rows []struct{ ID, Text, Source string }
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		var r struct{ ID, Text, Source string }
		if err := json.Unmarshal([]byte(l), &r); err != nil {
			t.Fatalf("%v: %s", err, l)
		}
		rows = append(rows, r)
	}
	if len(rows) != 3 {
		t.Fatalf("want 3 lines, got %d:\n%s", len(rows), out)
	}
	for i, want := range []struct{ id, source, start string }{
		{"tram", "page", "The city council voted on Wednesday"},
		{"library", "page", "The town library will stay open"},
		{"strike", "feed", "Harbour workers walked out on Friday morning"},
	} {
		r := rows[i]
		if r.ID != want.id || r.Source != want.source || !strings.HasPrefix(r.Text, want.start) {
			t.Errorf("line %d: %+v, want id %s from %s starting %q", i+1, r, want.id, want.source, want.start)
		}
		for _, furniture := range []string{"cookies", "Share on", "Related", "All rights reserved", "subscribers"} {
			if strings.Contains(r.Text, furniture) {
				t.Errorf("%s: text has %q: %s", r.ID, furniture, r.Text)
			}
		}
	}
	if n := strings.Count(rows[0].Text, "\n"); n != 3 {
		t.Errorf("tram: want its 4 paragraphs, got %d lines:\n%s", n+1, rows[0].Text)
	}
	for _, want := range []string{
		"teasers: precision 1.0000 recall ",
		"(3 pages scored, 0 with no text)",
		"3 pages, 3 stored; text from page 2, feed 1; pages ok 2, kept 1",
		"3 page requests; second poll fetched 0 page(s) again",
		"ms/page",
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	if code, _, stderr := run(t, "eval", "teasers"); code != 2 || !strings.Contains(stderr, "--in FILE is required") {
		t.Errorf("no --in: exit %d, %s", code, stderr)
	}
}
