package opml_test

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/newsdigest/newsdigest/internal/opml"
)

func TestParseFiles(t *testing.T) {
	tests := []struct {
		file    string
		want    []opml.Outline
		wantErr error
		errText string // also in the message
	}{
		{
			file: "feedly.opml", // nested categories; a feed listed twice
			want: []opml.Outline{
				{Outlet: "BBC News - World", URL: "https://feeds.bbci.co.uk/news/world/rss.xml", HTMLURL: "https://www.bbc.co.uk/news/world", Tags: []string{"world-news", "tech"}},
				{Outlet: "World news | The Guardian", URL: "https://www.theguardian.com/world/rss", HTMLURL: "https://www.theguardian.com/world", Tags: []string{"world-news"}},
				{Outlet: "Techfront & Co.", URL: "https://techfront.example/feed?lang=en&format=atom", HTMLURL: "https://techfront.example/", Tags: []string{"tech", "ai-robots"}},
				{Outlet: "Kyiv Independent", URL: "https://kyivindependent.com/news-archive/rss/", HTMLURL: "https://kyivindependent.com"},
			},
		},
		{
			file: "netnewswire.opml", // flat, OPML 1.1, tabs
			want: []opml.Outline{
				{Outlet: "Daring Fireball", URL: "https://daringfireball.net/feeds/main", HTMLURL: "https://daringfireball.net/"},
				{Outlet: "NetNewsWire Blog", URL: "https://netnewswire.blog/feed.xml", HTMLURL: "https://netnewswire.blog/"},
				{Outlet: "inessential", URL: "https://inessential.com/xml/rss.xml", HTMLURL: "https://inessential.com/"},
			},
		},
		{
			file: "attrcase.opml",
			want: []opml.Outline{
				{Outlet: "Upper XMLURL", URL: "https://a.example/rss", HTMLURL: "https://a.example/", Language: "en-US"},
				{Outlet: "lower xmlurl", URL: "https://b.example/rss"},
				{Outlet: "Title only", URL: "https://c.example/rss"},
				{Outlet: "Plain url attribute", URL: "https://d.example/rss"},
				// type="link" url=... is a web page: skipped.
				{Outlet: "Feed scheme", URL: "http://f.example/rss"},
				{Outlet: "Spaced out name", URL: "https://g.example/rss", Tags: []string{"news", "local-politics", "europe"}},
				// isComment="true" hides the outline and its children.
				{Name: "i-feed", Outlet: "Undeclared prefix", URL: "https://i.example/rss", Tags: []string{"x", "y"}},
				{Outlet: "Inside", URL: "https://j.example/rss", Tags: []string{"empty-url-a-category"}},
			},
		},
		{
			file: "thunderbird-latin1.opml", // ISO-8859-1, title without text
			want: []opml.Outline{
				{Outlet: "Le Monde à la une", URL: "https://www.lemonde.fr/rss/une.xml", HTMLURL: "https://www.lemonde.fr/", Tags: []string{"news-blogs"}},
				{Outlet: "Süddeutsche", URL: "https://rss.sueddeutsche.de/rss/Topthemen", Tags: []string{"news-blogs"}},
			},
		},
		{file: "notopml.html", wantErr: opml.ErrNotOPML, errText: "HTML page"},
		{file: "malformed.opml", wantErr: opml.ErrMalformed, errText: "line 7"},
		{file: "empty.opml", wantErr: opml.ErrNoFeeds, errText: "opml: no feed outlines (xmlUrl) found"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			f, err := os.Open(filepath.Join("testdata", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			got, err := opml.Parse(f)
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) || !strings.Contains(err.Error(), tt.errText) {
					t.Fatalf("error = %v; want %v containing %q", err, tt.wantErr, tt.errText)
				}
				if got != nil {
					t.Errorf("outlines returned with the error: %+v", got)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got\n%s\nwant\n%s", dump(got), dump(tt.want))
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	deep := strings.Repeat("<outline text='x'>", opml.MaxDepth) + strings.Repeat("</outline>", opml.MaxDepth)
	tests := []struct {
		name    string
		in      string
		wantErr error
		errText string
	}{
		{"empty input", "", opml.ErrNotOPML, "empty"},
		{"white space", " \n\t", opml.ErrNotOPML, "empty"},
		{"plain text", "just some words", opml.ErrNotOPML, "no root element"},
		{"JSON", `{"feeds": ["https://a.example/rss"]}`, opml.ErrNotOPML, ""},
		{"RSS feed", `<?xml version="1.0"?><rss version="2.0"><channel><title>x</title></channel></rss>`, opml.ErrNotOPML, "<rss>"},
		{"well-formed HTML", `<html><body><outline xmlUrl="https://a.example/rss"/></body></html>`, opml.ErrNotOPML, "<html>"},
		{"unclosed", `<opml><body><outline xmlUrl="https://a.example/rss">`, opml.ErrMalformed, "unexpected EOF"},
		{"bad attribute", `<opml><body><outline xmlUrl=https://a.example/rss/></body></opml>`, opml.ErrMalformed, "line 1"},
		{"mismatched", "<opml>\n<body>\n</head></opml>", opml.ErrMalformed, "line 3"},
		{"no body", `<opml version="2.0"><head><title>t</title></head></opml>`, opml.ErrNoFeeds, ""},
		{"only categories", `<opml><body><outline text="A"><outline text="B"/></outline></body></opml>`, opml.ErrNoFeeds, ""},
		{"only comments", `<opml><body><outline isComment="true" xmlUrl="https://a.example/rss"/></body></opml>`, opml.ErrNoFeeds, ""},
		{"only links", `<opml><body><outline type="link" url="https://a.example/"/></body></opml>`, opml.ErrNoFeeds, ""},
		{"too deep", "<opml><body>" + deep + "</body></opml>", opml.ErrTooDeep, "64"},
		{"unknown encoding", `<?xml version="1.0" encoding="KOI8-R"?><opml/>`, nil, "unsupported encoding"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := opml.Parse(strings.NewReader(tt.in))
			if err == nil {
				t.Fatalf("no error; got %+v", got)
			}
			if tt.wantErr != nil && !errors.Is(err, tt.wantErr) {
				t.Errorf("error = %v; want %v", err, tt.wantErr)
			}
			if !strings.Contains(err.Error(), tt.errText) || !strings.HasPrefix(err.Error(), "opml: ") {
				t.Errorf("error %q lacks %q or the opml: prefix", err, tt.errText)
			}
		})
	}
}

func TestParseSizeCap(t *testing.T) {
	head := `<opml><body><outline text="a" xmlUrl="https://a.example/rss"/>`
	at := head + strings.Repeat(" ", opml.MaxSize-len(head)-len("</body></opml>")) + "</body></opml>"
	if _, err := opml.Parse(strings.NewReader(at)); err != nil {
		t.Fatalf("exactly MaxSize bytes: %v", err)
	}
	_, err := opml.Parse(strings.NewReader(at + " "))
	if !errors.Is(err, opml.ErrTooLarge) {
		t.Fatalf("MaxSize+1 bytes: error = %v; want ErrTooLarge", err)
	}
}

func TestParseEncodings(t *testing.T) {
	doc := `<?xml version="1.0" encoding="%s"?><opml><body><outline text="Київ – “news”" xmlUrl="https://a.example/rss"/></body></opml>`
	want := "Київ – “news”"
	utf16le := func(s string) []byte {
		b := []byte{0xFF, 0xFE}
		for _, u := range utf16.Encode([]rune(s)) {
			b = append(b, byte(u), byte(u>>8))
		}
		return b
	}
	tests := []struct {
		name string
		in   []byte
	}{
		{"UTF-8", []byte(strings.Replace(doc, "%s", "UTF-8", 1))},
		{"UTF-8 with BOM", append([]byte{0xEF, 0xBB, 0xBF}, strings.Replace(doc, "%s", "utf-8", 1)...)},
		{"UTF-16LE with BOM", utf16le(strings.Replace(doc, "%s", "UTF-16", 1))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := opml.Parse(bytes.NewReader(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			if got[0].Outlet != want {
				t.Errorf("outlet %q; want %q", got[0].Outlet, want)
			}
		})
	}
	// Windows-1252: 0x93/0x94 are curly quotes, 0xE9 is é.
	cp := []byte(`<?xml version="1.0" encoding="windows-1252"?><opml><body><outline text="Caf` + "\xe9 \x93x\x94" + `" xmlUrl="https://a.example/rss"/></body></opml>`)
	got, err := opml.Parse(bytes.NewReader(cp))
	if err != nil || got[0].Outlet != "Café “x”" {
		t.Errorf("windows-1252: %+v, %v", got, err)
	}
}

// TestParseDuplicates: one URL in several places is one feed, with the
// tags of every place; URLs differing only in scheme or host case match.
func TestParseDuplicates(t *testing.T) {
	in := `<opml version="2.0"><body>
  <outline text="News"><outline text="A" xmlUrl="https://a.example/rss"/></outline>
  <outline text="Tech"><outline text="A again" xmlUrl="http://A.EXAMPLE/rss" htmlUrl="https://a.example/" language="en"/></outline>
  <outline text="A, a third time" xmlUrl=" https://a.example/rss "/>
  <outline text="Path differs" xmlUrl="https://a.example/RSS"/>
</body></opml>`
	got, err := opml.Parse(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	want := []opml.Outline{
		{Outlet: "A", URL: "https://a.example/rss", HTMLURL: "https://a.example/", Language: "en", Tags: []string{"news", "tech"}},
		{Outlet: "Path differs", URL: "https://a.example/RSS"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got\n%s\nwant\n%s", dump(got), dump(want))
	}
}

func TestURLKey(t *testing.T) {
	same := [][2]string{
		{"https://a.example/rss", "http://a.example/rss"},
		{"https://A.Example/rss", " https://a.example/rss "},
		{"HTTPS://a.example?x=1", "http://a.example?x=1"},
	}
	for _, p := range same {
		if opml.URLKey(p[0]) != opml.URLKey(p[1]) {
			t.Errorf("URLKey(%q) != URLKey(%q)", p[0], p[1])
		}
	}
	differ := [][2]string{
		{"https://a.example/rss", "https://a.example/RSS"},
		{"https://a.example/rss", "https://a.example/rss?x=1"},
		{"../feeds/a.xml", "../feeds/A.xml"},
		{"ftp://a.example/rss", "http://a.example/rss"},
	}
	for _, p := range differ {
		if opml.URLKey(p[0]) == opml.URLKey(p[1]) {
			t.Errorf("URLKey(%q) == URLKey(%q)", p[0], p[1])
		}
	}
}

// TestCheckFeedURL: only http and https URLs with a host can be imported
// from OPML; the reason names what is wrong.
func TestCheckFeedURL(t *testing.T) {
	for _, u := range []string{
		"https://a.example/rss", "http://a.example/rss", "HTTPS://A.example/rss?x=1&y=2",
		"https://a.example:8443/feed.xml", "http://127.0.0.1/rss", "https://[::1]/rss",
	} {
		if err := opml.CheckFeedURL(u); err != nil {
			t.Errorf("CheckFeedURL(%q) = %v; want nil", u, err)
		}
	}
	for _, tt := range []struct{ url, want string }{
		{"ftp://files.example/rss.xml", `scheme "ftp" is not http or https`},
		{"mailto:news@example.com", `scheme "mailto" is not http or https`},
		{"javascript:alert(1)", `scheme "javascript" is not http or https`},
		{"file:///srv/feeds/a.xml", `scheme "file" is not http or https`},
		{"../feeds/local.xml", "no scheme"},
		{"/srv/feeds/a.xml", "no scheme"},
		{"example.org/rss", "no scheme"},
		{"https:///rss.xml", "no host"},
		{"http:example.net/rss", "no host"},
		{"http://:8080/rss", "no host"},
		{"http://bad host.example/rss", "not a valid URL"},
		{"", "no URL"},
	} {
		err := opml.CheckFeedURL(tt.url)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("CheckFeedURL(%q) = %v; want an error with %q", tt.url, err, tt.want)
		}
	}
	// Parse itself keeps every entry: what to import is the caller's call.
	f, err := os.Open(filepath.Join("testdata", "mixed-schemes.opml"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	got, err := opml.Parse(f)
	if err != nil || len(got) != 10 {
		t.Fatalf("Parse: %d outlines, %v; want 10", len(got), err)
	}
}

// TestWriteRoundTrip: whatever Write is given, Parse returns exactly.
func TestWriteRoundTrip(t *testing.T) {
	tests := []struct {
		name  string
		feeds []opml.Outline
	}{
		{"config-like", []opml.Outline{
			{Name: "kyiv-ledger", Outlet: "Kyiv Ledger", URL: "../feeds/kyiv-ledger.xml", Language: "en", Tags: []string{"ukraine"}},
			{Name: "harbor", Outlet: "Harbor City Times", URL: "https://h.example/rss", Language: "en", Interval: "1h", Tags: []string{"us", "world"}},
			{Name: "nato", Outlet: "NATO", URL: "https://www.nato.int/rss.xml?a=1&b=2", Interval: "90m", Tags: []string{"nato"}},
			{Name: "kyiv-2", Outlet: "Kyiv Again", URL: "file:///srv/feeds/k.xml", Tags: []string{"ukraine"}},
		}},
		{"no outlet, no tags", []opml.Outline{
			{Name: "bare", URL: "https://bare.example/rss"},
			{URL: "https://nameless.example/rss"},
		}},
		{"awkward text", []opml.Outline{
			{Name: "n", Outlet: "  Two  spaces\tand a tab\nand a line  ", URL: "https://a.example/rss"},
			{Name: `q"uote's <b> & co`, Outlet: `"Quoted" <Outlet> & Sons`, URL: "https://b.example/rss?x=<1>&y='2'"},
			{Name: "юнікод", Outlet: "Українська правда", URL: "https://c.example/rss", Language: "uk"},
			{Name: "same", Outlet: "same", URL: "https://d.example/rss"},
		}},
		{"awkward tags", []opml.Outline{
			{Name: "a", URL: "https://a.example/rss", Tags: []string{"with,comma", "100%", "%2C literal", " spaced ", "World News"}},
			{Name: "b", URL: "https://b.example/rss", Tags: []string{""}},
			{Name: "c", URL: "https://c.example/rss", Tags: []string{"", "x"}},
			{Name: "d", URL: "https://d.example/rss", Tags: []string{"x", "x"}},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := opml.Write(&b, "t", tt.feeds); err != nil {
				t.Fatal(err)
			}
			got, err := opml.Parse(&b)
			if err != nil {
				t.Fatalf("%v\n%s", err, b.String())
			}
			if !reflect.DeepEqual(got, tt.feeds) {
				t.Errorf("got\n%s\nwant\n%s", dump(got), dump(tt.feeds))
			}
		})
	}
}

// TestWriteForOtherReaders: without the nd: attributes, which other
// readers drop, a written list still reads as feeds in categories named
// after their first tag, in order.
func TestWriteForOtherReaders(t *testing.T) {
	feeds := []opml.Outline{
		{Name: "a", Outlet: "A", URL: "https://a.example/rss", Tags: []string{"ukraine"}},
		{Name: "b", Outlet: "B", URL: "https://b.example/rss", Tags: []string{"ukraine", "world"}},
		{Name: "c", Outlet: "C", URL: "https://c.example/rss", Tags: []string{"russia"}},
		{Name: "d", Outlet: "D", URL: "https://d.example/rss"},
		{Name: "e", Outlet: "E", URL: "https://e.example/rss", Tags: []string{"ukraine"}},
	}
	var b bytes.Buffer
	if err := opml.Write(&b, "Mine & yours", feeds); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, s := range []string{
		`<?xml version="1.0" encoding="UTF-8"?>`,
		`<opml version="2.0" xmlns:nd="` + opml.Namespace + `">`,
		`<title>Mine &amp; yours</title>`,
		`<outline text="ukraine" title="ukraine">`,
		`<outline type="rss" text="B" title="B" xmlUrl="https://b.example/rss" nd:name="b" nd:tags="ukraine,world"/>`,
	} {
		if !strings.Contains(out, s) {
			t.Errorf("output lacks %s:\n%s", s, out)
		}
	}
	if n := strings.Count(out, `<outline text="ukraine"`); n != 2 {
		t.Errorf("%d ukraine categories; want 2 (a-b, then e after others)", n)
	}
	foreign := regexp.MustCompile(` nd:[a-z]+="[^"]*"`).ReplaceAllString(out, "")
	got, err := opml.Parse(strings.NewReader(foreign))
	if err != nil {
		t.Fatal(err)
	}
	want := []opml.Outline{
		{Outlet: "A", URL: "https://a.example/rss", Tags: []string{"ukraine"}},
		{Outlet: "B", URL: "https://b.example/rss", Tags: []string{"ukraine"}},
		{Outlet: "C", URL: "https://c.example/rss", Tags: []string{"russia"}},
		{Outlet: "D", URL: "https://d.example/rss"},
		{Outlet: "E", URL: "https://e.example/rss", Tags: []string{"ukraine"}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got\n%s\nwant\n%s", dump(got), dump(want))
	}
}

func TestWriteRefusesFeedWithoutURL(t *testing.T) {
	var b bytes.Buffer
	err := opml.Write(&b, "t", []opml.Outline{{Name: "a", URL: "https://a.example/"}, {Name: "b", URL: " "}})
	if err == nil || !strings.Contains(err.Error(), `"b"`) {
		t.Fatalf("error = %v; want one naming feed b", err)
	}
	if b.Len() != 0 {
		t.Errorf("wrote %d bytes before failing", b.Len())
	}
}

func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*"))
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	for _, s := range []string{
		"",
		"<opml/>",
		`<opml><body><outline xmlUrl="x"/></body></opml>`,
		`<opml><body><outline text="c"><outline xmlurl="feed:https://a" nd:tags="a,%2C,%25,%" nd:outlet=""/></outline></body></opml>`,
		`<opml xmlns:nd="https://github.com/newsdigest/newsdigest/opml"><body><outline URL="u" nd:name="n" nd:interval="1h" category="/a/b,c"/></body></opml>`,
		`<?xml version="1.0" encoding="iso-8859-1"?><opml><body><outline text="&nbsp;&eacute;" xmlUrl="a"/></body></opml>`,
		"<opml><body><outline isComment='true'><outline xmlUrl='a'/></outline></body></opml>",
		"\xff\xfe<\x00o\x00",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		feeds, err := opml.Parse(bytes.NewReader(data))
		if err != nil {
			if feeds != nil || !strings.HasPrefix(err.Error(), "opml: ") {
				t.Fatalf("error %q with %d feeds", err, len(feeds))
			}
			return
		}
		if len(feeds) == 0 {
			t.Fatal("no error and no feeds")
		}
		keys := map[string]bool{}
		for _, o := range feeds {
			k := opml.URLKey(o.URL)
			if o.URL == "" || keys[k] {
				t.Fatalf("empty or repeated URL %q in %+v", o.URL, feeds)
			}
			keys[k] = true
		}
		// What Parse returns, Write and Parse give back exactly.
		var b bytes.Buffer
		if err := opml.Write(&b, "fuzz", feeds); err != nil {
			t.Fatal(err)
		}
		again, err := opml.Parse(&b)
		if err != nil {
			t.Fatalf("re-parse: %v\n%s", err, b.String())
		}
		if !reflect.DeepEqual(again, feeds) {
			t.Fatalf("round trip changed the feeds:\n%s\nthen\n%s", dump(feeds), dump(again))
		}
	})
}

func dump(feeds []opml.Outline) string {
	var b strings.Builder
	for _, o := range feeds {
		fmt.Fprintf(&b, "  %+q\n", o)
	}
	return b.String()
}
