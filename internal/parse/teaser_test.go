package parse

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestTeasers(t *testing.T) {
	article := strings.Repeat("NATO Secretary General Mark Rutte told reporters in Brussels that allies agree. ", 25) // 250 words
	brief := strings.Repeat("The central bank held its rate at 13.5%, as expected. ", 9)                              // 90 words
	for name, tc := range map[string]struct {
		texts []string
		want  string
	}{
		"full-text feed":                    {[]string{article, article, brief}, "[false false false]"},
		"teaser feed":                       {[]string{"Rutte says allies agree.", "Prices rose 12.9% in January.", article}, "[true true false]"},
		"teaser feed, brief items too":      {[]string{"Rutte says allies agree.", "Inflation rose.", brief}, "[true true true]"},
		"cut off in a full-text feed":       {[]string{article, article, "The talks, Rutte said, would …"}, "[false false true]"},
		"read more":                         {[]string{article, "Allies met on Thursday. Read more »"}, "[false true]"},
		"Ukrainian read more":               {[]string{article, "Генсек НАТО заявив про переговори. Читати далі"}, "[false true]"},
		"German weiterlesen":                {[]string{article, "Rutte sprach in Brüssel. [Weiterlesen]"}, "[false true]"},
		"bracketed ellipsis":                {[]string{article, "The alliance met in Brussels [...]"}, "[false true]"},
		"headline only":                     {[]string{"", article, article}, "[true false false]"},
		"no items":                          {nil, "[]"},
		"a long text ending in an ellipsis": {[]string{article + " …", article}, "[false false]"},
	} {
		if got := fmt.Sprint(Teasers(tc.texts)); got != tc.want {
			t.Errorf("%s: Teasers = %s, want %s", name, got, tc.want)
		}
	}
}

// TestLocalRelativeLinks: a local feed's relative links name files beside
// it; a remote feed's never become files.
func TestLocalRelativeLinks(t *testing.T) {
	const feed = `<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><link>https://site.example/world/</link>
<item><title>A</title><link>pages/a.html#top</link><guid>a</guid><description>Teaser.</description></item>
<item><title>B</title><link>file:///etc/passwd</link><guid>b</guid><description>Teaser.</description></item>
</channel></rss>`
	for _, tc := range []struct{ src, wantA, wantB string }{
		{"/srv/feeds/t.xml", "file:///srv/feeds/pages/a.html", "file:///etc/passwd"},
		{"feeds/t.xml", "file:///feeds/pages/a.html", "file:///etc/passwd"},
		{"https://site.example/rss.xml", "https://site.example/world/pages/a.html", ""},
	} {
		res, err := Feed([]byte(feed), Source{FeedID: "t", URL: tc.src}, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		if got := res.Articles[0].URL; got != tc.wantA {
			t.Errorf("%s: relative link = %q, want %q", tc.src, got, tc.wantA)
		}
		if got := res.Articles[1].URL; got != tc.wantB {
			t.Errorf("%s: file link = %q, want %q", tc.src, got, tc.wantB)
		}
	}
}
