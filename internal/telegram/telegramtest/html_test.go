package telegramtest

import (
	"reflect"
	"strings"
	"testing"
)

func TestParseHTML(t *testing.T) {
	tests := map[string]struct {
		in    string
		plain string
		ents  []Entity
		err   string // substring of the error; "" means valid
	}{
		"plain":            {in: "hello", plain: "hello"},
		"bold and italic":  {in: "<b>a</b><i>b</i>", plain: "ab", ents: []Entity{{Type: "bold", Offset: 0, Length: 1}, {Type: "italic", Offset: 1, Length: 1}}},
		"synonyms":         {in: "<strong>a</strong><em>b</em><ins>c</ins><strike>d</strike><del>e</del><s>f</s><u>g</u>", plain: "abcdefg"},
		"upper-case start": {in: "<B>x</b>", plain: "x", ents: []Entity{{Type: "bold", Length: 1}}},
		"link":             {in: `<a href="https://e.com/?a=1&amp;b=2">x</a>`, plain: "x", ents: []Entity{{Type: "text_link", Length: 1, URL: "https://e.com/?a=1&b=2"}}},
		"single quotes":    {in: `<a href='https://e.com'>x</a>`, plain: "x", ents: []Entity{{Type: "text_link", Length: 1, URL: "https://e.com"}}},
		"spoilers":         {in: `<tg-spoiler>a</tg-spoiler><span class="tg-spoiler">b</span>`, plain: "ab", ents: []Entity{{Type: "spoiler", Offset: 0, Length: 1}, {Type: "spoiler", Offset: 1, Length: 1}}},
		"pre code language": {in: `<pre><code class="language-go">x</code></pre>`, plain: "x",
			ents: []Entity{{Type: "pre", Length: 1, Language: "go"}}},
		"expandable quote": {in: `<blockquote expandable>q</blockquote>`, plain: "q", ents: []Entity{{Type: "expandable_blockquote", Length: 1}}},
		"quote":            {in: `<blockquote>q</blockquote>`, plain: "q", ents: []Entity{{Type: "blockquote", Length: 1}}},
		"entities":         {in: "&lt;a&gt; &amp; &quot; &#65;&#x42;", plain: `<a> & " AB`},
		"bare gt is fine":  {in: "a > b", plain: "a > b"},
		"empty end tag":    {in: "<b>x</>", plain: "x", ents: []Entity{{Type: "bold", Length: 1}}},
		"utf16 offsets":    {in: "😀<b>é</b>", plain: "😀é", ents: []Entity{{Type: "bold", Offset: 2, Length: 1}}},
		"nested":           {in: "<b>a<i>b</i></b>", plain: "ab", ents: []Entity{{Type: "bold", Length: 2}, {Type: "italic", Offset: 1, Length: 1}}},
		"empty entity":     {in: "<b></b>x", plain: "x"},

		"unsupported tag":  {in: "a<br>b", err: `Unsupported start tag "br" at byte offset 1`},
		"bare lt":          {in: "1 < 2", err: `Unsupported start tag "" at byte offset 2`},
		"unclosed start":   {in: "<b", err: "Unclosed start tag at byte offset 0"},
		"unbalanced":       {in: "<b>x", err: `Can't find end tag corresponding to start tag "b"`},
		"misnested":        {in: "<b><i>x</b></i>", err: `Unmatched end tag at byte offset 7, expected "</i>", found "</b>"`},
		"stray end":        {in: "x</b>", err: "Unexpected end tag at byte offset 1"},
		"upper-case end":   {in: "<b>x</B>", err: "Unmatched end tag"},
		"span class":       {in: `<span class="x">a</span>`, err: `Tag "span" must have class "tg-spoiler"`},
		"attribute no =":   {in: `<a href>x</a>`, err: "Expected equal sign"},
		"bare ampersand":   {in: "AT&T", err: "Unsupported HTML entity at byte offset 2"},
		"unknown entity":   {in: "a&nbsp;b", err: "Unsupported HTML entity"},
		"missing ;":        {in: "&lt b", err: "Unsupported HTML entity"},
		"zero numeric":     {in: "&#0;", err: "Unsupported HTML entity"},
		"href ampersand":   {in: `<a href="https://e.com/?a=1&b=2">x</a>`, err: "Unsupported HTML entity"},
		"unclosed end tag": {in: "<b>x</b", err: "Unclosed end tag"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			plain, ents, err := parseHTML(tc.in)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("parseHTML(%q) error = %v, want %q", tc.in, err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatalf("parseHTML(%q): %v", tc.in, err)
			}
			if plain != tc.plain {
				t.Errorf("plain = %q, want %q", plain, tc.plain)
			}
			if tc.ents != nil && !reflect.DeepEqual(ents, tc.ents) {
				t.Errorf("entities = %+v, want %+v", ents, tc.ents)
			}
		})
	}
}

func TestCommandEntities(t *testing.T) {
	tests := map[string][]Entity{
		"/start":                     {{Type: "bot_command", Offset: 0, Length: 6}},
		"/start@newsdigest_test_bot": {{Type: "bot_command", Offset: 0, Length: 26}},
		"/topic add Go":              {{Type: "bot_command", Offset: 0, Length: 6}},
		"é /help":                    {{Type: "bot_command", Offset: 2, Length: 5}},
		"a/b":                        nil,
		"/":                          nil,
		"/start/x":                   nil,
		"hello":                      nil,
	}
	for in, want := range tests {
		if got := commandEntities(in); !reflect.DeepEqual(got, want) {
			t.Errorf("commandEntities(%q) = %+v, want %+v", in, got, want)
		}
	}
}

func TestTrimText(t *testing.T) {
	plain, ents := trimText("  \n<x>\n ", []Entity{{Type: "bold", Offset: 0, Length: 6}})
	if plain != "<x>" || !reflect.DeepEqual(ents, []Entity{{Type: "bold", Offset: 0, Length: 3}}) {
		t.Fatalf("trimText = %q %+v", plain, ents)
	}
}
