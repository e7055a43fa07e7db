package parse

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// blockTags end a paragraph: their text goes on its own line.
var blockTags = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.Br: true, atom.Li: true, atom.Ul: true, atom.Ol: true,
	atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true,
	atom.Blockquote: true, atom.Pre: true, atom.Tr: true, atom.Table: true, atom.Section: true,
	atom.Article: true, atom.Header: true, atom.Footer: true, atom.Figure: true, atom.Figcaption: true,
	atom.Hr: true, atom.Dd: true, atom.Dt: true, atom.Aside: true,
}

// skipTags hold no readable text.
var skipTags = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Iframe: true,
	atom.Svg: true, atom.Template: true, atom.Object: true, atom.Button: true, atom.Select: true,
}

// rawTextTags are the skipTags whose content the tokenizer reads as raw
// text up to the matching end tag, even when written self-closing.
var rawTextTags = map[atom.Atom]bool{atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Iframe: true}

// Text converts an HTML fragment to plain text: markup removed, entities
// decoded, one paragraph per line, whitespace normalised. Plain text input
// passes through with its line breaks kept.
func Text(s string) string {
	if !strings.ContainsAny(s, "<&") {
		return normalise(s)
	}
	z := html.NewTokenizer(strings.NewReader(s))
	var b strings.Builder
	skip := 0
	for {
		switch tt := z.Next(); tt {
		case html.ErrorToken:
			return normalise(b.String())
		case html.TextToken:
			if skip == 0 {
				b.Write(z.Text())
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			// A self-closing tag opens no element, except for the raw-text
			// ones: after "<script/>" the tokenizer reads script, as browsers do.
			if skipTags[a] && (tt == html.StartTagToken || rawTextTags[a]) {
				skip++
			}
			if blockTags[a] {
				b.WriteByte('\n')
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			if skipTags[a] && skip > 0 {
				skip--
			}
			if blockTags[a] {
				b.WriteByte('\n')
			}
		}
	}
}

// Line is Text folded onto one line, for titles.
func Line(s string) string {
	return strings.Join(strings.Fields(Text(s)), " ")
}

// normalise makes text safe and tidy: valid UTF-8, no control characters,
// spaces collapsed within lines, blank lines dropped.
func normalise(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	s = strings.Map(func(r rune) rune {
		switch {
		case r == '\n':
			return r
		case r == '\r', r == '\t', r == '\u00a0', r == '\u2028', r == '\u2029':
			return ' '
		case r == '\u00ad', r == '\u200b', r == '\ufeff': // soft hyphen, zero-width space, BOM
			return -1
		case unicode.IsControl(r):
			return -1
		}
		return r
	}, s)
	lines := strings.Split(s, "\n")
	out := lines[:0]
	for _, l := range lines {
		if l = strings.Join(strings.Fields(l), " "); l != "" {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}
