package cli_test

import (
	"compress/gzip"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestEvalExtract runs `eval extract` on a gzipped JSON-lines file: one
// line {"id","text"} per page on stdout, scores and timing on stderr.
func TestEvalExtract(t *testing.T) {
	body := "The council voted on Wednesday to build a tram line linking the old harbour with the university campus, ending ten years of argument.\n" +
		"Construction is due to start next spring and the first trams should carry passengers by the end of 2027, the mayor said."
	page := `<html><head><title>Council approves tram line</title></head><body>` +
		`<nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>` +
		`<article><h1>Council approves tram line</h1><p>` + strings.ReplaceAll(body, "\n", "</p><p>") + `</p></article>` +
		`<aside><h3>Related stories</h3><ul><li><a href="/1">Bridge repairs</a></li></ul></aside>` +
		`<footer>© 2024 The Courier. All rights reserved.</footer></body></html>`
	in := filepath.Join(t.TempDir(), "pages.jsonl.gz")
	f, err := os.Create(in)
	if err != nil {
		t.Fatal(err)
	}
	gz := gzip.NewWriter(f)
	enc := json.NewEncoder(gz)
	enc.Encode(map[string]string{"id": "p1", "url": "https://example.com/tram", "html": page, "body": body,
		"title": "Council approves tram line", "teaser": "The council approved a tram line between the harbour and the campus."})
	enc.Encode(map[string]string{"id": "p2", "url": "https://example.com/app", "html": `<html><body><noscript>Please enable JavaScript.</noscript><div id="app"></div></body></html>`})
	if err := gz.Close(); err != nil {
		t.Fatal(err)
	}
	f.Close()

	code, out, stderr := run(t, "eval", "extract", "--in", in)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var rows []struct{ ID, Text, Kept string }
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		var r struct{ ID, Text, Kept string }
		if err := json.Unmarshal([]byte(l), &r); err != nil {
			t.Fatalf("%v: %s", err, l)
		}
		rows = append(rows, r)
	}
	if len(rows) != 2 || rows[0].ID != "p1" || rows[0].Text != body || rows[0].Kept != "" {
		t.Errorf("page p1: %+v", rows)
	}
	if len(rows) == 2 && (rows[1].Kept != "JavaScript-only page" || rows[1].Text != "") {
		t.Errorf("page p2: %+v", rows[1])
	}
	for _, want := range []string{"extract: precision 1.0000 recall 1.0000 F1 1.0000", "2 pages, 1 kept the teaser", "ms/page"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	if code, _, stderr := run(t, "eval", "extract"); code != 2 || !strings.Contains(stderr, "--in FILE is required") {
		t.Errorf("no --in: exit %d, %s", code, stderr)
	}
}
