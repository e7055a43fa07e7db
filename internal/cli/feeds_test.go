package cli_test

import (
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/newsdigest/newsdigest/internal/config"
)

const opmlTestdata = "../opml/testdata"

// rawFeeds reads the feeds of a config file as written: no path
// resolution, no defaults.
func rawFeeds(t *testing.T, data []byte) []config.Feed {
	t.Helper()
	var c config.Config
	if err := yaml.Unmarshal(data, &c); err != nil {
		t.Fatalf("decode: %v\n%s", err, data)
	}
	for i := range c.Feeds {
		if len(c.Feeds[i].Tags) == 0 {
			c.Feeds[i].Tags = nil // tags: [] and no tags are the same list
		}
	}
	return c.Feeds
}

func readFile(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func writeFile(t *testing.T, name, data string) string {
	t.Helper()
	if err := os.WriteFile(name, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	return name
}

func diffFeeds(t *testing.T, got, want []config.Feed) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%d feeds; want %d", len(got), len(want))
	}
	for i := range want {
		g, w := got[i], want[i]
		for _, f := range []struct {
			name      string
			got, want any
		}{
			{"name", g.Name, w.Name}, {"outlet", g.Outlet, w.Outlet}, {"url", g.URL, w.URL},
			{"language", g.Language, w.Language}, {"interval", g.Interval, w.Interval}, {"tags", g.Tags, w.Tags},
		} {
			if !reflect.DeepEqual(f.got, f.want) {
				t.Errorf("feeds[%d] (%s).%s = %#v; want %#v", i, w.Name, f.name, f.got, f.want)
			}
		}
	}
}

// TestFeedsExportImportRoundTrip: exporting a config's feeds to OPML and
// importing that into an empty config gives the same feed list, field by
// field and in order, both through --write and through the printed YAML.
// (The sample config's feeds are local files, which import skips: see
// TestFeedsImportLocalPaths.)
func TestFeedsExportImportRoundTrip(t *testing.T) {
	for _, src := range []string{"../../configs/example.production.yaml"} {
		t.Run(filepath.Base(src), func(t *testing.T) {
			want := rawFeeds(t, readFile(t, src))
			if len(want) == 0 {
				t.Fatal("no feeds to round-trip")
			}
			dir := t.TempDir()
			out := filepath.Join(dir, "feeds.opml")
			code, stdout, stderr := run(t, "feeds", "export", "--config", src, "--out", out)
			if code != 0 || stdout != "" {
				t.Fatalf("export: exit %d, stdout %q\n%s", code, stdout, stderr)
			}
			// --out and stdout write the same document.
			if code, stdout, stderr := run(t, "feeds", "export", "--config", src); code != 0 || stdout != string(readFile(t, out)) {
				t.Fatalf("export to stdout: exit %d, differs from --out\n%s", code, stderr)
			}
			opmlText := string(readFile(t, out))
			for _, f := range want {
				// Local paths are exported as written, not resolved.
				if !strings.Contains(opmlText, `xmlUrl="`+strings.ReplaceAll(f.URL, "&", "&amp;")+`"`) {
					t.Errorf("OPML lacks xmlUrl %q as written in the config", f.URL)
				}
			}

			empty := writeFile(t, filepath.Join(dir, "empty.yaml"), "")
			code, stdout, stderr = run(t, "feeds", "import", out, "--config", empty)
			if code != 0 {
				t.Fatalf("import (print): exit %d\n%s", code, stderr)
			}
			diffFeeds(t, rawFeeds(t, []byte(stdout)), want)
			if _, err := config.Parse([]byte(stdout), "printed", nil); err != nil {
				t.Errorf("printed fragment does not load: %v", err)
			}

			code, _, stderr = run(t, "feeds", "import", "--write", out, "--config", empty)
			if code != 0 {
				t.Fatalf("import --write: exit %d\n%s", code, stderr)
			}
			written := readFile(t, empty)
			diffFeeds(t, rawFeeds(t, written), want)
			if _, err := config.Load(empty); err != nil {
				t.Errorf("written config does not load: %v", err)
			}
			// Importing again adds nothing and leaves the file as it is.
			code, _, stderr = run(t, "feeds", "import", "--write", out, "--config", empty)
			if code != 0 || !strings.Contains(stderr, "nothing to add") {
				t.Errorf("second import: exit %d\n%s", code, stderr)
			}
			if again := readFile(t, empty); string(again) != string(written) {
				t.Errorf("second import changed the file:\n%s", again)
			}
		})
	}
}

// TestFeedsImportLocalPaths: the sample config exports its local feed
// files as written, but OPML lists remote feeds, so importing that into
// another config skips every entry (an error: nothing usable), while
// importing it into the config itself finds them all there already.
func TestFeedsImportLocalPaths(t *testing.T) {
	const src = "../../configs/newsdigest.yaml"
	dir := t.TempDir()
	out := filepath.Join(dir, "feeds.opml")
	if code, _, stderr := run(t, "feeds", "export", "--config", src, "--out", out); code != 0 {
		t.Fatalf("export: exit %d\n%s", code, stderr)
	}
	empty := writeFile(t, filepath.Join(dir, "empty.yaml"), "")
	for _, write := range []bool{false, true} {
		args := []string{"feeds", "import", out, "--config", empty}
		if write {
			args = append(args, "--write")
		}
		code, stdout, stderr := run(t, args...)
		if code != 1 || stdout != "" || !strings.Contains(stderr, "no usable feeds: all 13 entries skipped (see warnings)") {
			t.Errorf("%v: exit %d, stdout %q\n%s", args, code, stdout, stderr)
		}
		if !strings.Contains(stderr, `warning: skipped OPML entry "Kyiv Ledger" (../feeds/kyiv-ledger.xml): no scheme`) ||
			strings.Count(stderr, "warning: skipped OPML entry") != 13 {
			t.Errorf("%v: want a warning for each of the 13 local paths:\n%s", args, stderr)
		}
	}
	if got := readFile(t, empty); len(got) != 0 {
		t.Errorf("config written:\n%s", got)
	}
	code, _, stderr := run(t, "feeds", "import", out, "--config", src, "--write")
	if code != 0 || !strings.Contains(stderr, "nothing to add: all 13 feeds are already in") || strings.Contains(stderr, "warning") {
		t.Errorf("import into the sample config itself: exit %d\n%s", code, stderr)
	}
}

// TestFeedsExportBuiltin: with no config given and none in ./configs, the
// built-in one is exported, its local paths as written.
func TestFeedsExportBuiltin(t *testing.T) {
	t.Chdir(t.TempDir())
	code, stdout, stderr := run(t, "feeds", "export")
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	if !strings.Contains(stdout, `xmlUrl="../feeds/kyiv-ledger.xml"`) || strings.Count(stdout, "xmlUrl=") != 13 {
		t.Errorf("export of the built-in config:\n%s", stdout)
	}
}

const commentedConfig = `# Team config: keep these comments.
# Second header line.

data_dir: ../data              # state lives here

log:
  level: debug                 # chatty on purpose
  format: json

# The feeds we read.
feeds:
  # Flow style, aligned.
  - {name: kyiv-ledger,      outlet: Kyiv Ledger,  url: ../feeds/kyiv-ledger.xml, language: en, tags: [ukraine]}
  - {name: bbc-news-world,   outlet: BBC (old),    url: "https://feeds.bbci.co.uk/news/world/rss.xml", interval: 30m}
  # trailing comment in the list

topics:
  - id: ukraine-peace          # subscribers follow this id
    title: Ukraine peace talks
    keywords: [peace talks, ceasefire]

digest:
  schedule: "0 7 * * *"        # quoted: cron has spaces
  timezone: Europe/Kyiv
`

// commentLines lists the comments of a YAML text, without their layout.
func commentLines(s string) []string {
	var out []string
	for _, m := range regexp.MustCompile(`#[^\n]*`).FindAllString(s, -1) {
		out = append(out, strings.TrimSpace(m))
	}
	return out
}

// TestFeedsImportWrite: --write adds only feeds whose URL is new, names
// them uniquely, and keeps every comment, every other key and the existing
// feeds.
func TestFeedsImportWrite(t *testing.T) {
	tests := []struct {
		name      string
		config    string
		opml      string
		wantNew   []config.Feed // appended after the existing feeds
		wantBlock bool          // new entries in block style
	}{
		{
			name:   "Feedly export into a commented config",
			config: commentedConfig,
			opml:   "feedly.opml",
			// BBC is there already (https vs http, host case aside).
			wantNew: []config.Feed{
				{Name: "world-news-the-guardian", Outlet: "World news | The Guardian", URL: "https://www.theguardian.com/world/rss", Tags: []string{"world-news"}},
				{Name: "techfront-co", Outlet: "Techfront & Co.", URL: "https://techfront.example/feed?lang=en&format=atom", Tags: []string{"tech", "ai-robots"}},
				{Name: "kyiv-independent", Outlet: "Kyiv Independent", URL: "https://kyivindependent.com/news-archive/rss/"},
			},
		},
		{
			name:   "name clashes get a number",
			config: "feeds:\n  - name: daring-fireball\n    url: https://other.example/rss\n  - name: inessential\n    url: https://x.example/rss\n  - name: inessential-2\n    url: https://y.example/rss\n",
			opml:   "netnewswire.opml",
			wantNew: []config.Feed{
				{Name: "daring-fireball-2", Outlet: "Daring Fireball", URL: "https://daringfireball.net/feeds/main"},
				{Name: "netnewswire-blog", Outlet: "NetNewsWire Blog", URL: "https://netnewswire.blog/feed.xml"},
				{Name: "inessential-3", Outlet: "inessential", URL: "https://inessential.com/xml/rss.xml"},
			},
			wantBlock: true,
		},
		{
			name:   "accents and a Latin-1 file",
			config: "# nothing but a comment\n",
			opml:   "thunderbird-latin1.opml",
			wantNew: []config.Feed{
				{Name: "le-monde-a-la-une", Outlet: "Le Monde à la une", URL: "https://www.lemonde.fr/rss/une.xml", Tags: []string{"news-blogs"}},
				{Name: "suddeutsche", Outlet: "Süddeutsche", URL: "https://rss.sueddeutsche.de/rss/Topthemen", Tags: []string{"news-blogs"}},
			},
			wantBlock: true,
		},
		{
			name:   "empty flow list becomes a block list",
			config: "log:\n  level: warn\nfeeds: []   # none yet\n",
			opml:   "netnewswire.opml",
			wantNew: []config.Feed{
				{Name: "daring-fireball", Outlet: "Daring Fireball", URL: "https://daringfireball.net/feeds/main"},
				{Name: "netnewswire-blog", Outlet: "NetNewsWire Blog", URL: "https://netnewswire.blog/feed.xml"},
				{Name: "inessential", Outlet: "inessential", URL: "https://inessential.com/xml/rss.xml"},
			},
			wantBlock: true,
		},
		{
			name:   "null feeds key",
			config: "feeds:   # to do\ntopics: []\n",
			opml:   "attrcase.opml",
			wantNew: []config.Feed{
				{Name: "upper-xmlurl", Outlet: "Upper XMLURL", URL: "https://a.example/rss", Language: "en-US"},
				{Name: "lower-xmlurl", Outlet: "lower xmlurl", URL: "https://b.example/rss"},
				{Name: "title-only", Outlet: "Title only", URL: "https://c.example/rss"},
				{Name: "plain-url-attribute", Outlet: "Plain url attribute", URL: "https://d.example/rss"},
				{Name: "feed-scheme", Outlet: "Feed scheme", URL: "http://f.example/rss"},
				{Name: "spaced-out-name", Outlet: "Spaced out name", URL: "https://g.example/rss", Tags: []string{"news", "local-politics", "europe"}},
				{Name: "i-feed", Outlet: "Undeclared prefix", URL: "https://i.example/rss", Tags: []string{"x", "y"}},
				{Name: "inside", Outlet: "Inside", URL: "https://j.example/rss", Tags: []string{"empty-url-a-category"}},
			},
			wantBlock: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := writeFile(t, filepath.Join(dir, "newsdigest.yaml"), tt.config)
			before, err := config.Load(path)
			if err != nil {
				t.Fatalf("test config is invalid: %v", err)
			}
			oldFeeds := rawFeeds(t, []byte(tt.config))

			code, _, stderr := run(t, "feeds", "import", filepath.Join(opmlTestdata, tt.opml), "--config", path, "--write")
			if code != 0 {
				t.Fatalf("exit %d\n%s", code, stderr)
			}
			written := string(readFile(t, path))
			diffFeeds(t, rawFeeds(t, []byte(written)), append(oldFeeds, tt.wantNew...))

			if got, want := commentLines(written), commentLines(tt.config); !reflect.DeepEqual(got, want) {
				t.Errorf("comments changed:\n got %q\nwant %q\n%s", got, want, written)
			}
			after, err := config.Load(path)
			if err != nil {
				t.Fatalf("result does not load: %v", err)
			}
			before.Feeds, after.Feeds = nil, nil
			if !reflect.DeepEqual(before, after) {
				t.Errorf("keys other than feeds changed:\n%+v\n%+v", before, after)
			}
			if tt.wantBlock != strings.Contains(written, "\n  - name: "+tt.wantNew[0].Name+"\n") {
				t.Errorf("new entries in the wrong style (want block: %v):\n%s", tt.wantBlock, written)
			}
			if n := len(tt.wantNew); !strings.Contains(stderr, "added "+strconv.Itoa(n)+" feeds") {
				t.Errorf("stderr lacks the summary:\n%s", stderr)
			}
			if left, _ := filepath.Glob(filepath.Join(dir, ".*")); len(left) > 0 {
				t.Errorf("temporary files left: %v", left)
			}
		})
	}
}

// TestFeedsImportWriteLayout: the file is the old one with the new
// entries inserted after the last one, before the comment that ends the
// list: flow entries after flow ones, aligned like them where they fit.
func TestFeedsImportWriteLayout(t *testing.T) {
	dir := t.TempDir()
	path := writeFile(t, filepath.Join(dir, "c.yaml"), commentedConfig)
	if code, _, stderr := run(t, "feeds", "import", "--config", path, "--write", filepath.Join(opmlTestdata, "netnewswire.opml")); code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	written := string(readFile(t, path))
	want := strings.Replace(commentedConfig, "interval: 30m}\n", "interval: 30m}\n"+
		"  - {name: daring-fireball,  outlet: Daring Fireball, url: \"https://daringfireball.net/feeds/main\"}\n"+
		"  - {name: netnewswire-blog, outlet: NetNewsWire Blog, url: \"https://netnewswire.blog/feed.xml\"}\n"+
		"  - {name: inessential,      outlet: inessential,  url: \"https://inessential.com/xml/rss.xml\"}\n", 1)
	if written != want {
		t.Errorf("got\n%s\nwant\n%s", written, want)
	}
}

// TestFeedsImportWriteNewKey: a config without feeds gets the key at its
// end, set apart by a blank line like the other sections, and a file
// with CRLF line ends keeps them.
func TestFeedsImportWriteNewKey(t *testing.T) {
	for _, eol := range []string{"\n", "\r\n"} {
		text := strings.ReplaceAll("# header\n\ndata_dir: x   # here\n\n# what we follow\ntopics: []\n", "\n", eol)
		path := writeFile(t, filepath.Join(t.TempDir(), "c.yaml"), text)
		if code, _, stderr := run(t, "feeds", "import", filepath.Join(opmlTestdata, "netnewswire.opml"), "--config", path, "--write"); code != 0 {
			t.Fatalf("exit %d\n%s", code, stderr)
		}
		want := strings.ReplaceAll(`# header

data_dir: x   # here

# what we follow
topics: []

feeds:
  - name: daring-fireball
    outlet: Daring Fireball
    url: https://daringfireball.net/feeds/main
  - name: netnewswire-blog
    outlet: NetNewsWire Blog
    url: https://netnewswire.blog/feed.xml
  - name: inessential
    outlet: inessential
    url: https://inessential.com/xml/rss.xml
`, "\n", eol)
		if got := string(readFile(t, path)); got != want {
			t.Errorf("%q line ends: got\n%q\nwant\n%q", eol, got, want)
		}
	}
}

// TestFeedsImportRefusesInvalid: a result config.Load rejects is not
// written, nor printed; the message names the imported feed.
func TestFeedsImportRefusesInvalid(t *testing.T) {
	tests := []struct {
		name, opml, want string
	}{
		{"interval too short", `<outline text="Fast" xmlUrl="https://fast.example/rss" nd:interval="5s"/>`, `imported feed "fast" (https://fast.example/rss): interval: 5s is too often`},
		{"bad interval", `<outline text="Odd" xmlUrl="https://odd.example/rss" nd:interval="soon"/>`, `invalid duration "soon"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := writeFile(t, filepath.Join(dir, "newsdigest.yaml"), commentedConfig)
			in := writeFile(t, filepath.Join(dir, "in.opml"),
				`<opml version="2.0" xmlns:nd="https://github.com/newsdigest/newsdigest/opml"><body>`+
					`<outline text="Fine" xmlUrl="https://fine.example/rss"/>`+tt.opml+`</body></opml>`)

			code, stdout, stderr := run(t, "feeds", "import", in, "--config", path, "--write")
			if code != 1 || !strings.Contains(stderr, "refusing to update") || !strings.Contains(stderr, tt.want) {
				t.Errorf("--write: exit %d; stderr lacks %q:\n%s", code, tt.want, stderr)
			}
			if got := string(readFile(t, path)); got != commentedConfig {
				t.Errorf("config changed:\n%s", got)
			}
			if entries, _ := os.ReadDir(dir); len(entries) != 2 {
				t.Errorf("files left in the config's directory: %v", entries)
			}

			code, stdout, stderr = run(t, "feeds", "import", in, "--config", path)
			if code != 1 || stdout != "" || !strings.Contains(stderr, tt.want) {
				t.Errorf("print: exit %d, stdout %q; stderr lacks %q:\n%s", code, stdout, tt.want, stderr)
			}
		})
	}
}

// TestFeedsImportBadOPML: bad input is a clear error, exit 1, and the
// config stays as it was.
func TestFeedsImportBadOPML(t *testing.T) {
	tests := []struct{ file, want string }{
		{"notopml.html", "notopml.html: opml: not an OPML document: it looks like an HTML page"},
		{"malformed.opml", "malformed.opml: opml: malformed XML: line 7: element <outline> closed by </body>"},
		{"empty.opml", "empty.opml: opml: no feed outlines (xmlUrl) found"},
		{"missing.opml", "missing.opml: no such file"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			path := writeFile(t, filepath.Join(t.TempDir(), "c.yaml"), commentedConfig)
			for _, write := range []bool{false, true} {
				args := []string{"feeds", "import", filepath.Join(opmlTestdata, tt.file), "--config", path}
				if write {
					args = append(args, "--write")
				}
				code, stdout, stderr := run(t, args...)
				if code != 1 || stdout != "" || !strings.Contains(stderr, tt.want) {
					t.Errorf("%v: exit %d, stdout %q, stderr %q; want exit 1 and %q", args, code, stdout, stderr, tt.want)
				}
			}
			if got := string(readFile(t, path)); got != commentedConfig {
				t.Errorf("config changed:\n%s", got)
			}
		})
	}
}

// TestFeedsImportPrint: without --write the new feeds are printed as a
// feeds: fragment, skipping those the config has, with names it lacks.
func TestFeedsImportPrint(t *testing.T) {
	path := writeFile(t, filepath.Join(t.TempDir(), "c.yaml"), commentedConfig)
	code, stdout, stderr := run(t, "feeds", "import", filepath.Join(opmlTestdata, "feedly.opml"), "--config", path)
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	want := `feeds:
  - name: world-news-the-guardian
    outlet: World news | The Guardian
    url: https://www.theguardian.com/world/rss
    tags: [world-news]
  - name: techfront-co
    outlet: Techfront & Co.
    url: https://techfront.example/feed?lang=en&format=atom
    tags: [tech, ai-robots]
  - name: kyiv-independent
    outlet: Kyiv Independent
    url: https://kyivindependent.com/news-archive/rss/
`
	if stdout != want {
		t.Errorf("stdout:\n%s\nwant:\n%s", stdout, want)
	}
	if !strings.Contains(stderr, "3 new feeds; 1 already in") {
		t.Errorf("stderr: %s", stderr)
	}
	if got := string(readFile(t, path)); got != commentedConfig {
		t.Errorf("config changed without --write")
	}
}

// TestFeedsImportLanguage: language codes other readers write are mended
// when they can be, else left out with a warning.
func TestFeedsImportLanguage(t *testing.T) {
	dir := t.TempDir()
	in := writeFile(t, filepath.Join(dir, "in.opml"), `<opml><body>
<outline text="A" xmlUrl="https://a.example/rss" language="EN"/>
<outline text="B" xmlUrl="https://b.example/rss" language="pt_BR"/>
<outline text="C" xmlUrl="https://c.example/rss" language="English"/>
</body></opml>`)
	code, stdout, stderr := run(t, "feeds", "import", in)
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	got := rawFeeds(t, []byte(stdout))
	if got[0].Language != "en" || got[1].Language != "pt-BR" || got[2].Language != "" {
		t.Errorf("languages %q, %q, %q; want en, pt-BR and none", got[0].Language, got[1].Language, got[2].Language)
	}
	if !strings.Contains(stderr, `warning: c: language "English"`) {
		t.Errorf("no warning for English:\n%s", stderr)
	}
}

// TestFeedsImportSymlink: the file behind a symlinked config is updated and
// the link stays a link.
func TestFeedsImportSymlink(t *testing.T) {
	dir := t.TempDir()
	real := writeFile(t, filepath.Join(dir, "real.yaml"), "feeds: []\n")
	if err := os.Chmod(real, 0o600); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link.yaml")
	if err := os.Symlink("real.yaml", link); err != nil {
		t.Skip("no symlinks:", err)
	}
	if code, _, stderr := run(t, "feeds", "import", filepath.Join(opmlTestdata, "netnewswire.opml"), "--config", link, "--write"); code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Errorf("link replaced: %v %v", fi.Mode(), err)
	}
	if fi, _ := os.Stat(real); fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v; want 0600 kept", fi.Mode().Perm())
	}
	if n := len(rawFeeds(t, readFile(t, real))); n != 3 {
		t.Errorf("%d feeds in the real file; want 3", n)
	}
}

func TestFeedsUsage(t *testing.T) {
	opmlFile := filepath.Join(mustAbs(t, opmlTestdata), "netnewswire.opml")
	t.Chdir(t.TempDir()) // no ./configs/newsdigest.yaml here
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"feeds"}, "usage: newsdigest feeds export"},
		{[]string{"feeds", "sync"}, `unknown feeds command "sync"`},
		{[]string{"feeds", "import"}, "want one OPML file"},
		{[]string{"feeds", "import", "a.opml", "b.opml"}, "want one OPML file"},
		{[]string{"feeds", "import", "--frobnicate", "a.opml"}, "flag provided but not defined"},
		{[]string{"feeds", "import", opmlFile, "--write"}, "no config file to update"},
		{[]string{"feeds", "export", "extra"}, `unexpected argument "extra"`},
	}
	for _, tt := range tests {
		code, stdout, stderr := run(t, tt.args...)
		if code != 2 || stdout != "" || !strings.Contains(stderr, tt.want) {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want exit 2 and %q", tt.args, code, stdout, stderr, tt.want)
		}
	}
	if code, _, stderr := run(t, "help"); code != 0 {
		t.Errorf("help: exit %d %s", code, stderr)
	}
	if _, out, _ := run(t, "help"); !strings.Contains(out, "feeds import|export") {
		t.Errorf("usage lacks the feeds command:\n%s", out)
	}
}

func mustAbs(t *testing.T, p string) string {
	t.Helper()
	a, err := filepath.Abs(p)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// insertedOnly returns what was inserted into orig to make out, when out
// is orig with one run of text inserted and every original byte intact.
func insertedOnly(orig, out string) (string, bool) {
	if len(out) < len(orig) {
		return "", false
	}
	p := 0
	for p < len(orig) && orig[p] == out[p] {
		p++
	}
	if !strings.HasSuffix(out, orig[p:]) {
		return "", false
	}
	return out[p : len(out)-len(orig)+p], true
}

// copyTree copies the files of dir src (one level) into dir dst.
func copyTree(t *testing.T, src, dst string) {
	t.Helper()
	entries, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(dst, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.Type().IsRegular() {
			writeFile(t, filepath.Join(dst, e.Name()), string(readFile(t, filepath.Join(src, e.Name()))))
		}
	}
}

// twoFeeds is an OPML file of two feeds, with categories and languages.
const twoFeeds = `<opml version="2.0"><body>
<outline text="Ukraine"><outline text="Kyiv Independent" xmlUrl="https://kyivindependent.com/news-archive/rss/" language="en"/></outline>
<outline text="Russia"><outline text="Meduza" xmlUrl="https://meduza.io/rss/en/all" language="en"/></outline>
</body></opml>`

// TestFeedsImportWriteKeepsBytes: --write changes nothing but what it
// adds: the old text survives byte for byte around the new entries, which
// follow the existing ones in their style, wherever the list is; the file
// keeps its mode; and the result loads as the old config plus the feeds.
func TestFeedsImportWriteKeepsBytes(t *testing.T) {
	sample := string(readFile(t, "../../configs/newsdigest.yaml"))
	tests := []struct {
		name, config string
		inserted     string // exactly; with the sample, the lines after the last feed
	}{
		{
			name:   "sample config, flow entries, aligned, list in the middle",
			config: sample,
			inserted: "  - {name: kyiv-independent,   outlet: Kyiv Independent,       url: \"https://kyivindependent.com/news-archive/rss/\", language: en, tags: [ukraine]}\n" +
				"  - {name: meduza,             outlet: Meduza,                 url: \"https://meduza.io/rss/en/all\",  language: en, tags: [russia]}\n",
		},
		{
			name: "block entries, odd indentation, list in the middle",
			config: "log:\n    level: info      # four spaces\n\nfeeds:\n" +
				"    -   name: one        # first\n        url: https://one.example/rss\n        tags: [a]\n" +
				"    # between\n    -   name: two\n        url: \"https://two.example/rss\"\n\n    # about topics\ntopics: []\n",
			inserted: "    -   name: kyiv-independent\n        outlet: Kyiv Independent\n        url: https://kyivindependent.com/news-archive/rss/\n        language: en\n        tags: [ukraine]\n" +
				"    -   name: meduza\n        outlet: Meduza\n        url: https://meduza.io/rss/en/all\n        language: en\n        tags: [russia]\n",
		},
		{
			name:   "list at the end without a final line end, dashes at the key's column",
			config: "data_dir: x\nfeeds:\n- name: one\n  url: https://one.example/rss   # the only one",
			inserted: "\n- name: kyiv-independent\n  outlet: Kyiv Independent\n  url: https://kyivindependent.com/news-archive/rss/\n  language: en\n  tags: [ukraine]\n" +
				"- name: meduza\n  outlet: Meduza\n  url: https://meduza.io/rss/en/all\n  language: en\n  tags: [russia]\n",
		},
		{
			name:     "flow list on one line",
			config:   "feeds: [{name: one, url: \"https://one.example/rss\"}]   # inline\ntopics: []\n",
			inserted: `, {name: kyiv-independent, outlet: Kyiv Independent, url: "https://kyivindependent.com/news-archive/rss/", language: en, tags: [ukraine]}, {name: meduza, outlet: Meduza, url: "https://meduza.io/rss/en/all", language: en, tags: [russia]}`,
		},
		{
			name:   "flow list, an entry a line, trailing comma",
			config: "feeds: [\n  {name: one, url: \"https://one.example/rss\"},   # one\n]\n",
			inserted: "\n  {name: kyiv-independent, outlet: Kyiv Independent, url: \"https://kyivindependent.com/news-archive/rss/\", language: en, tags: [ukraine]}," +
				"\n  {name: meduza, outlet: Meduza, url: \"https://meduza.io/rss/en/all\", language: en, tags: [russia]},",
		},
		{
			name:   "CRLF line ends",
			config: "# crlf\r\nfeeds:\r\n  - {name: one, url: \"https://one.example/rss\"}\r\n\r\ntopics: []\r\n",
			inserted: "  - {name: kyiv-independent, outlet: Kyiv Independent, url: \"https://kyivindependent.com/news-archive/rss/\", language: en, tags: [ukraine]}\r\n" +
				"  - {name: meduza, outlet: Meduza, url: \"https://meduza.io/rss/en/all\", language: en, tags: [russia]}\r\n",
		},
		{
			name:     "no feeds key, no blank lines",
			config:   "# nothing but a comment\ndata_dir: x",
			inserted: "\nfeeds:\n  - name: kyiv-independent\n    outlet: Kyiv Independent\n    url: https://kyivindependent.com/news-archive/rss/\n    language: en\n    tags: [ukraine]\n  - name: meduza\n    outlet: Meduza\n    url: https://meduza.io/rss/en/all\n    language: en\n    tags: [russia]\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			// The sample's relative paths (../feeds, ../data) resolve
			// in the copy as in the checkout.
			path := writeFile(t, filepath.Join(mkdir(t, dir, "configs"), "newsdigest.yaml"), tt.config)
			copyTree(t, "../../feeds", filepath.Join(dir, "feeds"))
			if err := os.Chmod(path, 0o640); err != nil {
				t.Fatal(err)
			}
			in := writeFile(t, filepath.Join(dir, "two.opml"), twoFeeds)
			before, err := config.Load(path)
			if err != nil {
				t.Fatalf("test config is invalid: %v", err)
			}
			code, stdout, stderr := run(t, "feeds", "import", in, "--config", path, "--write")
			if code != 0 || stdout != "" || !strings.Contains(stderr, "added 2 feeds to "+path+" (0 already there)\n") {
				t.Fatalf("exit %d, stdout %q\n%s", code, stdout, stderr)
			}
			written := string(readFile(t, path))
			inserted, ok := insertedOnly(tt.config, written)
			if !ok {
				t.Fatalf("the old text did not survive intact:\n%s", written)
			}
			if tt.config == sample {
				// Right after the last feed: the old lines up to it, the
				// new ones, then the rest of the old lines.
				oldLines, newLines := strings.SplitAfter(tt.config, "\n"), strings.SplitAfter(written, "\n")
				last := 0
				for i, l := range oldLines {
					if strings.HasPrefix(l, "  - {name: ") {
						last = i
					}
				}
				if got := strings.Join(newLines[last+1:last+3], ""); got != tt.inserted ||
					!reflect.DeepEqual(append(append([]string{}, newLines[:last+1]...), newLines[last+3:]...), oldLines) {
					t.Errorf("inserted lines:\n%s\nwant:\n%s\nresult:\n%s", got, tt.inserted, written)
				}
			} else if inserted != tt.inserted {
				t.Errorf("inserted %q\nwant     %q\nresult:\n%s", inserted, tt.inserted, written)
			}
			after, err := config.Load(path)
			if err != nil {
				t.Fatalf("result does not load: %v", err)
			}
			want := append(append([]config.Feed{}, before.Feeds...), config.Feed{}, config.Feed{})
			if len(after.Feeds) != len(want) {
				t.Fatalf("%d feeds after; want %d", len(after.Feeds), len(want))
			}
			if len(before.Feeds) > 0 && !reflect.DeepEqual(after.Feeds[:len(before.Feeds)], before.Feeds) {
				t.Errorf("existing feeds changed")
			}
			if nf := after.Feeds[len(before.Feeds):]; nf[0].Name != "kyiv-independent" || nf[1].URL != "https://meduza.io/rss/en/all" || nf[1].Tags[0] != "russia" {
				t.Errorf("new feeds: %+v", nf)
			}
			before.Feeds, after.Feeds = nil, nil
			if !reflect.DeepEqual(before, after) {
				t.Errorf("keys other than feeds changed:\n%+v\n%+v", before, after)
			}
			if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o640 {
				t.Errorf("mode %v, %v; want 0640 kept", fi.Mode().Perm(), err)
			}
			if left, _ := filepath.Glob(filepath.Join(dir, "configs", ".*")); len(left) > 0 {
				t.Errorf("temporary files left: %v", left)
			}
		})
	}
}

// TestFeedsImportWriteEmptyList: feeds: [], ~ or nothing gives way to a
// block list; a comment on the line keeps its column; nothing else moves.
func TestFeedsImportWriteEmptyList(t *testing.T) {
	entries := "  - name: kyiv-independent\n    outlet: Kyiv Independent\n    url: https://kyivindependent.com/news-archive/rss/\n    language: en\n    tags: [ukraine]\n" +
		"  - name: meduza\n    outlet: Meduza\n    url: https://meduza.io/rss/en/all\n    language: en\n    tags: [russia]\n"
	tests := []struct{ config, want string }{
		{"log:\n  level: warn\nfeeds: []   # none yet\ntopics: []\n", "log:\n  level: warn\nfeeds:      # none yet\n" + entries + "topics: []\n"},
		{"feeds: []\n\ntopics: []\n", "feeds:\n" + entries + "\ntopics: []\n"},
		{"feeds: [ ]\n", "feeds:\n" + entries},
		{"\ufefffeeds: []  # byte order mark\n", "\ufefffeeds:     # byte order mark\n" + entries},
		{"feeds: ~\ntopics: []\n", "feeds:\n" + entries + "topics: []\n"},
		{"feeds:   # to do\n  # more to do\ntopics: []\n", "feeds:   # to do\n" + entries + "  # more to do\ntopics: []\n"},
		{"topics:\n- id: a\n  title: A\n  keywords: [a]\nfeeds:\n", "topics:\n- id: a\n  title: A\n  keywords: [a]\nfeeds:\n" + strings.ReplaceAll(entries, "\n  ", "\n")[2:]},
	}
	for _, tt := range tests {
		path := writeFile(t, filepath.Join(t.TempDir(), "c.yaml"), tt.config)
		in := writeFile(t, filepath.Join(t.TempDir(), "two.opml"), twoFeeds)
		if code, _, stderr := run(t, "feeds", "import", in, "--config", path, "--write"); code != 0 {
			t.Fatalf("%q: exit %d\n%s", tt.config, code, stderr)
		}
		if got := string(readFile(t, path)); got != tt.want {
			t.Errorf("%q: got\n%q\nwant\n%q", tt.config, got, tt.want)
		}
	}
}

// TestFeedsImportSkipsUnusable: entries whose URL cannot be a feed are
// skipped with a warning naming each and why, and counted in the summary,
// with and without --write; only an OPML with nothing usable is an error.
func TestFeedsImportSkipsUnusable(t *testing.T) {
	in := filepath.Join(opmlTestdata, "mixed-schemes.opml")
	warnings := []string{
		`newsdigest: warning: skipped OPML entry "FTP mirror" (ftp://files.example/rss.xml): scheme "ftp" is not http or https`,
		`newsdigest: warning: skipped OPML entry "Write to us" (mailto:news@example.com): scheme "mailto" is not http or https`,
		`newsdigest: warning: skipped OPML entry "Bookmarklet" (javascript:alert(1)): scheme "javascript" is not http or https`,
		`newsdigest: warning: skipped OPML entry "Local copy" (../feeds/local.xml): no scheme`,
		`newsdigest: warning: skipped OPML entry "Bare host" (example.org/rss): no scheme`,
		`newsdigest: warning: skipped OPML entry "No host" (https:///rss.xml): no host`,
		`newsdigest: warning: skipped OPML entry "Opaque" (http:example.net/rss): no host`,
		`newsdigest: warning: skipped OPML entry "Spaced host" ("http://bad host.example/rss"): not a valid URL`,
	}
	checkWarnings := func(t *testing.T, stderr string) {
		t.Helper()
		for _, w := range warnings {
			if !strings.Contains(stderr, w) {
				t.Errorf("stderr lacks %q:\n%s", w, stderr)
			}
		}
	}
	wantFeeds := []config.Feed{
		{Name: "daring-fireball", Outlet: "Daring Fireball", URL: "https://daringfireball.net/feeds/main"},
		{Name: "kyiv-independent", Outlet: "Kyiv Independent", URL: "http://kyivindependent.com/news-archive/rss/"},
	}

	t.Run("print, no config", func(t *testing.T) {
		abs := mustAbs(t, in)
		t.Chdir(t.TempDir()) // no ./configs/newsdigest.yaml here
		code, stdout, stderr := run(t, "feeds", "import", abs)
		if code != 0 {
			t.Fatalf("exit %d\n%s", code, stderr)
		}
		diffFeeds(t, rawFeeds(t, []byte(stdout)), wantFeeds)
		checkWarnings(t, stderr)
		if !strings.HasSuffix(stderr, "\n2 feeds; skipped 8 (see warnings)\n") {
			t.Errorf("summary:\n%s", stderr)
		}
	})
	t.Run("print", func(t *testing.T) {
		path := writeFile(t, filepath.Join(t.TempDir(), "c.yaml"), commentedConfig)
		code, stdout, stderr := run(t, "feeds", "import", in, "--config", path)
		if code != 0 {
			t.Fatalf("exit %d\n%s", code, stderr)
		}
		diffFeeds(t, rawFeeds(t, []byte(stdout)), wantFeeds)
		checkWarnings(t, stderr)
		if !strings.Contains(stderr, "2 new feeds; 0 already in "+path+"; skipped 8 (see warnings)\n") {
			t.Errorf("summary:\n%s", stderr)
		}
	})
	t.Run("write", func(t *testing.T) {
		path := writeFile(t, filepath.Join(t.TempDir(), "c.yaml"), commentedConfig)
		code, stdout, stderr := run(t, "feeds", "import", in, "--config", path, "--write")
		if code != 0 || stdout != "" {
			t.Fatalf("exit %d, stdout %q\n%s", code, stdout, stderr)
		}
		checkWarnings(t, stderr)
		if !strings.Contains(stderr, "added 2 feeds to "+path+" (0 already there); skipped 8 (see warnings)\n") {
			t.Errorf("summary:\n%s", stderr)
		}
		diffFeeds(t, rawFeeds(t, readFile(t, path)), append(rawFeeds(t, []byte(commentedConfig)), wantFeeds...))
		// Again: the usable ones are there, the others still skipped.
		code, _, stderr = run(t, "feeds", "import", in, "--config", path, "--write")
		if code != 0 || !strings.Contains(stderr, "nothing to add: 2 feeds already in "+path+"; skipped 8 (see warnings)\n") {
			t.Errorf("second import: exit %d\n%s", code, stderr)
		}
	})
	t.Run("nothing usable", func(t *testing.T) {
		dir := t.TempDir()
		path := writeFile(t, filepath.Join(dir, "c.yaml"), commentedConfig)
		one := writeFile(t, filepath.Join(dir, "ftp.opml"), `<opml><body><outline text="FTP" xmlUrl="ftp://files.example/rss"/></body></opml>`)
		for _, write := range []bool{false, true} {
			args := []string{"feeds", "import", one, "--config", path}
			if write {
				args = append(args, "--write")
			}
			code, stdout, stderr := run(t, args...)
			if code != 1 || stdout != "" ||
				!strings.Contains(stderr, `newsdigest: warning: skipped OPML entry "FTP" (ftp://files.example/rss): scheme "ftp" is not http or https`) ||
				!strings.Contains(stderr, "newsdigest: feeds import: "+one+": no usable feeds: its one entry skipped (see warning); only http:// and https:// feed URLs can be imported") {
				t.Errorf("%v: exit %d, stdout %q\n%s", args, code, stdout, stderr)
			}
		}
		if got := string(readFile(t, path)); got != commentedConfig {
			t.Errorf("config changed:\n%s", got)
		}
	})
}

func mkdir(t *testing.T, parent, name string) string {
	t.Helper()
	d := filepath.Join(parent, name)
	if err := os.MkdirAll(d, 0o755); err != nil {
		t.Fatal(err)
	}
	return d
}
