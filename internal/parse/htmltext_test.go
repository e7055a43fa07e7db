package parse

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestText(t *testing.T) {
	t.Parallel()
	tests := map[string]struct{ in, want string }{
		"empty":               {"", ""},
		"plain text":          {"Just  text.\n\n  Second   line. ", "Just text.\nSecond line."},
		"paragraphs":          {"<p>One.</p><p>Two.</p>", "One.\nTwo."},
		"line breaks":         {"a<br>b<br/>c<br />d", "a\nb\nc\nd"},
		"headings and lists":  {"<h2>Head</h2><ul><li>one</li><li>two</li></ul>tail", "Head\none\ntwo\ntail"},
		"inline tags join":    {"<p>Mark <b>Rutte</b> <a href='x'>said</a><i>.</i></p>", "Mark Rutte said."},
		"nested blocks":       {"<div><div><p>deep</p></div></div>", "deep"},
		"named entities":      {"Tom &amp; Jerry &lt;3 &quot;q&quot; &eacute;t&eacute;", `Tom & Jerry <3 "q" été`},
		"numeric entities":    {"&#8220;x&#8221; &#x1F600;", "“x” 😀"},
		"entities only":       {"AT&amp;T", "AT&T"},
		"bare ampersand":      {"AT&T & co", "AT&T & co"},
		"unknown entity kept": {"a &bogus; b", "a &bogus; b"},
		"nbsp folded":         {"a&nbsp;&nbsp;b\u00a0c", "a b c"},
		"less-than in text":   {"1 < 2 and 3>2", "1 < 2 and 3>2"},
		"script dropped":      {"<p>a</p><script>var x = '<p>no</p>';</script><p>b</p>", "a\nb"},
		"style dropped":       {"<style>p { color: red }</style>text", "text"},
		"noscript dropped":    {"<noscript><img src=x>Enable JS</noscript>text", "text"},
		"iframe dropped":      {"before<iframe src=x>fallback</iframe>after", "beforeafter"},
		"svg dropped":         {"<svg><text>chart</text></svg>text", "text"},
		"button dropped":      {"<p>Share <button>Tweet</button></p>", "Share"},
		"uppercase tags":      {"<P>One</P><SCRIPT>bad()</SCRIPT><BR>two", "One\ntwo"},
		// "<script/>" is a start tag in HTML: what follows is script.
		"self-closing script":   {`<script src="a.js"/>track();</script><p>Kept</p>`, "Kept"},
		"self-closing style":    {`<style/>p{}</style>Kept`, "Kept"},
		"self-closing iframe":   {`<iframe src="x"/></iframe>Kept`, "Kept"},
		"self-closing svg":      {`<svg/>Kept`, "Kept"},
		"self-closing button":   {`<button/>Kept`, "Kept"},
		"stray end tag":         {"a</script>b</div>c", "ab\nc"},
		"comments":              {"a<!-- hidden -->b", "ab"},
		"unclosed tag":          {"text <b", "text"},
		"control characters":    {"a\x00b\x07c\x1bd\x7fe\u0085f", "abcdef"},
		"tabs and CR":           {"a\tb\r\nc\rd", "a b\nc d"},
		"invisible characters":  {"soft\u00adhyphen zero\u200bwidth\ufeffbom", "softhyphen zerowidthbom"},
		"line separators":       {"a\u2028b\u2029c", "a b c"},
		"invalid UTF-8":         {"caf\xe9 \xff\xfe ok", "caf\uFFFD \uFFFD ok"},
		"invalid UTF-8 in HTML": {"<p>caf\xe9</p>", "caf\uFFFD"},
		"blank lines dropped":   {"<p> </p><p>\n\n</p><p>x</p>", "x"},
		"control char entity":   {"a&#0;b&#7;c", "a\uFFFDbc"},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			if got := Text(tt.in); got != tt.want {
				t.Errorf("Text(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestLine(t *testing.T) {
	t.Parallel()
	tests := map[string]struct{ in, want string }{
		"paragraphs folded": {"<p>One</p><p>Two</p>", "One Two"},
		"whitespace":        {"  a \n\t b  ", "a b"},
		"markup in a title": {"Minsk-3 <b>agreement</b> &amp; more", "Minsk-3 agreement & more"},
		"empty":             {"<p></p>", ""},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			if got := Line(tt.in); got != tt.want {
				t.Errorf("Line(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func FuzzText(f *testing.F) {
	for _, s := range []string{
		"", "plain", "<p>One</p><p>Two</p>", "<script>x</script>y", "<script/>x", "&amp;&lt;&#x1F600;&bogus;",
		"a\x00b\xff", "<svg><p>x</svg>", "<iframe/>", "<p>\u2028\u00a0</p>", "<![CDATA[x]]>", "<",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out := Text(in)
		if !utf8.ValidString(out) {
			t.Fatalf("Text(%q) = %q: invalid UTF-8", in, out)
		}
		if out == "" {
			return
		}
		for _, line := range strings.Split(out, "\n") {
			if line == "" || line != strings.TrimSpace(line) || strings.Contains(line, "  ") {
				t.Fatalf("Text(%q) = %q: line %q is blank or not trimmed", in, out, line)
			}
		}
		for _, r := range out {
			if r != '\n' && (unicode.IsControl(r) || r == '\u00ad' || r == '\u200b' || r == '\ufeff') {
				t.Fatalf("Text(%q) = %q: holds %U", in, out, r)
			}
		}
		if again := Text(out); !strings.ContainsAny(out, "<&") && again != out {
			t.Fatalf("Text is not idempotent on plain text: %q -> %q", out, again)
		}
		if l := Line(in); strings.Contains(l, "\n") {
			t.Fatalf("Line(%q) = %q spans lines", in, l)
		}
	})
}
