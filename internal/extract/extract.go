// Package extract takes the article text out of a news page: the page a
// feed item links to, when the feed itself carries only a teaser.
//
// The extraction is go-trafilatura's (the best open-source extractor on the
// public article-extraction benchmark); this package feeds it a page it can
// always parse, turns its result into the project's plain text, and checks
// the text against what the feed said before anyone trusts it: a page that
// is a paywall, a consent or login wall, or a JavaScript shell, a text that
// does not carry the teaser's substance, or one shorter than the teaser, is
// refused, and the caller keeps the feed's teaser.
package extract // import "github.com/newsdigest/newsdigest/internal/extract"

import (
	"bytes"
	"fmt"
	nurl "net/url"
	"strings"
	"unicode"
	"unicode/utf8"

	trafilatura "github.com/markusmobius/go-trafilatura"
	"golang.org/x/net/html"
	"golang.org/x/net/html/charset"
	"golang.org/x/text/unicode/norm"
)

// Limits that bound the work one page costs, whatever it holds.
const (
	// MaxInput is the most HTML parsed. A larger page first loses its
	// scripts and styles, then whatever still lies beyond MaxInput: the
	// article text of a real page comes well before that.
	MaxInput = 4 << 20
	// MaxDepth is the deepest element nesting kept; deeper elements are
	// dropped (real pages nest a few dozen levels; the extractor recurses).
	// The HTML parser itself refuses a page with over 512 open elements.
	MaxDepth = 256
	// MaxNodes is the most nodes a page may have after parsing; a page
	// with more is refused rather than extracted slowly (the development
	// pages have at most 4,000; 100,000 take about a second).
	MaxNodes = 100_000
)

// Hints are what the feed said about the article; all are optional.
type Hints struct {
	Title  string // the item's title
	Teaser string // the item's text as the feed gave it (plain text)
	// Language is the feed's ISO 639-1 code; it picks the stop words of
	// the teaser check (all known languages when empty or unknown).
	Language string
	// ContentType is the page's HTTP Content-Type, for its charset. Without
	// it the page is read as UTF-8 when it is valid UTF-8, else by its
	// <meta> declaration, else as Windows-1252.
	ContentType string
}

// Result is an extraction and its verdict.
type Result struct {
	// Text is the article as plain text, paragraphs separated by "\n";
	// "" when the text was refused.
	Text string
	// Kept says why the feed's teaser should be kept instead ("paywall",
	// "text does not carry the teaser", …); "" when Text is good.
	Kept string
}

// options are the service's extraction settings, chosen by F1 on the
// development pages (trafilatura, then this package's cleaning, before
// the wall checks): balanced focus 0.9726; recall focus the same; precision
// focus 0.9545; the readability/distiller fallback 0.9653; tables left out
// 0.9710. Comments and deduplication change nothing there; comments are
// left out. The publish date is not searched for: only the text is used,
// and the date search is not even built in (see htmldatestub/).
func options(pageURL string) trafilatura.Options {
	o := trafilatura.Options{
		Focus:           trafilatura.Balanced,
		ExcludeComments: true,
		HtmlDateMode:    trafilatura.Disabled,
	}
	if u, err := nurl.ParseRequestURI(pageURL); err == nil && u.Host != "" {
		o.OriginalURL = u
	}
	return o
}

// Article extracts the article text of an HTML page and checks it against
// the feed's hints. It never panics, and its time is bounded by the limits
// above.
func Article(page []byte, pageURL string, h Hints) (res Result) {
	defer func() {
		if p := recover(); p != nil {
			res = Result{Kept: fmt.Sprintf("extractor failed: %v", p)}
		}
	}()
	doc, kept := parse(page, h.ContentType)
	if kept != "" {
		return Result{Kept: kept}
	}
	paras, title := extract(doc, pageURL)
	if len(paras) == 0 {
		if hasAny(fold(visibleText(doc)), jsPhrases) {
			return Result{Kept: "JavaScript-only page"}
		}
		return Result{Kept: "no article text found"}
	}
	if kind := wall(paras, doc, page[:min(len(page), MaxInput)]); kind != "" {
		return Result{Kept: kind}
	}
	paras, words := clean(paras, title, h.Title)
	if kept := check(words, h); kept != "" {
		return Result{Kept: kept}
	}
	return Result{Text: strings.Join(paras, "\n")}
}

// extract returns the paragraphs trafilatura finds in the page and the
// page's title.
func extract(doc *html.Node, pageURL string) (paras []string, title string) {
	r, err := trafilatura.ExtractDocument(doc, options(pageURL))
	if err != nil || r == nil || r.ContentNode == nil {
		return nil, ""
	}
	return paragraphs(r.ContentNode), r.Metadata.Title
}

// parse decodes the page to UTF-8 (NFC) and parses it within the limits.
func parse(page []byte, contentType string) (*html.Node, string) {
	if len(bytes.TrimSpace(page)) == 0 {
		return nil, "empty page"
	}
	if len(page) > MaxInput {
		page = shrink(page)
	}
	page = toUTF8(page, contentType)
	if !norm.NFC.IsNormal(page) {
		page = norm.NFC.Bytes(page)
	}
	doc, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		return nil, "unreadable page: " + err.Error()
	}
	if n := prune(doc, 0, 0); n > MaxNodes {
		return nil, fmt.Sprintf("page too large: over %d nodes", MaxNodes)
	}
	return doc, ""
}

// toUTF8 decodes the page by its charset: the Content-Type's, else UTF-8
// when the bytes are valid UTF-8 (a legacy page almost never is), else the
// one its <meta> declares, else Windows-1252.
func toUTF8(page []byte, contentType string) []byte {
	enc, name, certain := charset.DetermineEncoding(page, contentType)
	if !certain && utf8.Valid(page) {
		return page
	}
	if name == "utf-8" || enc == nil {
		return page // the parser replaces invalid bytes with U+FFFD
	}
	out, err := enc.NewDecoder().Bytes(page)
	if err != nil {
		return page
	}
	return out
}

// shrink drops <script> and <style> elements (case-insensitively, without
// parsing) and cuts what is still over MaxInput.
func shrink(page []byte) []byte {
	out := make([]byte, 0, min(len(page), MaxInput))
	lower := bytes.ToLower(page)
	for i := 0; i < len(page) && len(out) < MaxInput; {
		j := bytes.IndexByte(page[i:], '<')
		if j < 0 {
			out = append(out, page[i:]...)
			break
		}
		out = append(out, page[i:i+j]...)
		i += j
		skipped := false
		for _, tag := range []string{"script", "style"} {
			if !bytes.HasPrefix(lower[i+1:], []byte(tag)) {
				continue
			}
			end := bytes.Index(lower[i:], []byte("</"+tag))
			if end < 0 {
				i = len(page)
			} else {
				i += end + 2 + len(tag)
			}
			skipped = true
			break
		}
		if !skipped {
			out = append(out, '<')
			i++
		}
	}
	if len(out) > MaxInput {
		out = out[:MaxInput]
	}
	return out
}

// prune cuts elements nested deeper than MaxDepth and counts the nodes
// left, stopping early past MaxNodes. It recurses at most MaxDepth deep.
func prune(n *html.Node, depth, count int) int {
	for c := n.FirstChild; c != nil; {
		next := c.NextSibling
		if depth >= MaxDepth && c.Type == html.ElementNode {
			n.RemoveChild(c)
		} else {
			count = prune(c, depth+1, count+1)
			if count > MaxNodes {
				return count
			}
		}
		c = next
	}
	return count
}

// blockTags start a paragraph of their own in the text.
var blockTags = map[string]bool{
	"p": true, "div": true, "section": true, "article": true, "main": true, "aside": true,
	"header": true, "footer": true, "nav": true, "figure": true, "figcaption": true,
	"h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true,
	"ul": true, "ol": true, "li": true, "dl": true, "dt": true, "dd": true,
	"blockquote": true, "pre": true, "table": true, "tr": true, "hr": true,
	"address": true, "details": true, "summary": true, "form": true, "fieldset": true,
	"caption": true, "thead": true, "tbody": true, "tfoot": true,
}

// paragraphs renders trafilatura's content tree as plain paragraphs: block
// elements and <br> end a paragraph, table cells are separated by a space,
// and runs of white space collapse. Trafilatura trims the white space
// around inline elements, so their edges count as word breaks (as in its
// own text output), except before closing and after opening punctuation.
func paragraphs(root *html.Node) []string {
	var out []string
	var cur strings.Builder
	gap := false // an inline edge lies between cur and the next text
	flush := func() {
		if p := strings.Join(strings.Fields(cur.String()), " "); p != "" {
			out = append(out, p)
		}
		cur.Reset()
		gap = false
	}
	write := func(t string) {
		t = strings.ReplaceAll(t, "\u00ad", "") // soft hyphens
		if t == "" {
			return
		}
		if gap && cur.Len() > 0 {
			first, _ := utf8.DecodeRuneInString(t)
			last, _ := utf8.DecodeLastRuneInString(cur.String())
			if !unicode.IsSpace(first) && !unicode.IsSpace(last) &&
				!strings.ContainsRune(closing, first) && !strings.ContainsRune(opening, last) {
				cur.WriteByte(' ')
			}
		}
		gap = false
		cur.WriteString(t)
	}
	var walk func(n *html.Node, depth int)
	walk = func(n *html.Node, depth int) {
		switch n.Type {
		case html.TextNode:
			write(n.Data)
			return
		case html.ElementNode, html.DocumentNode:
		default:
			return
		}
		switch n.Data {
		case "br", "hr":
			flush()
			return
		case "script", "style", "noscript", "template", "svg", "button", "select", "textarea":
			return
		}
		block := blockTags[n.Data]
		if block {
			flush()
		} else {
			gap = true
		}
		if n.Data == "td" || n.Data == "th" {
			cur.WriteByte(' ')
		}
		if depth < MaxDepth {
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				walk(c, depth+1)
			}
		}
		if block {
			flush()
		} else {
			gap = true
		}
	}
	walk(root, 0)
	flush()
	return out
}

// Punctuation that takes no space before (closing) or after (opening) it.
const (
	closing = ".,;:!?)]}»”’%…"
	opening = "([{«“‘¿¡"
)

// isWord reports whether r belongs to a word: a letter, a number or "_",
// like Python's \w.
func isWord(r rune) bool { return unicode.IsLetter(r) || unicode.IsNumber(r) || r == '_' }
