package cli_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/newsdigest/newsdigest/internal/cli"
)

func run(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = cli.Run(context.Background(), args, &out, &errb)
	return code, out.String(), errb.String()
}

// TestOfflineDigest runs the README's first command on the built-in
// defaults: the seed story must come out as one story with five outlets,
// and a second run must fetch nothing and print the same digest.
func TestOfflineDigest(t *testing.T) {
	t.Setenv("NEWSDIGEST_DATA_DIR", t.TempDir())
	code, first, logs := run(t, "digest")
	if code != 0 {
		t.Fatalf("digest exit %d\n%s", code, logs)
	}
	if !strings.Contains(first, "1. ") || !strings.Contains(first, "7 outlets: ") {
		t.Fatalf("digest lacks the five-outlet seed story:\n%s", first)
	}
	for _, outlet := range []string{"Ukrainska Pravda", "Kyiv Ledger", "Interfax-Ukraine", "Bosphorus Post English", "Pravda.Ru", "Northern Herald"} {
		if !strings.Contains(first, outlet) {
			t.Errorf("digest lacks outlet %s", outlet)
		}
	}
	// Northern Herald's feed has teasers only: this quote is on its page.
	if !strings.Contains(first, "came out of nowhere") || !strings.Contains(first, "Katrin Albers") {
		t.Errorf("the digest has no quote from a teaser outlet's article page:\n%s", first)
	}
	for _, furniture := range []string{"cookies", "Share on", "Related stories", "All rights reserved", "Sign up", "4 min read"} {
		if strings.Contains(first, furniture) {
			t.Errorf("site furniture %q in the digest", furniture)
		}
	}
	code, second, logs := run(t, "digest")
	if code != 0 || !strings.Contains(logs, "not_modified=13 added=0") {
		t.Errorf("second run: exit %d, logs:\n%s", code, logs)
	}
	if first != second {
		t.Errorf("second digest differs:\n%s\n---\n%s", first, second)
	}
}

func TestDigestJSON(t *testing.T) {
	t.Setenv("NEWSDIGEST_DATA_DIR", t.TempDir())
	code, out, logs := run(t, "digest", "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, logs)
	}
	var d struct {
		Stories []struct {
			ID       string   `json:"id"`
			Headline string   `json:"headline"`
			Summary  string   `json:"summary"`
			Outlets  []string `json:"outlets"`
			Articles []struct {
				Outlet, Title, URL string
			} `json:"articles"`
		} `json:"stories"`
	}
	if err := json.Unmarshal([]byte(out), &d); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if len(d.Stories) == 0 || d.Stories[0].ID == "" || d.Stories[0].Headline == "" || d.Stories[0].Summary == "" {
		t.Fatalf("first story incomplete: %+v", d.Stories)
	}
	if n := len(d.Stories[0].Articles); n != 7 || len(d.Stories[0].Outlets) != 7 {
		t.Errorf("first story has %d articles, %d outlets; want the 5 seed articles, the teaser outlet's and the Ukrainian outlet's", n, len(d.Stories[0].Outlets))
	}
}

func TestDigestHTMLMessages(t *testing.T) {
	t.Setenv("NEWSDIGEST_DATA_DIR", t.TempDir())
	code, out, logs := run(t, "digest", "--format", "html", "--topic", "ukraine-peace")
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, logs)
	}
	if !strings.Contains(out, "--- message 1 ---\n<b>") || !strings.Contains(out, "<a href=\"https://") {
		t.Errorf("unexpected HTML output:\n%s", out)
	}
	if strings.Contains(out, "Super Bowl") {
		t.Errorf("--topic ukraine-peace let a sports story through:\n%s", out)
	}
}

func TestUsageErrors(t *testing.T) {
	t.Setenv("NEWSDIGEST_DATA_DIR", t.TempDir())
	tests := map[string]struct {
		args []string
		code int
		want string
	}{
		"no command":      {nil, 2, "Usage:"},
		"unknown command": {[]string{"frobnicate"}, 2, `unknown command "frobnicate"`},
		"bad format":      {[]string{"digest", "--format", "pdf"}, 2, `unknown --format "pdf"`},
		"bad until":       {[]string{"digest", "--until", "yesterday"}, 2, "--until: want RFC 3339"},
		"unknown topic":   {[]string{"digest", "--topic", "cats", "--no-poll"}, 2, `no topic "cats"`},
		"unknown flag":    {[]string{"poll", "--loud"}, 2, "flag provided but not defined"},
		"help":            {[]string{"help"}, 0, ""},
		"command help":    {[]string{"digest", "--help"}, 0, ""},
		"config no check": {[]string{"config"}, 2, "usage: newsdigest config check"},
		"eval without in": {[]string{"eval", "stories"}, 2, "--in FILE is required"},
		"eval unknown":    {[]string{"eval", "poems"}, 2, `unknown eval "poems"`},
		"missing config":  {[]string{"digest", "--config", "/nonexistent.yaml"}, 1, "no such file"},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			code, _, stderr := run(t, tt.args...)
			if code != tt.code || !strings.Contains(stderr, tt.want) {
				t.Errorf("exit %d, stderr %q; want exit %d and %q", code, stderr, tt.code, tt.want)
			}
		})
	}
}

func TestConfigCheck(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.yaml")
	os.WriteFile(bad, []byte("feeds:\n  - name: a\n    urll: x\ndigest:\n  schedule: '61 * * * *'\n  timezone: Europe/Nowhere\n"), 0o644)
	code, _, stderr := run(t, "config", "check", bad)
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	for _, want := range []string{`bad.yaml:3: unknown key "urll"`, "bad.yaml:2: feeds[0].url: missing", "bad.yaml:5: digest.schedule", `bad.yaml:6: digest.timezone: unknown time zone "Europe/Nowhere"`} {
		if !strings.Contains(stderr, want) {
			t.Errorf("config check output lacks %q:\n%s", want, stderr)
		}
	}
	code, out, stderr := run(t, "config", "check", "../../configs/newsdigest.yaml")
	if code != 0 || !strings.Contains(out, "ok (13 feeds") || stderr != "" {
		t.Errorf("shipped config: exit %d, %s %s", code, out, stderr)
	}
}

// TestConfigCheckReports: config check lists every problem once, on
// stderr with exit 1, and warns (exit 0) about a config without feeds.
func TestConfigCheckReports(t *testing.T) {
	const noFeeds = "no feeds: the service would poll nothing; a running service refuses to reload a config without feeds unless it sets allow_feed_loss: true"
	tests := map[string]struct {
		yaml   string
		env    map[string]string
		code   int
		out    string   // stdout
		stderr []string // its lines after the first
		first  string   // its first line
	}{
		"bad interval and an unknown key": {
			yaml:  "feeds:\n  - name: a\n    url: https://example.com/a.xml\n    interval: -1h\n  - name: b\n    url: https://example.com/b.xml\ndigest:\n  shedule: '0 8 * * *'\n",
			code:  1,
			first: "newsdigest: config: 2 problem(s):",
			stderr: []string{
				`  c.yaml:4: feeds[0].interval: invalid duration "-1h": must not be negative`,
				`  c.yaml:8: unknown key "shedule"`,
			},
		},
		"size in the wrong case": {
			yaml:   "fetch:\n  max_body: 10mb\n",
			code:   1,
			first:  "newsdigest: config: 1 problem(s):",
			stderr: []string{`  c.yaml:2: fetch.max_body: invalid size "10mb": units are case-sensitive; did you mean 10MB (10000000 bytes) or 10MiB (10485760 bytes)?`},
		},
		"size above the ceiling": {
			yaml:   "fetch:\n  max_body: 100TB\n",
			code:   1,
			first:  "newsdigest: config: 1 problem(s):",
			stderr: []string{`  c.yaml:2: fetch.max_body: 100TB is above the ceiling of 100MiB`},
		},
		"time zone from the environment": {
			yaml:   "feeds:\n  - {name: a, url: ./a.xml}\ndigest:\n  timezone: UTC\n",
			env:    map[string]string{"NEWSDIGEST_DIGEST_TIMEZONE": "Mars/Base"},
			code:   1,
			first:  "newsdigest: config: 1 problem(s):",
			stderr: []string{`  environment NEWSDIGEST_DIGEST_TIMEZONE: digest.timezone: unknown time zone "Mars/Base" (want an IANA name such as Europe/Kyiv)`},
		},
		"host without a scheme": {
			yaml:   "feeds:\n  - {name: bbc, url: www.bbc.co.uk/news/rss.xml}\n",
			code:   1,
			first:  "newsdigest: config: 1 problem(s):",
			stderr: []string{`  c.yaml:2: feeds[0].url: "www.bbc.co.uk/news/rss.xml" has no scheme; did you mean "https://www.bbc.co.uk/news/rss.xml"?`},
		},
		"script URL": {
			yaml:   "feeds:\n  - {name: x, url: 'javascript:alert(1)'}\n",
			code:   1,
			first:  "newsdigest: config: 1 problem(s):",
			stderr: []string{`  c.yaml:2: feeds[0].url: unsupported scheme "javascript" (want http, https, file, or a path like ./feeds/x.xml)`},
		},
		"empty file": {
			yaml:  "",
			out:   "c.yaml: ok, 1 warning(s) (0 feeds, 0 topics)\n",
			first: "newsdigest: warning: c.yaml: " + noFeeds,
		},
		"comments only": {
			yaml:  "# to do\n",
			out:   "c.yaml: ok, 1 warning(s) (0 feeds, 0 topics)\n",
			first: "newsdigest: warning: c.yaml: " + noFeeds,
		},
		"no feeds, allowed": {
			yaml:  "allow_feed_loss: true\n",
			out:   "c.yaml: ok, 1 warning(s) (0 feeds, 0 topics)\n",
			first: "newsdigest: warning: c.yaml: no feeds: the service would poll nothing",
		},
		"a problem, and no feeds": {
			yaml:   "fetch:\n  timeout: 1h\n",
			code:   1,
			first:  "newsdigest: config: 1 problem(s):",
			stderr: []string{`  c.yaml:2: fetch.timeout: 1h is above the ceiling of 10m`},
		},
		"good": {
			yaml: "feeds:\n  - {name: a, url: ./a.xml}\n",
			out:  "c.yaml: ok (1 feeds, 0 topics)\n",
		},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			for k, v := range tt.env {
				t.Setenv(k, v)
			}
			t.Chdir(t.TempDir())
			if err := os.WriteFile("c.yaml", []byte(tt.yaml), 0o644); err != nil {
				t.Fatal(err)
			}
			code, out, stderr := run(t, "config", "check", "c.yaml")
			lines := strings.Split(strings.TrimSuffix(stderr, "\n"), "\n")
			if code != tt.code || out != tt.out || lines[0] != tt.first || strings.Join(lines[1:], "\n") != strings.Join(tt.stderr, "\n") {
				t.Errorf("exit %d, stdout %q, stderr:\n%s\nwant exit %d, stdout %q, stderr:\n%s\n%s",
					code, out, stderr, tt.code, tt.out, tt.first, strings.Join(tt.stderr, "\n"))
			}
		})
	}
}

func TestEvalStories(t *testing.T) {
	in := filepath.Join(t.TempDir(), "in.jsonl")
	os.WriteFile(in, []byte(`{"id":"1","title":"Fed's Plosser sees high bar for change in taper pace","published":"2014-03-10T16:52:50Z","lang":"en","story":"fed"}
{"id":"2","title":"Plosser: weak data caused by weather, should not slow taper","published":"2014-03-10T17:00:00Z","lang":"en","story":"fed"}
{"id":"3","title":"Malaysia Airlines jet search widens to Strait of Malacca","published":"2014-03-10T18:00:00Z","lang":"en","story":"mh370"}
`), 0o644)
	code, out, stderr := run(t, "eval", "stories", "--in", in)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if lines := strings.Count(out, "\n"); lines != 3 || !strings.Contains(out, `"storyline"`) {
		t.Errorf("want 3 result lines, got:\n%s", out)
	}
	if !strings.Contains(stderr, "B-cubed precision") {
		t.Errorf("no scores: %s", stderr)
	}
	// Draws of whole stories: each holds one of the two, and the two
	// Plosser headlines are one story alone as among others.
	code, _, stderr = run(t, "eval", "stories", "--in", in, "--draws", "3", "--share", "0.5")
	if code != 0 || strings.Count(stderr, "\ndraw ") != 3 || !strings.Contains(stderr, "draws: 1 of 2 stories each, mean F1 1.0000, worst 1.0000") {
		t.Errorf("draws: exit %d\n%s", code, stderr)
	}
	if code, _, stderr := run(t, "eval", "stories", "--in", in, "--share", "2"); code == 0 || !strings.Contains(stderr, "--share") {
		t.Errorf("a share of 2: exit %d, %s", code, stderr)
	}
	os.WriteFile(in, []byte("{\"id\":\"1\",\"title\":\"ok\"}\nnot json\n"), 0o644)
	if code, _, stderr := run(t, "eval", "stories", "--in", in); code != 1 || !strings.Contains(stderr, "line 2") {
		t.Errorf("bad input: exit %d, %s", code, stderr)
	}
}

func TestAsk(t *testing.T) {
	t.Setenv("NEWSDIGEST_DATA_DIR", t.TempDir())
	code, out, logs := run(t, "ask", "what's new on the peace talks?")
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, logs)
	}
	first := strings.SplitN(out, "\n2. ", 2)[0]
	if !strings.Contains(first, "1. ") || !strings.Contains(first, "Rutte") {
		t.Errorf("the peace-talks story should come first:\n%s", out)
	}
	if code, out, _ := run(t, "ask", "--no-poll", "curling", "championship"); code != 0 || !strings.Contains(out, "Nothing stored matches") {
		t.Errorf("no match: exit %d, %s", code, out)
	}
	if code, _, stderr := run(t, "ask"); code != 2 || !strings.Contains(stderr, "what about?") {
		t.Errorf("empty question: exit %d, %s", code, stderr)
	}
}
