package config_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/newsdigest/newsdigest/internal/config"
)

// fuzzEnv provides the secrets the default config names, so that configs
// using the bot and webhook mode can be accepted too.
func fuzzEnv(k string) (string, bool) {
	switch k {
	case "NEWSDIGEST_TELEGRAM_TOKEN":
		return "123:abc", true
	case "NEWSDIGEST_TELEGRAM_WEBHOOK_SECRET":
		return "fuzz-secret", true
	}
	return "", false
}

// FuzzParseConfig feeds arbitrary bytes to config.Parse. It must never
// panic; it either refuses the config with a *config.Error whose every
// problem says what and where, or returns a config that validates, again
// and again, and that survives being written out as YAML and read back.
func FuzzParseConfig(f *testing.F) {
	var seeds []string
	for _, pattern := range []string{"../../configs/*.yaml", "testdata/*.yaml"} {
		m, err := filepath.Glob(pattern)
		if err != nil {
			f.Fatal(err)
		}
		seeds = append(seeds, m...)
	}
	if len(seeds) < 3 {
		f.Fatalf("found only %d seed configs: %q", len(seeds), seeds)
	}
	for _, name := range seeds {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		for _, s := range sections(b) {
			f.Add(s)
		}
	}
	for _, s := range []string{
		"",
		"feeds:\n  - {name: a, url: ./a.xml, interval: 1.5d}\n",
		"feeds:\n  - 'https://a.example/rss'\n  -\n  - {name: a, url: ./a.xml, name: b}\n  - {name: c, url: www.c.example/rss.xml, interval: -1h, tags: x}\n",
		"fetch:\n  max_body: 10mb\n  timeout: &t 11m\n  interval: *t\ncluster: {horizon: soon}\nstorage: {retention: 30d}\n",
		"fetch:\n  max_body: 9223372036854775807GiB\n  timeout: 1e300d\n",
		"digest:\n  schedule: '@every 1h'\n  timezone: Local\n",
		"telegram:\n  webhook: {url: 'https://bot.example.com:8443/tg', listen: ':8443'}\n",
		"topics:\n  - {id: a, title: A, keywords: [x, '']}\n  - {id: a, title: B, keywords: []}\n",
		"a: &a [*a]\n",
		"feeds: [\n",
		"feeds:\n- name: x\n  url: http://[::1\n",
		"\xef\xbb\xbfdata_dir: \"\\0\"\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		const file = "fuzz.yaml"
		cfg, err := config.Parse(data, file, fuzzEnv)
		if err != nil {
			if cfg != nil {
				t.Errorf("Parse returned a config and the error %v", err)
			}
			checkRefusal(t, err, file, data)
			return
		}
		if cfg == nil {
			t.Fatal("Parse returned neither a config nor an error")
		}
		if ps := cfg.Validate(); len(ps) != 0 {
			t.Fatalf("an accepted config does not validate: %v", ps)
		}
		// Validating again finds nothing and changes nothing.
		before := *cfg
		before.Feeds, before.Topics = slices.Clone(cfg.Feeds), slices.Clone(cfg.Topics)
		if ps := cfg.Validate(); len(ps) != 0 || !reflect.DeepEqual(before, *cfg) {
			t.Fatalf("validating twice: problems %v, config changed: %v", ps, !reflect.DeepEqual(before, *cfg))
		}

		// Written out and read back, it is the same config.
		out, err := yaml.Marshal(cfg)
		if err != nil {
			t.Fatalf("marshalling an accepted config: %v", err)
		}
		again, err := config.Parse(out, file, fuzzEnv)
		if err != nil {
			t.Fatalf("the accepted config, written out, is refused: %v\n%s", err, out)
		}
		// Compared as YAML, where an empty list and none are the same.
		out2, err := yaml.Marshal(again)
		if err != nil {
			t.Fatalf("marshalling the re-read config: %v", err)
		}
		if !bytes.Equal(out, out2) {
			t.Fatalf("the config changed on a round trip through YAML:\n%s\nbecame\n%s", out, out2)
		}
	})
}

// TestHugeSizesAndDurations: numbers too large for their type are refused,
// not wrapped around into small or negative ones that validation would
// accept or misreport.
func TestHugeSizesAndDurations(t *testing.T) {
	for in, ok := range map[string]bool{
		"8589934591GiB":       true,  // just under 2^63 bytes
		"17179869185GiB":      false, // 2^64 + 1GiB: read as 1GiB before
		"8796093022208MiB":    false,
		"9223372036854775807": true,
	} {
		_, err := config.ParseByteSize(in)
		if (err == nil) != ok {
			t.Errorf("ParseByteSize(%q): err = %v, want ok = %v", in, err, ok)
		}
	}
	for in, ok := range map[string]bool{
		"106751d": true, // 292 years, just under 2^63ns
		"106752d": false,
		"1e300d":  false,
		"Infd":    false,
		"NaNd":    false,
		"-0d":     true,
	} {
		_, err := config.ParseDuration(in)
		if (err == nil) != ok {
			t.Errorf("ParseDuration(%q): err = %v, want ok = %v", in, err, ok)
		}
	}
}

// checkRefusal checks that a refused config's error says what is wrong
// and where.
func checkRefusal(t *testing.T, err error, file string, data []byte) {
	t.Helper()
	if strings.TrimSpace(err.Error()) == "" {
		t.Fatal("Parse refused the config with an empty message")
	}
	var cerr *config.Error
	if !errors.As(err, &cerr) {
		t.Fatalf("error %v (%T) is not a *config.Error", err, err)
	}
	if len(cerr.Problems) == 0 {
		t.Fatalf("error %q lists no problems", err)
	}
	// Line breaks as YAML counts them: CR LF, a lone CR or LF, and the
	// parser's NEL, LS and PS.
	lines := 1
	for _, br := range []string{"\r\n", "\r", "\n", "\u0085", "\u2028", "\u2029"} {
		lines += bytes.Count(data, []byte(br))
		data = bytes.ReplaceAll(data, []byte(br), []byte(" "))
	}
	for _, p := range cerr.Problems {
		if strings.TrimSpace(p.Msg) == "" {
			t.Errorf("problem without a message: %+v", p)
		}
		// The fuzzer sets no NEWSDIGEST_* variable but the two secrets,
		// so every problem is the file's.
		if p.File != file {
			t.Errorf("problem %q names file %q, want %q", p, p.File, file)
		}
		if p.Line < 0 || p.Line > lines {
			t.Errorf("problem %q is on line %d of a %d-line file", p, p.Line, lines)
		}
	}
}

// sections splits a config at its top-level keys (comments go with the
// section before them): small seeds, each a config of its own. Whole files would do as
// well for finding bugs, but every new input the fuzzer derives from one is
// minimised byte by byte first, which takes up the whole of a short run.
func sections(b []byte) [][]byte {
	var out [][]byte
	var cur []byte
	body := false // cur holds a key, not just comments
	for _, line := range bytes.SplitAfter(b, []byte("\n")) {
		top := len(line) > 0 && line[0] != ' ' && line[0] != '\t' && line[0] != '#' && line[0] != '\n'
		if top && body {
			out = append(out, cur)
			cur, body = nil, false
		}
		body = body || top
		cur = append(cur, line...)
	}
	if len(bytes.TrimSpace(cur)) > 0 {
		out = append(out, cur)
	}
	return out
}
