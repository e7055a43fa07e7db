package render

import (
	"fmt"
	"html"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/newsdigest/newsdigest/internal/news"
)

// units counts UTF-16 code units the way Telegram does, independently of
// the code under test.
func units(s string) int { return len(utf16.Encode([]rune(s))) }

var (
	tagRe    = regexp.MustCompile(`^<(/?)([a-z][a-z0-9-]*)((?:\s+[a-z-]+(?:="[^"<>]*")?)*)\s*>`)
	attrRe   = regexp.MustCompile(`\s+([a-z-]+)(?:="([^"<>]*)")?`)
	entityRe = regexp.MustCompile(`^&(?:lt|gt|amp|quot|#[0-9]{1,7}|#x[0-9a-fA-F]{1,6});`)
)

// telegramTags are the tags Telegram's HTML parse mode accepts, with the
// attributes each may carry.
var telegramTags = map[string]map[string]bool{
	"b": {}, "strong": {}, "i": {}, "em": {}, "u": {}, "ins": {}, "s": {}, "strike": {}, "del": {},
	"a": {"href": true}, "code": {"class": true}, "pre": {}, "blockquote": {"expandable": true},
	"span": {"class": true}, "tg-spoiler": {}, "tg-emoji": {"emoji-id": true},
}

// checkMessage validates one message against Telegram's rules for HTML
// parse mode and returns its visible text.
func checkMessage(msg string) (string, error) {
	if !utf8.ValidString(msg) {
		return "", fmt.Errorf("not valid UTF-8")
	}
	if n := units(msg); n > MaxMessage {
		return "", fmt.Errorf("%d UTF-16 units, over %d", n, MaxMessage)
	}
	var text strings.Builder
	var stack []string
	for i := 0; i < len(msg); {
		switch msg[i] {
		case '<':
			m := tagRe.FindStringSubmatch(msg[i:])
			if m == nil {
				return "", fmt.Errorf("bad tag at %d: %.40q", i, msg[i:])
			}
			closing, name, attrs := m[1] == "/", m[2], m[3]
			allowed, ok := telegramTags[name]
			if !ok {
				return "", fmt.Errorf("tag <%s> is not allowed", name)
			}
			if closing {
				if attrs != "" {
					return "", fmt.Errorf("closing tag </%s> has attributes", name)
				}
				if len(stack) == 0 || stack[len(stack)-1] != name {
					return "", fmt.Errorf("</%s> closes %v", name, stack)
				}
				stack = stack[:len(stack)-1]
			} else {
				for _, a := range attrRe.FindAllStringSubmatch(attrs, -1) {
					if !allowed[a[1]] {
						return "", fmt.Errorf("<%s> may not have attribute %s", name, a[1])
					}
					if err := checkEntities(a[2]); err != nil {
						return "", fmt.Errorf("<%s %s>: %v", name, a[1], err)
					}
				}
				if name == "a" && !strings.Contains(attrs, "href=") {
					return "", fmt.Errorf("<a> without href")
				}
				stack = append(stack, name)
			}
			i += len(m[0])
		case '&':
			m := entityRe.FindString(msg[i:])
			if m == "" {
				return "", fmt.Errorf("bare & at %d: %.20q", i, msg[i:])
			}
			text.WriteString(html.UnescapeString(m))
			i += len(m)
		case '>':
			return "", fmt.Errorf("bare > at %d", i)
		default:
			r, n := utf8.DecodeRuneInString(msg[i:])
			text.WriteRune(r)
			i += n
		}
	}
	if len(stack) > 0 {
		return "", fmt.Errorf("unclosed %v", stack)
	}
	if strings.TrimSpace(text.String()) == "" {
		return "", fmt.Errorf("message has no text")
	}
	return text.String(), nil
}

func checkEntities(s string) error {
	for i := strings.IndexByte(s, '&'); i >= 0; i = strings.IndexByte(s, '&') {
		s = s[i:]
		m := entityRe.FindString(s)
		if m == "" {
			return fmt.Errorf("bare & in %q", s)
		}
		s = s[len(m):]
	}
	return nil
}

// checkMessages validates every message and returns their visible texts.
func checkMessages(t testing.TB, msgs []string) []string {
	t.Helper()
	if len(msgs) == 0 {
		t.Fatal("no messages")
	}
	var texts []string
	for i, m := range msgs {
		text, err := checkMessage(m)
		if err != nil {
			t.Fatalf("message %d of %d: %v\n%.300s", i+1, len(msgs), err, m)
		}
		texts = append(texts, text)
	}
	return texts
}

func TestCheckMessage(t *testing.T) {
	t.Parallel()
	good := []string{
		"plain", "<b>bold</b>", `<a href="https://e.com/?a=1&amp;b=2">x</a>`, "<blockquote>q <i>w</i></blockquote>",
		"&lt;&gt;&amp;&quot;&#39;&#x1F600;", "<blockquote expandable>x</blockquote>",
	}
	bad := []string{
		"", "  ", "<b>x", "x</b>", "<b><i>x</b></i>", "<script>x</script>", "<p>x</p>", "a & b", "a < b", "a > b",
		"&nbsp;", `<a>x</a>`, `<a href="x" onclick="y">x</a>`, `<a href="a&b">x</a>`, "\xff",
		strings.Repeat("😀", MaxMessage/2+1),
	}
	for _, m := range good {
		if _, err := checkMessage(m); err != nil {
			t.Errorf("checkMessage(%q) = %v, want ok", m, err)
		}
	}
	for _, m := range bad {
		if _, err := checkMessage(m); err == nil {
			t.Errorf("checkMessage(%.40q) = ok, want an error", m)
		}
	}
}

func TestHTML(t *testing.T) {
	t.Parallel()
	want := `<b>News digest, 13 February 2025</b>

<b>Rutte: no promise of NATO membership to Ukraine</b>
NATO&#39;s secretary general said Ukraine was never promised membership as part of a peace deal.
<blockquote>“The outcome has to be durable.” — <i>Mark Rutte, NATO Secretary General (2 outlets)</i></blockquote>
<i>Earlier, 12 Dec 2024:</i> Rutte warns against public talk of peace terms
3 outlets: <a href="https://interfax.example/2">Interfax</a>, <a href="https://pravda.example/2">Pravda</a>`
	msgs := HTML(digest(rutte()))
	checkMessages(t, msgs)
	if len(msgs) != 1 || msgs[0] != want {
		t.Errorf("HTML:\n%q\nwant:\n%q", msgs, want)
	}
	empty := HTML(news.Digest{Title: "Digest <1>"})
	checkMessages(t, empty)
	if len(empty) != 1 || empty[0] != "<b>Digest &lt;1&gt;</b>\nNothing new." {
		t.Errorf("HTML of an empty digest = %q", empty)
	}
}

// TestHTMLLabelsInLanguage checks that a card's labels, not its stories,
// follow the reader's language.
func TestHTMLLabelsInLanguage(t *testing.T) {
	t.Parallel()
	want := `<b>News digest, 13 February 2025</b>

<b>Rutte: no promise of NATO membership to Ukraine</b>
NATO&#39;s secretary general said Ukraine was never promised membership as part of a peace deal.
<blockquote>«The outcome has to be durable.» — <i>Mark Rutte, NATO Secretary General (2 видання) [English]</i></blockquote>
<i>Раніше, 12 груд. 2024:</i> Rutte warns against public talk of peace terms
3 видання: <a href="https://interfax.example/2">Interfax</a>, <a href="https://pravda.example/2">Pravda</a>`
	msgs := HTMLMessages(digest(rutte()), "uk")
	if len(msgs) != 1 || msgs[0].Text != want {
		t.Errorf("HTMLMessages(uk):\n%q\nwant:\n%q", msgs, want)
	}
	if empty := HTMLMessages(news.Digest{Title: "Überblick"}, "de"); len(empty) != 1 || empty[0].Text != "<b>Überblick</b>\nNichts Neues." {
		t.Errorf("HTMLMessages(de) of an empty digest = %q", empty)
	}
	s := rutte()
	s.Events[1].Articles[1].Copies = []news.Copy{{Outlet: "Ukrinform", URL: "https://ukrinform.example/2"}}
	full := strings.Join(StoryHTML(s, "de"), "\n")
	for _, w := range []string{"(2 Medien)", "<i>Zuvor, am 12. Dez. 2024:</i>", "4 Medien: ", "„The outcome has to be durable.“", "(auch veröffentlicht von Ukrinform)"} {
		if !strings.Contains(full, w) {
			t.Errorf("StoryHTML(de) lacks %q:\n%s", w, full)
		}
	}
}

func TestHTMLEscapesFeedText(t *testing.T) {
	t.Parallel()
	nasty := []string{
		`<script>alert("x")</script>`, "Tom & Jerry", `"double" and 'single'`, "</b></blockquote><b>",
		"&amp; already escaped", "<a href=\"javascript:alert(1)\">click</a>", "a > b < c", "&#x3C;",
	}
	for _, s := range nasty {
		st := rutte()
		st.Headline = s
		st.Summary = "Summary " + s
		st.Quotes = []news.Quote{{Text: "Quote " + s, Speaker: "Speaker " + s, Role: "Role " + s}}
		st.Events[0].Articles[0].Title = "Earlier " + s
		st.Events[1].Articles[0].Outlet = "Outlet " + s
		st.Events[1].Articles[0].URL = "https://e.example/?q=" + s
		d := digest(st)
		d.Title = "Digest " + s
		texts := checkMessages(t, HTML(d))
		all := strings.Join(texts, "\n")
		for _, part := range []string{"Digest " + s, s, "Summary " + s, "Quote " + s, "Speaker " + s, "Role " + s, "Earlier " + s, "Outlet " + s} {
			if !strings.Contains(all, part) {
				t.Errorf("feed text %q does not come through as text; got:\n%s", part, all)
			}
		}
	}
}

func TestHTMLRepairsInvalidUTF8(t *testing.T) {
	t.Parallel()
	st := rutte()
	st.Headline = "caf\xe9 \xff"
	st.Summary = "\xc3"
	d := digest(st)
	d.Title = "\xe2\x80"
	checkMessages(t, HTML(d))
}

// manyStories returns n stories whose cards are each about size units long.
func manyStories(n, size int) []news.Story {
	var out []news.Story
	for i := range n {
		s := rutte()
		s.ID = fmt.Sprintf("s%d", i)
		s.Headline = fmt.Sprintf("Story %03d", i)
		s.Summary = strings.Repeat("x", size)
		out = append(out, s)
	}
	return out
}

func TestHTMLSplitsBetweenStories(t *testing.T) {
	t.Parallel()
	d := digest(manyStories(40, 700)...)
	msgs := HTML(d)
	texts := checkMessages(t, msgs)
	if len(msgs) < 2 {
		t.Fatalf("40 stories of 700 characters fit one message?")
	}
	next := 0
	for i, m := range msgs {
		// Every story is whole in one message, in order.
		for strings.Contains(m, fmt.Sprintf("<b>Story %03d</b>", next)) {
			card := m[strings.Index(m, fmt.Sprintf("<b>Story %03d</b>", next)):]
			if !strings.Contains(card, strings.Repeat("x", 700)) || !strings.Contains(card, "3 outlets:") {
				t.Errorf("message %d: story %d is cut:\n%.200s", i, next, card)
			}
			next++
		}
		if i > 0 && !strings.HasPrefix(m, "<b>Story") {
			t.Errorf("message %d does not start with a story: %.40q", i, m)
		}
		if strings.HasSuffix(m, "\n") || strings.HasPrefix(texts[i], "\n") {
			t.Errorf("message %d has stray blank lines", i)
		}
	}
	if next != 40 {
		t.Errorf("found %d stories whole, want 40", next)
	}
	if !strings.HasPrefix(msgs[0], "<b>News digest") {
		t.Errorf("first message does not start with the digest title")
	}
}

// TestHTMLExactLimit packs two stories into one message of exactly
// MaxMessage units, and one unit beyond: the separator is two newlines.
func TestHTMLExactLimit(t *testing.T) {
	t.Parallel()
	mk := func(n int) news.Digest {
		d := digest(manyStories(2, 1)...)
		d.Stories[0].Summary = strings.Repeat("y", n)
		return d
	}
	msgs := HTML(mk(1))
	if len(msgs) != 1 {
		t.Fatalf("two small stories gave %d messages", len(msgs))
	}
	joined := units(msgs[0])
	for _, extra := range []int{-2, -1, 0, 1, 2} {
		t.Run(fmt.Sprint(extra), func(t *testing.T) {
			t.Parallel()
			msgs := HTML(mk(MaxMessage + extra - joined + 1)) // joined length MaxMessage+extra
			checkMessages(t, msgs)
			want := 1
			if extra > 0 {
				want = 2
			}
			if len(msgs) != want {
				t.Errorf("%d units joined: got %d messages, want %d", MaxMessage+extra, len(msgs), want)
			}
		})
	}
}

func TestHTMLHugeStory(t *testing.T) {
	t.Parallel()
	huge := rutte()
	huge.Summary = strings.Repeat("Rutte spoke at length. ", 2000)
	for i := range 50 {
		huge.Quotes = append(huge.Quotes, news.Quote{Text: strings.Repeat("q", 300), Speaker: fmt.Sprint("S", i)})
		huge.Events[1].Articles = append(huge.Events[1].Articles,
			article(fmt.Sprintf("Outlet %d", i), "t", fmt.Sprintf("https://o%d.example/%s", i, strings.Repeat("p", 100)), day2))
	}
	small := rutte()
	small.ID, small.Headline = "s2", "Small story"
	tests := map[string]struct {
		mutate  func(*news.Story)
		keep    []string // visible text that must survive
		stories []news.Story
	}{
		"long summary and quotes": {mutate: func(s *news.Story) {}, keep: []string{huge.Headline}},
		"long headline": {
			mutate: func(s *news.Story) { s.Headline = strings.Repeat("Headline & <more> ", 1000) },
			keep:   []string{"Headline & <more> Headline"},
		},
		"emoji headline": {
			// 3000 runes but 6000 UTF-16 units.
			mutate: func(s *news.Story) { s.Headline = strings.Repeat("😀", 3000) },
			keep:   []string{"😀😀😀"},
		},
		"emoji summary": {
			mutate: func(s *news.Story) { s.Summary = strings.Repeat("🇺🇦", 1500) },
			keep:   []string{huge.Headline},
		},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			s := huge
			s.Quotes = append([]news.Quote(nil), huge.Quotes...)
			tt.mutate(&s)
			texts := checkMessages(t, HTML(digest(small, s, small)))
			all := strings.Join(texts, "\n")
			for _, k := range tt.keep {
				if !strings.Contains(all, k) {
					t.Errorf("lost %q", k)
				}
			}
			if strings.Count(all, "Small story") != 2 {
				t.Errorf("small stories lost")
			}
		})
	}
}

func TestHTMLHugeTitle(t *testing.T) {
	t.Parallel()
	for _, title := range []string{strings.Repeat("T", 5000), strings.Repeat("&", 2000), strings.Repeat("😀", 2100)} {
		d := digest(rutte())
		d.Title = title
		checkMessages(t, HTML(d))
		d.Stories = nil
		checkMessages(t, HTML(d))
	}
}

func TestUTF16Len(t *testing.T) {
	t.Parallel()
	for _, s := range []string{"", "abc", "é", "€", "😀", "🇺🇦", "👩‍👩‍👧", "\xff", "a😀b"} {
		if got, want := utf16Len(s), units(s); got != want {
			t.Errorf("utf16Len(%q) = %d, want %d", s, got, want)
		}
	}
}

func TestTruncateUTF16(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		s    string
		max  int
		want string
	}{
		"fits":             {"abc", 10, "abc"},
		"cut":              {"abcdef", 4, "abc…"},
		"astral counts 2":  {"😀😀😀", 5, "😀😀…"},
		"astral not split": {"a😀", 3, "a…"},
		"escapes reserved": {"a&b", 7, "a…"},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			got := truncateUTF16(tt.s, tt.max)
			if got != tt.want {
				t.Errorf("truncateUTF16(%q, %d) = %q, want %q", tt.s, tt.max, got, tt.want)
			}
			if n := units(esc(got)); n > tt.max {
				t.Errorf("escaped result has %d units, over %d", n, tt.max)
			}
		})
	}
}

func FuzzHTML(f *testing.F) {
	f.Add("Digest", "Headline", "Summary.", "quote", "Speaker", "Outlet", "https://e.example/a", "Earlier title", 1, 1)
	f.Add("<b>", "<script>alert(1)</script>", "a & b", `"q"`, "'s'", "A&B", `https://e/?a="b"&c`, "</i>", 3, 20)
	f.Add(strings.Repeat("😀", 3000), strings.Repeat("x", 5000), strings.Repeat("y ", 3000), "", "", "", "", "", 0, 0)
	f.Add("\xff", "\xe2\x80", "\x00", "\u2028", "\ufeff", "\u202e", "", "", 2, 2)
	f.Fuzz(func(t *testing.T, title, headline, summary, quote, speaker, outlet, url, earlier string, nStories, nArticles int) {
		// Real titles are capped at 500 runes by the parser; a few thousand
		// bytes is plenty to overflow a message and keeps each run fast.
		for _, p := range []*string{&title, &headline, &summary, &quote, &speaker, &outlet, &url, &earlier} {
			if len(*p) > 2000 {
				*p = (*p)[:2000]
			}
		}
		nStories = 1 + abs(nStories)%12
		nArticles = 1 + abs(nArticles)%20
		d := news.Digest{Title: title}
		for i := range nStories {
			var arts []news.Article
			for j := range nArticles {
				arts = append(arts, news.Article{Outlet: fmt.Sprint(outlet, j%7), Title: earlier, URL: url, Published: day2})
			}
			s := news.Story{
				ID:       fmt.Sprint(i),
				Headline: strings.Repeat(headline, 1+i%3),
				Summary:  strings.Repeat(summary, 1+i%5),
				Events: []news.Event{
					{Articles: arts[:1], Last: day1},
					{Articles: arts, Lead: len(arts) - 1, Last: day2},
				},
			}
			for j := 0; j < i%4; j++ {
				s.Quotes = append(s.Quotes, news.Quote{Text: quote, Speaker: speaker, Outlets: []string{outlet}})
			}
			d.Stories = append(d.Stories, s)
		}
		msgs := HTML(d)
		for i, m := range msgs {
			if _, err := checkMessage(m); err != nil {
				t.Fatalf("message %d of %d: %v\n%.300q", i+1, len(msgs), err, m)
			}
		}
		if len(msgs) > nStories+1 {
			t.Errorf("%d stories gave %d messages", nStories, len(msgs))
		}
		// Text and JSON must not panic on the same input either.
		d.Stories = d.Stories[:1]
		_ = Text(d)
		if _, err := JSON(d); err != nil {
			t.Errorf("JSON: %v", err)
		}
	})
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// TestCardQuotesInReadersLanguage: a card takes the quotes quoted in its
// language first, and names the language of any other it shows.
func TestCardQuotesInReadersLanguage(t *testing.T) {
	s := news.Story{ID: "s", Headline: "Rutte", Quotes: []news.Quote{
		{Text: "He is a tough negotiator.", Speaker: "Mark Rutte"},
		{Text: "Він сильний переговірник.", Speaker: "Марк Рютте", Lang: "uk"},
		{Text: "Er ist ein harter Verhandler.", Speaker: "Mark Rutte", Lang: "de"},
	}}
	for _, tc := range []struct{ lang, first, marked string }{
		{"uk", "Він сильний переговірник.", "Mark Rutte [English]"},
		{"en", "He is a tough negotiator.", "Марк Рютте [Українська]"},
		{"de", "Er ist ein harter Verhandler.", "Mark Rutte [English]"},
	} {
		got := cardQuotes(tc.lang, s, 3)
		if got[0].Text != tc.first {
			t.Errorf("%s card: first quote %q, want %q", tc.lang, got[0].Text, tc.first)
		}
		var attribs []string
		for _, q := range got {
			attribs = append(attribs, attribution(tc.lang, q))
		}
		if !slices.Contains(attribs, tc.marked) {
			t.Errorf("%s card: attributions %q, want %q among them", tc.lang, attribs, tc.marked)
		}
	}
}
