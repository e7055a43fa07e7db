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
func TestFeedsExportImportRoundTrip(t *testing.T) {
	for _, src := range []string{"../../configs/newsdigest.yaml", "../../configs/example.production.yaml"} {
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

// TestFeedsExportBuiltin: with no config given and none in ./configs, the
// built-in one is exported, its local paths as written.
func TestFeedsExportBuiltin(t *testing.T) {
	t.Chdir(t.TempDir())
	code, stdout, stderr := run(t, "feeds", "export")
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	if !strings.Contains(stdout, `xmlUrl="../feeds/kyiv-ledger.xml"`) || strings.Count(stdout, "xmlUrl=") != 11 {
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

// TestFeedsImportWriteLayout: beyond comments, blank lines between
// sections and quoting survive, and new flow entries follow flow ones.
func TestFeedsImportWriteLayout(t *testing.T) {
	dir := t.TempDir()
	path := writeFile(t, filepath.Join(dir, "c.yaml"), commentedConfig)
	if code, _, stderr := run(t, "feeds", "import", "--config", path, "--write", filepath.Join(opmlTestdata, "netnewswire.opml")); code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	written := string(readFile(t, path))
	for _, s := range []string{
		"# Second header line.\n\ndata_dir: ../data",
		"format: json\n\n# The feeds we read.\nfeeds:\n  # Flow style, aligned.\n  - {name: kyiv-ledger, ",
		"\n  - {name: daring-fireball, outlet: Daring Fireball, url: \"https://daringfireball.net/feeds/main\"}\n",
		"\n\ntopics:\n",
		"\n\ndigest:\n  schedule: \"0 7 * * *\" # quoted: cron has spaces\n",
	} {
		if !strings.Contains(written, s) {
			t.Errorf("result lacks %q:\n%s", s, written)
		}
	}
}

// TestFeedsImportWriteNewKey: a config without feeds gets the key before
// topics, set apart by a blank line like the other sections, and a file
// with CRLF line ends keeps them.
func TestFeedsImportWriteNewKey(t *testing.T) {
	for _, eol := range []string{"\n", "\r\n"} {
		text := strings.ReplaceAll("# header\n\ndata_dir: x   # here\n\n# what we follow\ntopics: []\n", "\n", eol)
		path := writeFile(t, filepath.Join(t.TempDir(), "c.yaml"), text)
		if code, _, stderr := run(t, "feeds", "import", filepath.Join(opmlTestdata, "netnewswire.opml"), "--config", path, "--write"); code != 0 {
			t.Fatalf("exit %d\n%s", code, stderr)
		}
		want := strings.ReplaceAll(`# header

data_dir: x # here

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

# what we follow
topics: []
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
		{"unsupported scheme", `<outline text="FTP" xmlUrl="ftp://files.example/rss"/>`, `imported feed "ftp" (ftp://files.example/rss): url: unsupported scheme "ftp"`},
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
