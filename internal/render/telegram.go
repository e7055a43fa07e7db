package render

import (
	"html"
	"strings"
	"unicode/utf16"

	"github.com/newsdigest/newsdigest/internal/i18n"
	"github.com/newsdigest/newsdigest/internal/news"
)

// MaxMessage is Telegram's limit on a message, in UTF-16 code units of the
// text after entity parsing; counting the HTML source is stricter and safe.
const MaxMessage = 4096

// HTML renders d as Telegram HTML messages, each within MaxMessage, with
// English labels. Stories are never split across messages unless one alone
// is too long, in which case its lines are cut; every message has balanced
// tags. All feed text is escaped.
func HTML(d news.Digest) []string {
	var out []string
	for _, m := range HTMLMessages(d, i18n.English) {
		out = append(out, m.Text)
	}
	return out
}

// Message is one Telegram message of a digest and the stories on it (for
// their "more" buttons).
type Message struct {
	Text    string
	Stories []string // story IDs, in order
}

// HTMLMessages is HTML with the stories each message carries, its labels
// (not the stories) in lang.
func HTMLMessages(d news.Digest, lang string) []Message {
	header := "<b>" + esc(truncateUTF16(d.Title, 256)) + "</b>"
	if len(d.Stories) == 0 {
		return []Message{{Text: header + "\n" + esc(i18n.T(lang, i18n.NothingNew))}}
	}
	var msgs []Message
	cur := Message{Text: header}
	for _, s := range d.Stories {
		card := fit(cardLines(lang, s, maxCardQuotes), MaxMessage)
		if utf16Len(cur.Text)+2+utf16Len(card) > MaxMessage {
			msgs = append(msgs, cur)
			cur = Message{Text: card, Stories: []string{s.ID}}
			continue
		}
		cur.Text += "\n\n" + card
		cur.Stories = append(cur.Stories, s.ID)
	}
	return append(msgs, cur)
}

// StoryHTML renders one story in full — every quote, every outlet with its
// link, every event — as one or more messages, its labels in lang.
func StoryHTML(s news.Story, lang string) []string {
	return pack(cardLines(lang, s, len(s.Quotes)))
}

// pack joins balanced HTML lines into as few messages as fit.
func pack(lines []string) []string {
	var msgs []string
	cur := ""
	for _, l := range lines {
		l = fit([]string{l}, MaxMessage)
		if cur != "" && utf16Len(cur)+1+utf16Len(l) > MaxMessage {
			msgs = append(msgs, cur)
			cur = ""
		}
		if cur != "" {
			cur += "\n"
		}
		cur += l
	}
	return append(msgs, cur)
}

// cardLines renders a story card as lines, each one balanced HTML, most
// important first so that fit can drop from the end. It shows up to
// maxQuotes attributed quotes, and labels in lang.
func cardLines(lang string, s news.Story, maxQuotes int) []string {
	lines := []string{"<b>" + esc(s.Headline) + "</b>"}
	if s.Summary != "" {
		lines = append(lines, esc(s.Summary))
	}
	for _, q := range cardQuotes(lang, s, maxQuotes) {
		text := excerpt(q)
		if maxQuotes > maxCardQuotes {
			text = q.Text // the full story shows quotes whole
		}
		lines = append(lines, "<blockquote>"+esc(i18n.T(lang, i18n.Quoted, text))+" — <i>"+esc(attribution(lang, q))+"</i></blockquote>")
	}
	for _, e := range earlier(s) {
		lines = append(lines, "<i>"+esc(i18n.T(lang, i18n.Earlier, i18n.ShortDate(lang, e.Last)))+"</i> "+esc(e.Articles[e.Lead].Title))
	}
	var links []string
	for _, a := range latestLinks(s) {
		links = append(links, `<a href="`+esc(a.URL)+`">`+esc(a.Outlet)+`</a>`+esc(alsoBy(lang, a)))
	}
	outlets := esc(i18n.N(lang, i18n.Outlets, len(s.Outlets())))
	if len(links) > 0 {
		outlets += ": " + strings.Join(links, ", ")
	}
	return append(lines, outlets)
}

// fit joins lines, dropping whole lines from the end (keeping the last,
// the sources) and then shortening plain text, until the card fits.
func fit(lines []string, limit int) string {
	for len(lines) > 2 && utf16Len(strings.Join(lines, "\n")) > limit {
		lines = append(lines[:len(lines)-2], lines[len(lines)-1])
	}
	card := strings.Join(lines, "\n")
	if utf16Len(card) <= limit {
		return card
	}
	// One line is still too long: fall back to the headline, cut to size.
	return bold(html.UnescapeString(stripTags(lines[0])), limit)
}

// bold renders s as a bold line of at most limit UTF-16 units.
func bold(s string, limit int) string {
	return "<b>" + esc(truncateUTF16(s, limit-len("<b></b>"))) + "</b>"
}

// esc escapes feed text for Telegram HTML. Invalid UTF-8, which Telegram
// rejects along with the whole message, is replaced.
func esc(s string) string { return html.EscapeString(strings.ToValidUTF8(s, "\uFFFD")) }

func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}

// truncateUTF16 cuts s to at most max UTF-16 units, escaped length
// allowing, ending in an ellipsis.
func truncateUTF16(s string, max int) string {
	n := 0
	for i, r := range s {
		l := utf16.RuneLen(r)
		if r == '&' || r == '<' || r == '>' || r == '"' || r == '\'' {
			l = 6 // worst-case escaped length
		}
		if n+l > max-1 {
			return s[:i] + "…"
		}
		n += l
	}
	return s
}

func stripTags(s string) string {
	var b strings.Builder
	in := false
	for _, r := range s {
		switch {
		case r == '<':
			in = true
		case r == '>':
			in = false
		case !in:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// PlainHTML escapes plain text for Telegram HTML, split into messages on
// line boundaries within MaxMessage.
func PlainHTML(text string) []string {
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		lines[i] = esc(l)
	}
	return pack(lines)
}
