package parse

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/newsdigest/newsdigest/internal/news"
)

var now = time.Date(2025, 2, 14, 12, 0, 0, 0, time.UTC)

func readFixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// rss wraps items in a minimal RSS 2.0 document.
func rss(items ...string) []byte {
	return []byte(`<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>T</title>` +
		`<link>https://example.com/</link>` + strings.Join(items, "") + `</channel></rss>`)
}

func mustFeed(t *testing.T, body []byte, src Source) *Result {
	t.Helper()
	res, err := Feed(body, src, now)
	if err != nil {
		t.Fatalf("Feed: %v", err)
	}
	checkArticles(t, res.Articles, src)
	return res
}

// checkArticles asserts what must hold for every article Feed returns.
func checkArticles(t testing.TB, arts []news.Article, src Source) {
	t.Helper()
	ids := map[string]bool{}
	for i, a := range arts {
		if a.ID == "" {
			t.Errorf("article %d: empty ID", i)
		}
		if ids[a.ID] {
			t.Errorf("article %d: duplicate ID %s", i, a.ID)
		}
		ids[a.ID] = true
		if a.Title == "" && a.Text == "" {
			t.Errorf("article %d: neither title nor text", i)
		}
		for field, s := range map[string]string{"title": a.Title, "text": a.Text, "url": a.URL} {
			if !utf8.ValidString(s) {
				t.Errorf("article %d: %s is not valid UTF-8: %q", i, field, s)
			}
			for _, r := range s {
				if unicode.IsControl(r) && r != '\n' {
					t.Errorf("article %d: %s holds control character %U: %q", i, field, r, s)
					break
				}
			}
		}
		if strings.Contains(a.Title, "\n") {
			t.Errorf("article %d: title spans lines: %q", i, a.Title)
		}
		if n := utf8.RuneCountInString(a.Title); n > maxTitleRunes {
			t.Errorf("article %d: title has %d runes, over %d", i, n, maxTitleRunes)
		}
		if n := utf8.RuneCountInString(a.Text); n > maxTextRunes {
			t.Errorf("article %d: text has %d runes, over %d", i, n, maxTextRunes)
		}
		if a.Published.Location() != time.UTC || a.Fetched.Location() != time.UTC {
			t.Errorf("article %d: times not in UTC: %v %v", i, a.Published, a.Fetched)
		}
		if a.Published.After(now.Add(maxFuture)) {
			t.Errorf("article %d: published %v is after now+%v", i, a.Published, maxFuture)
		}
		if a.FeedID != src.FeedID || a.Outlet != src.Outlet {
			t.Errorf("article %d: feed %q outlet %q, want %q %q", i, a.FeedID, a.Outlet, src.FeedID, src.Outlet)
		}
	}
}

func TestFeedFixtures(t *testing.T) {
	t.Parallel()
	type art struct {
		title, url, text, lang string
		published              time.Time
	}
	tests := map[string]struct {
		file    string
		src     Source
		title   string
		skipped int
		want    []art
	}{
		"RSS 2.0": {
			file:    "rss.xml",
			src:     Source{FeedID: "ex", Outlet: "Example", URL: "https://news.example.com/rss"},
			title:   "Example & Co News",
			skipped: 1, // the item whose title and description are blank
			want: []art{
				{
					title: "Rutte urges allies to keep talks private",
					url:   "https://news.example.com/world/rutte?id=7",
					text: "NATO Secretary General Mark Rutte spoke in Brussels.\n" +
						"He said talks & guarantees should stay behind closed doors.",
					lang:      "en",
					published: time.Date(2025, 2, 13, 18, 27, 0, 0, time.UTC),
				},
				{
					title:     "Short description, long content",
					url:       "https://news.example.com/world/second",
					text:      "Heading\nFirst paragraph of the full text.\nSecond paragraph.",
					lang:      "en",
					published: time.Date(2025, 2, 13, 21, 0, 0, 0, time.UTC),
				},
				{title: "No date given", url: "https://news.example.com/world/undated", lang: "en", published: now},
				{title: "From the far future", url: "https://news.example.com/world/future", lang: "en", published: now},
				{
					title:     "Only a description here.",
					text:      "Only a description here.\nIt has a second line.",
					lang:      "en",
					published: now,
				},
			},
		},
		"Atom": {
			file:  "atom.xml",
			src:   Source{FeedID: "atom", Outlet: "Atom"},
			title: "Atom Example",
			want: []art{
				{
					title:     "Minsk-3 agreement ruled out",
					url:       "https://atom.example.org/2025/02/minsk",
					text:      "Hegseth said the agreement would not be repeated.\nRutte agreed.",
					lang:      "de",
					published: time.Date(2025, 2, 13, 9, 0, 0, 0, time.UTC),
				},
				{
					title:     "Only updated",
					url:       "https://atom.example.org/2025/02/updated",
					text:      "XHTML content here.",
					lang:      "de",
					published: time.Date(2025, 2, 12, 8, 30, 0, 0, time.UTC),
				},
			},
		},
		"JSON Feed": {
			file:    "feed.json",
			src:     Source{FeedID: "json", Outlet: "JSON", Language: "en"},
			title:   "JSON Example",
			skipped: 1,
			want: []art{
				{
					title:     "Bell and escape[31m codes",
					url:       "https://json.example.net/a?a=1&b=2",
					text:      "Paris hosted the talks.",
					lang:      "en", // the source's language beats the feed's
					published: time.Date(2025, 2, 13, 8, 0, 0, 0, time.UTC),
				},
				{
					title:     "Plain text only.",
					url:       "https://json.example.net/relative/b",
					text:      "Plain text only.\nSecond line.",
					lang:      "en",
					published: time.Date(2025, 2, 12, 9, 0, 0, 0, time.UTC),
				},
			},
		},
		// gofeed v1.4.1 found no items when <rss> carried a default namespace.
		"RSS with default xmlns": {
			file:  "default-xmlns.xml",
			src:   Source{FeedID: "ns"},
			title: "Default namespace",
			want: []art{
				{title: "First namespaced item", url: "https://ns.example.com/1", published: time.Date(2025, 2, 12, 10, 0, 0, 0, time.UTC)},
				{title: "Second namespaced item", url: "https://ns.example.com/2", published: time.Date(2025, 2, 12, 11, 0, 0, 0, time.UTC)},
			},
		},
		"ISO-8859-1 declared": {
			file:  "latin1.xml",
			src:   Source{FeedID: "fr"},
			title: "Café Presse",
			want: []art{{
				title:     "Déjà vu à Genève: « réunion » réussie",
				url:       "https://latin1.example.fr/geneve",
				text:      "Les ministres se sont réunis à Genève. Prix: 5 ¤ ou ½ £.",
				lang:      "fr", // neither config nor feed says: detected
				published: now,
			}},
		},
		"windows-1251 declared": {
			file:  "cp1251.xml",
			src:   Source{FeedID: "ru"},
			title: "Новости",
			want: []art{{
				title:     "Рютте призвал союзников не обсуждать детали — «это риск»",
				url:       "https://cp1251.example.ru/news/1",
				text:      "Генеральный секретарь НАТО выступил в Брюсселе. Номер №5, цитата „да“.",
				lang:      "ru", // detected
				published: now,
			}},
		},
		// XML without a declaration is UTF-8; a legacy body used to fail the
		// whole feed with "invalid UTF-8".
		"windows-1252 undeclared": {
			file:  "undeclared-cp1252.xml",
			src:   Source{FeedID: "fr"},
			title: "Café Presse",
			want: []art{{
				title:     "Déjà vu à Genève: « réunion » réussie",
				url:       "https://latin1.example.fr/geneve",
				text:      "Les ministres se sont réunis à Genève. Prix: 5 ¤ ou ½ £.",
				lang:      "fr", // neither config nor feed says: detected
				published: now,
			}},
		},
		// Declared ISO-8859-1, really UTF-8: used to come out as "CafÃ©".
		"UTF-8 mislabelled as ISO-8859-1": {
			file:  "mislabelled-utf8.xml",
			src:   Source{FeedID: "fr"},
			title: "Café Presse (mislabelled)",
			want: []art{{
				title:     "Déjà vu à Genève: « réunion » réussie",
				url:       "https://latin1.example.fr/geneve",
				text:      "Les ministres se sont réunis à Genève. Prix: 5 ¤ ou ½ £.",
				lang:      "fr", // neither config nor feed says: detected
				published: now,
			}},
		},
		// An unknown encoding label used to make the feed undetectable.
		"unknown encoding label": {
			file:  "unknown-label.xml",
			src:   Source{FeedID: "fr"},
			title: "Café Presse",
			want: []art{{
				title:     "Déjà vu à Genève: « réunion » réussie",
				url:       "https://latin1.example.fr/geneve",
				text:      "Les ministres se sont réunis à Genève. Prix: 5 ¤ ou ½ £.",
				lang:      "fr", // neither config nor feed says: detected
				published: now,
			}},
		},
		// One stray Latin-1 byte in a UTF-8 feed used to lose every item.
		"stray byte in UTF-8": {
			file:  "stray-byte.xml",
			src:   Source{FeedID: "stray"},
			title: "Stray",
			want: []art{
				{title: "Café — good UTF-8 then a stray byte", published: now},
				{title: "Clean item", published: now},
			},
		},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			res := mustFeed(t, readFixture(t, tt.file), tt.src)
			if res.Title != tt.title {
				t.Errorf("feed title = %q, want %q", res.Title, tt.title)
			}
			if res.Skipped != tt.skipped {
				t.Errorf("skipped = %d, want %d", res.Skipped, tt.skipped)
			}
			if len(res.Articles) != len(tt.want) {
				for _, a := range res.Articles {
					t.Logf("got %q", a.Title)
				}
				t.Fatalf("got %d articles, want %d", len(res.Articles), len(tt.want))
			}
			for i, w := range tt.want {
				a := res.Articles[i]
				if a.Title != w.title {
					t.Errorf("[%d] title = %q, want %q", i, a.Title, w.title)
				}
				if a.URL != w.url {
					t.Errorf("[%d] url = %q, want %q", i, a.URL, w.url)
				}
				if w.text != "" && a.Text != w.text {
					t.Errorf("[%d] text = %q, want %q", i, a.Text, w.text)
				}
				if a.Language != w.lang {
					t.Errorf("[%d] language = %q, want %q", i, a.Language, w.lang)
				}
				if !a.Published.Equal(w.published) {
					t.Errorf("[%d] published = %v, want %v", i, a.Published, w.published)
				}
				if !a.Fetched.Equal(now) {
					t.Errorf("[%d] fetched = %v, want %v", i, a.Fetched, now)
				}
			}
		})
	}
}

func TestFeedErrors(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		body       []byte
		wantNoFeed bool // ErrNoFeed rather than another error
	}{
		"HTML page":           {readFixture(t, "page.html"), true},
		"empty":               {nil, true},
		"whitespace":          {[]byte("  \n\t "), true},
		"plain text":          {[]byte("hello, world"), true},
		"XML that is no feed": {[]byte(`<?xml version="1.0"?><note><to>x</to></note>`), true},
		"malformed RSS":       {readFixture(t, "malformed.xml"), false},
		"truncated RSS":       {rss(`<item><title>cut`)[:60], false},
		"malformed JSON":      {[]byte(`{"version": "https://jsonfeed.org/version/1.1", "items": [`), false},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			res, err := Feed(tt.body, Source{FeedID: "x"}, now)
			if err == nil {
				t.Fatalf("Feed = %+v, want an error", res)
			}
			if got := errors.Is(err, ErrNoFeed); got != tt.wantNoFeed {
				t.Errorf("errors.Is(%v, ErrNoFeed) = %v, want %v", err, got, tt.wantNoFeed)
			}
		})
	}
}

func TestFeedDates(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		item string
		want time.Time
	}{
		"RFC 1123 with zone":    {`<pubDate>Thu, 13 Feb 2025 20:27:00 +0200</pubDate>`, time.Date(2025, 2, 13, 18, 27, 0, 0, time.UTC)},
		"missing":               {``, now},
		"empty":                 {`<pubDate></pubDate>`, now},
		"unparseable":           {`<pubDate>yesterday-ish</pubDate>`, now},
		"an hour ahead is kept": {`<pubDate>` + now.Add(time.Hour).Format(time.RFC1123Z) + `</pubDate>`, now.Add(time.Hour)},
		"just within a day":     {`<pubDate>` + now.Add(maxFuture).Format(time.RFC1123Z) + `</pubDate>`, now.Add(maxFuture)},
		"over a day ahead":      {`<pubDate>` + now.Add(maxFuture+time.Minute).Format(time.RFC1123Z) + `</pubDate>`, now},
		"year 2100":             {`<pubDate>Fri, 01 Jan 2100 00:00:00 GMT</pubDate>`, now},
		"dc:date only":          {`<dc:date>2025-02-10T08:00:00Z</dc:date>`, time.Date(2025, 2, 10, 8, 0, 0, 0, time.UTC)},
		"in the past":           {`<pubDate>Mon, 02 Jan 2006 15:04:05 GMT</pubDate>`, time.Date(2006, 1, 2, 15, 4, 5, 0, time.UTC)},
		"the Unix epoch":        {`<pubDate>Thu, 01 Jan 1970 00:00:00 GMT</pubDate>`, now},
		"year 1000":             {`<pubDate>Wed, 01 Jan 1000 00:00:00 GMT</pubDate>`, now},
		"just after the epoch":  {`<pubDate>Thu, 01 Jan 1970 00:00:01 GMT</pubDate>`, time.Unix(1, 0).UTC()},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			body := []byte(`<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>T</title>` +
				`<item><title>x</title>` + tt.item + `</item></channel></rss>`)
			res := mustFeed(t, body, Source{FeedID: "d"})
			if len(res.Articles) != 1 {
				t.Fatalf("got %d articles", len(res.Articles))
			}
			if got := res.Articles[0].Published; !got.Equal(tt.want) {
				t.Errorf("published = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestFeedIDs(t *testing.T) {
	t.Parallel()
	src := Source{FeedID: "a"}
	ids := func(t *testing.T, src Source, items ...string) []string {
		t.Helper()
		res := mustFeed(t, rss(items...), src)
		var out []string
		for _, a := range res.Articles {
			out = append(out, a.ID)
		}
		return out
	}
	guid1 := `<item><title>One</title><link>https://example.com/1</link><guid>1</guid></item>`
	noGUID := `<item><title>Two</title><link>https://example.com/2?utm_source=x</link></item>`
	bare := `<item><title>Three</title><description>Body.</description></item>`

	t.Run("stable across polls", func(t *testing.T) {
		a := ids(t, src, guid1, noGUID, bare)
		b := ids(t, src, bare, noGUID, guid1)
		if len(a) != 3 || a[0] != b[2] || a[1] != b[1] || a[2] != b[0] {
			t.Errorf("IDs changed with item order: %v vs %v", a, b)
		}
	})
	t.Run("GUID scoped to the feed", func(t *testing.T) {
		a, b := ids(t, src, guid1), ids(t, Source{FeedID: "b"}, guid1)
		if a[0] == b[0] {
			t.Errorf("GUID 1 in feeds a and b share ID %s", a[0])
		}
	})
	t.Run("GUID wins over the link", func(t *testing.T) {
		moved := strings.Replace(guid1, "example.com/1", "example.com/moved", 1)
		if a, b := ids(t, src, guid1), ids(t, src, moved); a[0] != b[0] {
			t.Errorf("a changed link changed the ID: %s vs %s", a[0], b[0])
		}
	})
	t.Run("canonical URL without GUID", func(t *testing.T) {
		// The same page in two feeds, once with tracking parameters, is one article.
		other := `<item><title>Two, retitled</title><link>https://EXAMPLE.com/2#top</link></item>`
		if a, b := ids(t, src, noGUID), ids(t, Source{FeedID: "b"}, other); a[0] != b[0] {
			t.Errorf("same canonical URL, different IDs: %s vs %s", a[0], b[0])
		}
	})
	t.Run("content hash without GUID or link", func(t *testing.T) {
		edited := strings.Replace(bare, "Body.", "Edited body.", 1)
		a, b := ids(t, src, bare), ids(t, src, edited)
		if a[0] == b[0] {
			t.Errorf("different content, same ID %s", a[0])
		}
		if c := ids(t, src, bare); c[0] != a[0] {
			t.Errorf("same content, different IDs: %s vs %s", a[0], c[0])
		}
	})
	t.Run("blank GUID is no GUID", func(t *testing.T) {
		blank := `<item><title>Two</title><link>https://example.com/2</link><guid>  </guid></item>`
		if a, b := ids(t, src, noGUID), ids(t, src, blank); a[0] != b[0] {
			t.Errorf("blank GUID changed the ID: %s vs %s", a[0], b[0])
		}
	})
}

func TestFeedRepeatedGUIDs(t *testing.T) {
	t.Parallel()
	src := Source{FeedID: "dup"}
	item := func(n int) string {
		return fmt.Sprintf(`<item><title>Story %d</title><link>https://example.com/%d</link><guid>https://example.com/</guid></item>`, n, n)
	}
	first := mustFeed(t, rss(item(2), item(1)), src)
	if len(first.Articles) != 2 {
		t.Fatalf("got %d articles, want 2", len(first.Articles))
	}
	// A new story arrives on top with the same broken GUID. It must get an ID
	// of its own, and the old stories must keep theirs; otherwise the store
	// takes the new story for one it has seen and drops it.
	second := mustFeed(t, rss(item(3), item(2), item(1)), src)
	if len(second.Articles) != 3 {
		t.Fatalf("got %d articles, want 3", len(second.Articles))
	}
	byTitle := map[string]string{}
	for _, a := range first.Articles {
		byTitle[a.Title] = a.ID
	}
	for _, a := range second.Articles {
		if id, ok := byTitle[a.Title]; ok && id != a.ID {
			t.Errorf("%q changed ID from %s to %s when a new item arrived", a.Title, id, a.ID)
		}
		if !strings.HasSuffix(a.Title, "3") {
			continue
		}
		for title, id := range byTitle {
			if id == a.ID {
				t.Errorf("new %q took the ID of %q", a.Title, title)
			}
		}
	}

	// Items identical in every way are one article.
	same := mustFeed(t, rss(item(1), item(1)), src)
	if len(same.Articles) != 1 {
		t.Errorf("two identical items gave %d articles, want 1", len(same.Articles))
	}
	// A unique GUID keeps its plain ID even when other GUIDs repeat.
	solo := `<item><title>Solo</title><link>https://example.com/solo</link><guid>solo</guid></item>`
	a := mustFeed(t, rss(solo), src).Articles[0].ID
	b := mustFeed(t, rss(item(1), solo, item(2)), src).Articles[1].ID
	if a != b {
		t.Errorf("unique GUID changed ID beside repeated ones: %s vs %s", a, b)
	}
}

func TestFeedLimits(t *testing.T) {
	t.Parallel()
	huge := strings.Repeat("word ", 1<<20/5)        // 1 MB
	long := strings.Repeat("text ", maxTextRunes/4) // 125,000 runes
	res := mustFeed(t, rss(`<item><title>`+huge+`</title><description>`+long+`</description></item>`), Source{FeedID: "big"})
	if len(res.Articles) != 1 {
		t.Fatalf("got %d articles", len(res.Articles))
	}
	a := res.Articles[0]
	if n := utf8.RuneCountInString(a.Title); n != maxTitleRunes {
		t.Errorf("title has %d runes, want %d", n, maxTitleRunes)
	}
	if !strings.HasSuffix(a.Title, "word…") {
		t.Errorf("capped title does not end in an ellipsis: %q", a.Title[len(a.Title)-20:])
	}
	if n := utf8.RuneCountInString(a.Text); n > maxTextRunes || n < maxTextRunes-2 {
		t.Errorf("text has %d runes, want about %d", n, maxTextRunes)
	}
}

func TestFeedControlCharacters(t *testing.T) {
	t.Parallel()
	// XML forbids C0 controls, but C1 controls (from Latin-1 mishaps) and
	// JSON escapes get through the feed parsers.
	tests := map[string]struct {
		body []byte
		want string
	}{
		"C1 in RSS":       {rss("<item><title>A\u0085B\u009bC\u00adD</title></item>"), "ABCD"},
		"zero-width":      {rss("<item><title>Zero\u200bwidth\ufeff</title></item>"), "Zerowidth"},
		"C0 in JSON Feed": {[]byte(`{"version":"https://jsonfeed.org/version/1","items":[{"id":"1","title":"a\u0000b\u0007c\u001fd\u007fe"}]}`), "abcde"},
		"tabs and newlines in a title": {
			[]byte(`{"version":"https://jsonfeed.org/version/1","items":[{"id":"1","title":"a\tb\r\nc\u2028d"}]}`), "a b c d",
		},
		"entity-encoded markup": {rss(`<item><title>&lt;b&gt;Bold&lt;/b&gt; &amp;amp; co</title></item>`), "Bold & co"},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			res := mustFeed(t, tt.body, Source{FeedID: "c"})
			if len(res.Articles) != 1 {
				t.Fatalf("got %d articles", len(res.Articles))
			}
			if got := res.Articles[0].Title; got != tt.want {
				t.Errorf("title = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestFeedLinks(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		channelLink, itemLink, srcURL, want string
	}{
		"absolute":                       {"https://example.com/", "https://example.com/a", "", "https://example.com/a"},
		"relative to the channel link":   {"https://example.com/news/", "a", "", "https://example.com/news/a"},
		"relative, no channel link":      {"", "/a", "https://feeds.example.com/rss.xml", "https://feeds.example.com/a"},
		"relative channel link resolved": {"/", "/news/1", "https://example.com/feed", "https://example.com/news/1"},
		"javascript link dropped":        {"https://example.com/", "javascript:alert(1)", "", ""},
		"no base at all":                 {"", "/a", "", ""},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			body := []byte(`<rss version="2.0"><channel><title>T</title><link>` + tt.channelLink + `</link>` +
				`<item><title>x</title><link>` + tt.itemLink + `</link></item></channel></rss>`)
			res := mustFeed(t, body, Source{FeedID: "l", URL: tt.srcURL})
			if got := res.Articles[0].URL; got != tt.want {
				t.Errorf("URL = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestFeedLanguage(t *testing.T) {
	t.Parallel()
	tests := map[string]struct{ feed, src, want string }{
		"region dropped":   {"en-US", "", "en"},
		"underscore":       {"pt_BR", "", "pt"},
		"upper case":       {" DE ", "", "de"},
		"source overrides": {"en-US", "uk", "uk"},
		"none":             {"", "", ""},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			body := []byte(`<rss version="2.0"><channel><title>T</title><language>` + tt.feed + `</language>` +
				`<item><title>x</title></item></channel></rss>`)
			res := mustFeed(t, body, Source{FeedID: "l", Language: tt.src})
			if got := res.Articles[0].Language; got != tt.want {
				t.Errorf("language = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestTruncate(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		s    string
		n    int
		want string
	}{
		"short":     {"abc", 5, "abc"},
		"exact":     {"abcde", 5, "abcde"},
		"cut":       {"abcdef", 5, "abcd…"},
		"runes":     {"ÄÖÜäöüß", 4, "ÄÖÜ…"},
		"space cut": {"ab  cdef", 4, "ab…"},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			if got := truncate(tt.s, tt.n); got != tt.want {
				t.Errorf("truncate(%q, %d) = %q, want %q", tt.s, tt.n, got, tt.want)
			}
		})
	}
}

func FuzzFeed(f *testing.F) {
	for _, name := range []string{"rss.xml", "atom.xml", "feed.json", "default-xmlns.xml", "latin1.xml", "cp1251.xml", "stray-byte.xml", "malformed.xml"} {
		f.Add(readFixture(f, name))
	}
	f.Add(rss(`<item><title>a</title><guid>1</guid></item><item><title>b</title><guid>1</guid></item>`))
	f.Add(rss("<item><description>&lt;script&gt;x&lt;/script&gt;\u0085</description></item>"))
	f.Add([]byte(`{"version":"https://jsonfeed.org/version/1","items":[{"id":"1","title":"\u0000\ud800"}]}`))
	f.Add([]byte("<?xml version=\"1.0\" encoding=\"koi8-r\"?><rss><channel><item><title>\xf0\xd2</title></item></channel></rss>"))
	f.Fuzz(func(t *testing.T, body []byte) {
		src := Source{FeedID: "fz", Outlet: "Fuzz", URL: "https://example.com/feed"}
		res, err := Feed(body, src, now)
		if err != nil {
			if res != nil {
				t.Errorf("Feed returned both a result and %v", err)
			}
			return
		}
		if !utf8.ValidString(res.Title) {
			t.Errorf("feed title is not valid UTF-8: %q", res.Title)
		}
		checkArticles(t, res.Articles, src)
	})
}

func TestTitleOf(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("word ", 40)
	tests := map[string]struct{ text, want string }{
		"headline line": {"Rutte: Ukraine must be in the best position\nNATO's chief said on Thursday…", "Rutte: Ukraine must be in the best position"},
		"leading space": {"  Einigung in Österreich\nWien", "Einigung in Österreich"},
		"one long line": {long, strings.TrimSpace(long[:159]) + "…"},
		"empty":         {"", ""},
	}
	for name, tt := range tests {
		if got := TitleOf(tt.text); got != tt.want {
			t.Errorf("%s: TitleOf(%q) = %q, want %q", name, tt.text, got, tt.want)
		}
	}
}
