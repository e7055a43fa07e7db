package config_test

import (
	"errors"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/newsdigest/newsdigest/internal/config"
)

// problems parses yaml as t.yaml with the environment env and returns
// every problem as printed, or nil when the config is accepted.
func problems(t *testing.T, yaml string, env map[string]string) []string {
	t.Helper()
	lookup := func(k string) (string, bool) { v, ok := env[k]; return v, ok }
	cfg, err := config.Parse([]byte(yaml), "t.yaml", lookup)
	if err == nil {
		if cfg == nil {
			t.Fatal("Parse returned neither a config nor an error")
		}
		return nil
	}
	var cerr *config.Error
	if !errors.As(err, &cerr) {
		t.Fatalf("error %v (%T) is not a *config.Error", err, err)
	}
	var out []string
	for _, p := range cerr.Problems {
		out = append(out, p.String())
	}
	return out
}

// checkProblems compares the problems with want: the same problems, each
// once, in the same order.
func checkProblems(t *testing.T, got, want []string) {
	t.Helper()
	if !slices.Equal(got, want) {
		t.Errorf("problems:\n  %s\nwant:\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
}

// TestEveryProblemOnce: a value that does not parse is one problem, with
// its line and key; the decoder goes on, so the rest of the file is read
// and checked (unknown keys included), and nothing is made up about the
// keys and entries next to it or the keys checked against it.
func TestEveryProblemOnce(t *testing.T) {
	tests := map[string]struct {
		yaml string
		env  map[string]string
		want []string
	}{
		"negative feed interval and an unknown key": {
			yaml: "feeds:\n  - name: a\n    url: https://example.com/a.xml\n    interval: -1h\n  - name: b\n    url: https://example.com/b.xml\ndigest:\n  shedule: '0 8 * * *'\n",
			want: []string{
				`t.yaml:4: feeds[0].interval: invalid duration "-1h": must not be negative`,
				`t.yaml:8: unknown key "shedule"`,
			},
		},
		"size in the wrong case": {
			yaml: "fetch:\n  max_body: 10mb\n  timeout: 5s\n  bogus: 1\n",
			want: []string{
				`t.yaml:2: fetch.max_body: invalid size "10mb": units are case-sensitive; did you mean 10MB (10000000 bytes) or 10MiB (10485760 bytes)?`,
				`t.yaml:4: unknown key "bogus"`,
			},
		},
		"several bad values": {
			yaml: "fetch:\n  timeout: soon\n  max_body: lots\n  interval: 1w\nfeeds:\n  - {name: a, url: https://a.example/rss, interval: -5m}\n  - {name: a, url: https://b.example/rss}\n",
			want: []string{
				`t.yaml:2: fetch.timeout: invalid duration "soon" (use e.g. 90s, 15m, 2h, 7d)`,
				`t.yaml:3: fetch.max_body: invalid size "lots" (use e.g. 10MiB, 512KB)`,
				`t.yaml:4: fetch.interval: invalid duration "1w" (use e.g. 90s, 15m, 2h, 7d)`,
				`t.yaml:6: feeds[0].interval: invalid duration "-5m": must not be negative`,
				`t.yaml:7: feeds[1].name: "a" is already the name of feeds[0]`,
			},
		},
		"a bad horizon is not also a short retention": {
			yaml: "cluster:\n  horizon: soon\nstorage:\n  retention: 30d\n",
			want: []string{`t.yaml:2: cluster.horizon: invalid duration "soon" (use e.g. 90s, 15m, 2h, 7d)`},
		},
		"a bad interval is not also a short backoff": {
			yaml: "fetch:\n  interval: often\n  max_backoff: 5m\n",
			want: []string{`t.yaml:2: fetch.interval: invalid duration "often" (use e.g. 90s, 15m, 2h, 7d)`},
		},
		"wrong type in the admin's terms": {
			yaml: "digest:\n  max_stories: many\n  empty_notice: sometimes\ntelegram:\n  admin_chat_ids: [1, x]\n",
			want: []string{
				`t.yaml:2: digest.max_stories: want a whole number, got "many"`,
				`t.yaml:3: digest.empty_notice: want true or false, got "sometimes"`,
				`t.yaml:5: telegram.admin_chat_ids[1]: want a whole number, got "x"`,
			},
		},
		"number too large": {
			yaml: "digest:\n  max_stories: 99999999999999999999\n",
			want: []string{`t.yaml:2: digest.max_stories: 99999999999999999999 is out of range`},
		},
		"long values are quoted whole": {
			yaml: "fetch:\n  timeout: a-very-long-value\n",
			want: []string{`t.yaml:2: fetch.timeout: invalid duration "a-very-long-value" (use e.g. 90s, 15m, 2h, 7d)`},
		},
		"a section that is not a mapping": {
			yaml: "fetch: 5\nfeeds:\n  - {name: a, url: ftp://a.example/rss}\n",
			want: []string{
				`t.yaml:1: fetch: want a mapping of keys, got "5"`,
				`t.yaml:3: feeds[0].url: unsupported scheme "ftp" (want http, https, file, or a path like ./feeds/x.xml)`,
			},
		},
		"entries keep their indices": {
			yaml: "feeds:\n  - 'https://a.example/rss'\n  - {name: b, url: https://b.example/rss}\n  -\n  - {name: c, url: https://c.example/rss, name: d}\n  - {name: b, url: ./b.txt}\n",
			want: []string{
				`t.yaml:2: feeds[0]: want a mapping of keys, got "https://a.example/rss"`,
				`t.yaml:4: feeds[2]: empty entry; delete it or fill it in`,
				`t.yaml:5: feeds[3]: mapping key "name" already defined at line 5`,
				`t.yaml:6: feeds[4].name: "b" is already the name of feeds[1]`,
				`t.yaml:6: feeds[4].url: local feed "./b.txt" must be a file ending in .xml, .rss, .atom, .rdf, .json or .feed`,
			},
		},
		"a bad topic entry is one problem": {
			yaml: "topics:\n  - peace\n  - {id: b, title: B, keywords: [x, {y: z}]}\n",
			want: []string{
				`t.yaml:2: topics[0]: want a mapping of keys, got "peace"`,
				`t.yaml:3: topics[1].keywords[1]: want text, got a mapping`,
			},
		},
		"not a mapping at all": {
			yaml: "just text\n",
			want: []string{`t.yaml:1: want a mapping of keys, got "just text"`},
		},
		"a key twice": {
			yaml: "fetch:\n  timeout: 5s\n  timeout: 6s\n",
			want: []string{`t.yaml:3: fetch: mapping key "timeout" already defined at line 2`},
		},
		"an alias used twice": {
			yaml: "fetch:\n  timeout: &bad soon\n  max_backoff: *bad\n",
			want: []string{
				`t.yaml:2: fetch.timeout: invalid duration "soon" (use e.g. 90s, 15m, 2h, 7d)`,
				`t.yaml:2: fetch.max_backoff: invalid duration "soon" (use e.g. 90s, 15m, 2h, 7d)`,
			},
		},
		"a bad file value that the environment replaces": {
			yaml: "fetch:\n  timeout: soon\n",
			env:  map[string]string{"NEWSDIGEST_FETCH_TIMEOUT": "20m"},
			want: []string{
				`t.yaml:2: fetch.timeout: invalid duration "soon" (use e.g. 90s, 15m, 2h, 7d)`,
				`environment NEWSDIGEST_FETCH_TIMEOUT: fetch.timeout: 20m is above the ceiling of 10m`,
			},
		},
		"valid": {
			yaml: "feeds:\n  - {name: a, url: https://example.com/a.xml, interval: 1h}\nfetch:\n  max_body: 1 GB\n",
			want: []string{`t.yaml:4: fetch.max_body: 1GB is above the ceiling of 100MiB`},
		},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			checkProblems(t, problems(t, tt.yaml, tt.env), tt.want)
		})
	}
}

// TestEnvironmentProblemsNamed: a value from an environment variable that
// is wrong is blamed on the variable, never on a line of the file.
func TestEnvironmentProblemsNamed(t *testing.T) {
	tests := map[string]struct {
		yaml string
		env  map[string]string
		want []string
	}{
		"bad time zone over a good one": {
			yaml: "digest:\n  timezone: UTC\n",
			env:  map[string]string{"NEWSDIGEST_DIGEST_TIMEZONE": "Mars/Base"},
			want: []string{`environment NEWSDIGEST_DIGEST_TIMEZONE: digest.timezone: unknown time zone "Mars/Base" (want an IANA name such as Europe/Kyiv)`},
		},
		"bad time zone, none in the file": {
			env:  map[string]string{"NEWSDIGEST_DIGEST_TIMEZONE": "Mars/Base"},
			want: []string{`environment NEWSDIGEST_DIGEST_TIMEZONE: digest.timezone: unknown time zone "Mars/Base" (want an IANA name such as Europe/Kyiv)`},
		},
		"unreadable value": {
			yaml: "digest:\n  max_stories: 500\n",
			env:  map[string]string{"NEWSDIGEST_DIGEST_MAX_STORIES": "many", "NEWSDIGEST_FETCH_MAX_BODY": "10mb"},
			want: []string{
				`environment NEWSDIGEST_FETCH_MAX_BODY: fetch.max_body: invalid size "10mb": units are case-sensitive; did you mean 10MB (10000000 bytes) or 10MiB (10485760 bytes)?`,
				`environment NEWSDIGEST_DIGEST_MAX_STORIES: digest.max_stories: want a whole number, got "many"`,
			},
		},
		"above a ceiling": {
			env:  map[string]string{"NEWSDIGEST_FETCH_MAX_BODY": "5GiB"},
			want: []string{`environment NEWSDIGEST_FETCH_MAX_BODY: fetch.max_body: 5GiB is above the ceiling of 100MiB`},
		},
		"file key checked against a variable": {
			yaml: "storage:\n  retention: 100d\n",
			env:  map[string]string{"NEWSDIGEST_CLUSTER_HORIZON": "200d"},
			want: []string{`t.yaml:2: storage.retention: 100d is shorter than cluster.horizon (200d): stories would lose their articles (cluster.horizon is set by NEWSDIGEST_CLUSTER_HORIZON)`},
		},
		"default checked against a variable": {
			env:  map[string]string{"NEWSDIGEST_CLUSTER_HORIZON": "400d"},
			want: []string{`environment NEWSDIGEST_CLUSTER_HORIZON: storage.retention: 180d is shorter than cluster.horizon (400d): stories would lose their articles`},
		},
		"default checked against the file": {
			yaml: "cluster:\n  horizon: 400d\n",
			want: []string{`t.yaml:2: storage.retention: 180d is shorter than cluster.horizon (400d): stories would lose their articles`},
		},
		"file problems stay the file's": {
			yaml: "digest:\n  timezone: Mars/Olympus\n",
			env:  map[string]string{"NEWSDIGEST_FETCH_TIMEOUT": "5s"},
			want: []string{`t.yaml:2: digest.timezone: unknown time zone "Mars/Olympus" (want an IANA name such as Europe/Kyiv)`},
		},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			checkProblems(t, problems(t, tt.yaml, tt.env), tt.want)
		})
	}
}

// TestSizeAndDurationMessages: errors quote what was written.
func TestSizeAndDurationMessages(t *testing.T) {
	sizes := map[string]struct {
		want config.ByteSize
		err  string // "" = accepted
	}{
		"10MiB":                {want: 10 << 20},
		"10MB":                 {want: 10e6},
		"100TB":                {want: 100e12},
		"2TiB":                 {want: 2 << 40},
		"1 GiB":                {want: 1 << 30},
		"4096B":                {want: 4096},
		"10mb":                 {err: `invalid size "10mb": units are case-sensitive; did you mean 10MB (10000000 bytes) or 10MiB (10485760 bytes)?`},
		"10M":                  {err: `invalid size "10M": units are case-sensitive; did you mean 10MB (10000000 bytes) or 10MiB (10485760 bytes)?`},
		"5k":                   {err: `invalid size "5k": units are case-sensitive; did you mean 5KB (5000 bytes) or 5KiB (5120 bytes)?`},
		"10mib":                {err: `invalid size "10mib": units are case-sensitive; did you mean 10MiB?`},
		"10b":                  {err: `invalid size "10b": units are case-sensitive; did you mean 10B?`},
		"100PB":                {err: `invalid size "100PB" (units: B, KB, MB, GB, TB = powers of 1000; KiB, MiB, GiB, TiB = powers of 1024)`},
		"1.5MiB":               {err: `invalid size "1.5MiB" (use e.g. 10MiB, 512KB)`},
		"-5MB":                 {err: `invalid size "-5MB": must not be negative`},
		"lots":                 {err: `invalid size "lots" (use e.g. 10MiB, 512KB)`},
		"99999999999999999999": {err: `size "99999999999999999999" is too large`},
		"10000000TB":           {err: `size "10000000TB" is too large`},
		"9999999999999mb":      {err: `invalid size "9999999999999mb": units are case-sensitive; did you mean 9999999999999MB or 9999999999999MiB?`},
	}
	for in, tt := range sizes {
		b, err := config.ParseByteSize(in)
		switch {
		case tt.err == "" && (err != nil || b != tt.want):
			t.Errorf("ParseByteSize(%q) = %v, %v; want %d", in, b, err, tt.want)
		case tt.err != "" && (err == nil || err.Error() != tt.err):
			t.Errorf("ParseByteSize(%q) error = %v\nwant %s", in, err, tt.err)
		}
	}
	durations := map[string]struct {
		want time.Duration
		err  string
	}{
		"90s":     {want: 90 * time.Second},
		"1.5d":    {want: 36 * time.Hour},
		"-1h":     {err: `invalid duration "-1h": must not be negative`},
		"-2d":     {err: `invalid duration "-2d": must not be negative`},
		"soon":    {err: `invalid duration "soon" (use e.g. 90s, 15m, 2h, 7d)`},
		"7days":   {err: `invalid duration "7days" (use e.g. 90s, 15m, 2h, 7d)`},
		"Infd":    {err: `invalid duration "Infd" (use e.g. 90s, 15m, 2h, 7d)`},
		"106752d": {err: `invalid duration "106752d": too long (at most 106751d)`},
		"1e400d":  {err: `invalid duration "1e400d": too long (at most 106751d)`},
	}
	for in, tt := range durations {
		d, err := config.ParseDuration(in)
		switch {
		case tt.err == "" && (err != nil || d.D() != tt.want):
			t.Errorf("ParseDuration(%q) = %v, %v; want %v", in, d, err, tt.want)
		case tt.err != "" && (err == nil || err.Error() != tt.err):
			t.Errorf("ParseDuration(%q) error = %v\nwant %s", in, err, tt.err)
		}
	}
}

// TestByteSizeString: sizes are written in the unit that gives the
// shortest exact number, and read back the same.
func TestByteSizeString(t *testing.T) {
	for b, want := range map[config.ByteSize]string{
		0: "0", 999: "999", 1000: "1KB", 1024: "1KiB", 10 << 20: "10MiB", 1 << 30: "1GiB",
		5e9: "5GB", 100e12: "100TB", 512000: "500KiB", config.MaxBodyCeiling: "100MiB",
	} {
		if got := b.String(); got != want {
			t.Errorf("ByteSize(%d) = %q, want %q", int64(b), got, want)
		}
		if back, err := config.ParseByteSize(b.String()); err != nil || back != b {
			t.Errorf("ParseByteSize(%q) = %v, %v; want %d", b.String(), back, err, int64(b))
		}
	}
}

// TestDurationString: durations are written without zero units, and read
// back the same.
func TestDurationString(t *testing.T) {
	for d, want := range map[time.Duration]string{
		0: "0s", 90 * time.Second: "1m30s", 10 * time.Minute: "10m", 2 * time.Hour: "2h", 90 * time.Minute: "1h30m",
		time.Hour + 30*time.Second: "1h0m30s", 7 * 24 * time.Hour: "7d", 36 * time.Hour: "36h", 1500 * time.Millisecond: "1.5s",
		config.HorizonCeiling: "3650d",
	} {
		if got := config.Duration(d).String(); got != want {
			t.Errorf("Duration(%v) = %q, want %q", d, got, want)
		}
		if back, err := config.ParseDuration(want); err != nil || back.D() != d {
			t.Errorf("ParseDuration(%q) = %v, %v; want %v", want, back, err, d)
		}
	}
}

// TestCeilings: every ceiling is accepted and the next step above it is
// refused with the ceiling named.
func TestCeilings(t *testing.T) {
	tests := map[string]struct {
		yaml string
		want string // the problems, one a line; "" = valid
	}{
		"max_body at the ceiling":       {"fetch:\n  max_body: 100MiB\n", ""},
		"max_body above":                {"fetch:\n  max_body: 5GB\n", "t.yaml:2: fetch.max_body: 5GB is above the ceiling of 100MiB"},
		"max_body far above":            {"fetch:\n  max_body: 100TB\n", "t.yaml:2: fetch.max_body: 100TB is above the ceiling of 100MiB"},
		"max_body just above":           {"fetch:\n  max_body: 104857601\n", "t.yaml:2: fetch.max_body: 104857601 is above the ceiling of 100MiB"},
		"timeout at the ceiling":        {"fetch:\n  timeout: 10m\n", ""},
		"timeout above":                 {"fetch:\n  timeout: 1h\n", "t.yaml:2: fetch.timeout: 1h is above the ceiling of 10m"},
		"interval at the ceiling":       {"fetch:\n  interval: 7d\n  max_backoff: 7d\n", ""},
		"interval above":                {"fetch:\n  interval: 8d\n  max_backoff: 7d\n", "t.yaml:2: fetch.interval: 8d is above the ceiling of 7d\nt.yaml:3: fetch.max_backoff: 7d is shorter than fetch.interval (8d)"},
		"max_backoff above":             {"fetch:\n  max_backoff: 30d\n", "t.yaml:2: fetch.max_backoff: 30d is above the ceiling of 7d"},
		"feed interval at the ceiling":  {"feeds:\n  - {name: a, url: ./a.xml, interval: 7d}\n", ""},
		"feed interval above":           {"feeds:\n  - {name: a, url: ./a.xml, interval: 8d}\n", "t.yaml:2: feeds[0].interval: 8d is above the ceiling of 7d"},
		"horizon at the ceiling":        {"cluster:\n  horizon: 3650d\nstorage:\n  retention: 3650d\n", ""},
		"horizon above":                 {"cluster:\n  horizon: 4000d\nstorage:\n  retention: 4000d\n", "t.yaml:2: cluster.horizon: 4000d is above the ceiling of 3650d\nt.yaml:4: storage.retention: 4000d is above the ceiling of 3650d"},
		"retention above":               {"storage:\n  retention: 4000d\n", "t.yaml:2: storage.retention: 4000d is above the ceiling of 3650d"},
		"window up to the horizon":      {"cluster:\n  horizon: 30d\ndigest:\n  window: 30d\n", ""},
		"window beyond the horizon":     {"cluster:\n  horizon: 30d\ndigest:\n  window: 31d\n", "t.yaml:4: digest.window: 31d is longer than cluster.horizon (30d): a digest cannot look further back than stories are kept"},
		"concurrency at the ceiling":    {"fetch:\n  concurrency: 256\n", ""},
		"concurrency above":             {"fetch:\n  concurrency: 257\n", "t.yaml:2: fetch.concurrency: 257 is above the ceiling of 256"},
		"page concurrency above":        {"fetch:\n  page_concurrency: 257\n", "t.yaml:2: fetch.page_concurrency: 257 is above the ceiling of 256"},
		"page concurrency zero":         {"fetch:\n  page_concurrency: 0\n", "t.yaml:2: fetch.page_concurrency: must be at least 1"},
		"per_host at the ceiling":       {"fetch:\n  per_host: 64\n", ""},
		"per_host above":                {"fetch:\n  per_host: 65\n", "t.yaml:2: fetch.per_host: 65 is above the ceiling of 64"},
		"backoff shorter than interval": {"fetch:\n  interval: 2h\n  max_backoff: 1h\n", "t.yaml:3: fetch.max_backoff: 1h is shorter than fetch.interval (2h)"},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			got := problems(t, tt.yaml, nil)
			var want []string
			if tt.want != "" {
				want = strings.Split(tt.want, "\n")
			}
			checkProblems(t, got, want)
		})
	}
	if config.MaxBodyCeiling != 100<<20 {
		t.Errorf("MaxBodyCeiling = %d, want 100MiB", config.MaxBodyCeiling)
	}
}

// TestFeedURLs: a feed is an http(s) URL with a host, a file:// URL, or an
// explicit path to a feed file; the rest is refused with a hint.
func TestFeedURLs(t *testing.T) {
	tests := map[string]string{ // url → the problem; "" = valid
		"https://www.bbc.co.uk/news/rss.xml": "",
		"http://example.com/feed":            "",
		"HTTPS://example.com/feed":           "",
		"http://127.0.0.1:8080/f00":          "",
		"file:///srv/feeds/x.xml":            "",
		"file://feeds/x":                     "",
		"./feeds/x.xml":                      "",
		"../feeds/x.atom":                    "",
		"/srv/feeds/x.RSS":                   "",
		"./x.rdf":                            "",
		"./x.json":                           "",
		"./x.feed":                           "",
		"www.bbc.co.uk/news/rss.xml":         `"www.bbc.co.uk/news/rss.xml" has no scheme; did you mean "https://www.bbc.co.uk/news/rss.xml"?`,
		"example.com":                        `"example.com" has no scheme; did you mean "https://example.com"?`,
		"localhost:8080/rss":                 `"localhost:8080/rss" has no scheme; did you mean "https://localhost:8080/rss"?`,
		"10.0.0.7/rss":                       `"10.0.0.7/rss" has no scheme; did you mean "https://10.0.0.7/rss"?`,
		"feeds/a.xml":                        `"feeds/a.xml" has no scheme; for a local file write "./feeds/a.xml" (a path must start with ./, ../ or /)`,
		"a.xml":                              `"a.xml" has no scheme; for a local file write "./a.xml" (a path must start with ./, ../ or /)`,
		"~/feeds/a.xml":                      `"~/feeds/a.xml": ~ is not expanded; write the absolute path`,
		"news":                               `"news" is neither a URL nor a local path (want https://…, file://…, or a path like ./feeds/x.xml)`,
		"javascript:alert(1)":                `unsupported scheme "javascript" (want http, https, file, or a path like ./feeds/x.xml)`,
		"mailto:x@y":                         `unsupported scheme "mailto" (want http, https, file, or a path like ./feeds/x.xml)`,
		"ftp://files.example/rss":            `unsupported scheme "ftp" (want http, https, file, or a path like ./feeds/x.xml)`,
		"https:/example.com/rss":             `"https:/example.com/rss" lacks the // after https:; did you mean "https://example.com/rss"?`,
		"file:/srv/x.xml":                    `"file:/srv/x.xml" lacks the // after file:; did you mean "file:///srv/x.xml"?`,
		"FILE:///srv/x.xml":                  `"FILE:///srv/x.xml": write the scheme in lower case, "file:///srv/x.xml"`,
		"file://":                            `file URL "file://" has no path`,
		"https://":                           `URL "https://" has no host`,
		"http://[::1":                        `invalid URL: parse "http://[::1": missing ']' in host`,
		"./feeds/":                           `local feed "./feeds/" must be a file ending in .xml, .rss, .atom, .rdf, .json or .feed`,
		"./notes.txt":                        `local feed "./notes.txt" must be a file ending in .xml, .rss, .atom, .rdf, .json or .feed`,
		"./a://b.xml":                        `local feed "./a://b.xml" must not contain ://`,
		" https://example.com/rss":           `" https://example.com/rss" has spaces around it`,
	}
	for raw, want := range tests {
		t.Run(raw, func(t *testing.T) {
			yaml := "feeds:\n  - name: a\n    url: " + strconvQuote(raw) + "\n"
			var wantPs []string
			if want != "" {
				wantPs = []string{"t.yaml:3: feeds[0].url: " + want}
			}
			checkProblems(t, problems(t, yaml, nil), wantPs)
			// Accepted URLs are local exactly when they are not http(s).
			if want == "" {
				u, _ := url.Parse(raw)
				remote := u != nil && (u.Scheme == "http" || u.Scheme == "https")
				if config.IsLocal(raw) == remote {
					t.Errorf("IsLocal(%q) = %v", raw, config.IsLocal(raw))
				}
			}
		})
	}
}

// strconvQuote writes s as a double-quoted YAML scalar.
func strconvQuote(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}

// TestWarnings: a config without feeds is valid but warned about.
func TestWarnings(t *testing.T) {
	const reload = "a running service refuses to reload a config without feeds unless it sets allow_feed_loss: true"
	tests := map[string]struct {
		yaml string
		want []string
	}{
		"empty file":      {"", []string{"t.yaml: no feeds: the service would poll nothing; " + reload}},
		"comments only":   {"# feeds: later\n", []string{"t.yaml: no feeds: the service would poll nothing; " + reload}},
		"empty list":      {"feeds: []\n", []string{"t.yaml: no feeds: the service would poll nothing; " + reload}},
		"allowed":         {"allow_feed_loss: true\n", []string{"t.yaml: no feeds: the service would poll nothing"}},
		"feeds":           {"feeds:\n  - {name: a, url: ./a.xml}\n", nil},
		"feeds, allowed":  {"allow_feed_loss: true\nfeeds:\n  - {name: a, url: ./a.xml}\n", nil},
		"only topics set": {"topics:\n  - {id: a, title: A, keywords: [x]}\n", []string{"t.yaml: no feeds: the service would poll nothing; " + reload}},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			cfg, err := config.Parse([]byte(tt.yaml), "t.yaml", noEnv)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, w := range cfg.Warnings() {
				got = append(got, w.String())
			}
			checkProblems(t, got, tt.want)
		})
	}
}
