package opml

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// Errors Parse returns, possibly wrapped with detail; test with errors.Is.
var (
	ErrNotOPML   = errors.New("opml: not an OPML document")
	ErrMalformed = errors.New("opml: malformed XML")
	ErrNoFeeds   = errors.New("opml: no feed outlines (xmlUrl) found")
	ErrTooLarge  = fmt.Errorf("opml: input larger than %d MiB", MaxSize>>20)
	ErrTooDeep   = fmt.Errorf("opml: elements nested deeper than %d levels", MaxDepth)
)

// Parse reads an OPML feed list and returns its feeds in document order,
// each URL once: a feed listed again (in another category, say) adds its
// tags to the first listing and fills fields the first left empty.
//
// Outlines marked isComment="true" are skipped with everything under them.
// Tags come from nd:tags when present, else from the enclosing category
// outlines and the OPML 2.0 category attribute, as lower-case words joined
// by hyphens ("World News" is world-news).
func Parse(r io.Reader) ([]Outline, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxSize+1))
	if err != nil {
		return nil, fmt.Errorf("opml: read: %w", err)
	}
	if len(data) > MaxSize {
		return nil, ErrTooLarge
	}
	data = toUTF8(data)

	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = true
	d.Entity = xml.HTMLEntity // &nbsp; and friends appear in hand-made files
	d.CharsetReader = charsetReader

	p := parser{index: map[string]int{}}
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			if !p.rootSeen {
				return nil, notOPML(data, "no root element")
			}
			break
		}
		if err != nil {
			var se *xml.SyntaxError
			if errors.As(err, &se) {
				if !p.rootSeen && looksLikeHTML(data) {
					return nil, fmt.Errorf("%w: it looks like an HTML page", ErrNotOPML)
				}
				return nil, fmt.Errorf("%w: line %d: %s", ErrMalformed, se.Line, se.Msg)
			}
			return nil, fmt.Errorf("opml: %w", err)
		}
		done, err := p.token(tok)
		if err != nil {
			return nil, err
		}
		if done {
			break // whatever follows the root element is not ours to judge
		}
	}
	if len(p.feeds) == 0 {
		return nil, ErrNoFeeds
	}
	return p.feeds, nil
}

type parser struct {
	rootSeen bool
	stack    []frame
	feeds    []Outline
	index    map[string]int // URLKey → position in feeds
}

// frame is one open element.
type frame struct {
	category  string // tag this element gives the feeds inside it
	commented bool
}

// token handles one XML token; done is true once the root element closes.
func (p *parser) token(tok xml.Token) (done bool, err error) {
	switch t := tok.(type) {
	case xml.StartElement:
		if len(p.stack) >= MaxDepth {
			return false, ErrTooDeep
		}
		if !p.rootSeen {
			p.rootSeen = true
			if !strings.EqualFold(t.Name.Local, "opml") {
				return false, fmt.Errorf("%w: the root element is <%s>, not <opml>", ErrNotOPML, t.Name.Local)
			}
			p.stack = append(p.stack, frame{})
			return false, nil
		}
		parent := p.stack[len(p.stack)-1]
		f := frame{commented: parent.commented}
		if strings.EqualFold(t.Name.Local, "outline") && !f.commented {
			a := readAttrs(t.Attr)
			if strings.EqualFold(strings.TrimSpace(a["iscomment"]), "true") {
				f.commented = true
			} else if u := a.feedURL(); u != "" {
				p.add(a.outline(u, p.categories()))
			} else {
				f.category = categoryTag(a.text())
			}
		}
		p.stack = append(p.stack, f)
	case xml.EndElement:
		if len(p.stack) > 0 {
			p.stack = p.stack[:len(p.stack)-1]
		}
		return p.rootSeen && len(p.stack) == 0, nil
	}
	return false, nil
}

// categories lists the tags of the open category outlines, outermost first.
func (p *parser) categories() []string {
	var tags []string
	for _, f := range p.stack {
		if f.category != "" {
			tags = appendNew(tags, f.category)
		}
	}
	return tags
}

func (p *parser) add(o Outline) {
	key := URLKey(o.URL)
	i, dup := p.index[key]
	if !dup {
		p.index[key] = len(p.feeds)
		p.feeds = append(p.feeds, o)
		return
	}
	first := &p.feeds[i]
	for _, t := range o.Tags {
		first.Tags = appendNew(first.Tags, t)
	}
	fill := func(dst *string, src string) {
		if *dst == "" {
			*dst = src
		}
	}
	fill(&first.Name, o.Name)
	fill(&first.Outlet, o.Outlet)
	fill(&first.HTMLURL, o.HTMLURL)
	fill(&first.Language, o.Language)
	fill(&first.Interval, o.Interval)
}

func appendNew(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}

// attrs holds an outline's attributes: plain ones by lower-cased name,
// newsdigest's as "nd:" + lower-cased name.
type attrs map[string]string

func readAttrs(list []xml.Attr) attrs {
	a := attrs{}
	for _, at := range list {
		var key string
		switch at.Name.Space {
		case "":
			key = strings.ToLower(at.Name.Local)
		case Namespace, "nd": // "nd" when the prefix was never declared
			key = "nd:" + strings.ToLower(at.Name.Local)
		default:
			continue
		}
		if old, ok := a[key]; ok && old != "" && at.Value == "" {
			continue // xmlUrl="x" xmlurl="": keep the one that says something
		}
		a[key] = at.Value
	}
	return a
}

// feedURL is the outline's feed: xmlUrl, else url (unless the outline is a
// link to a web page or another OPML file).
func (a attrs) feedURL() string {
	if u := normalizeURL(a["xmlurl"]); u != "" {
		return u
	}
	switch strings.ToLower(strings.TrimSpace(a["type"])) {
	case "link", "include":
		return ""
	}
	return normalizeURL(a["url"])
}

// text is what an outline is called.
func (a attrs) text() string {
	if t := clean(a["text"]); t != "" {
		return t
	}
	return clean(a["title"])
}

func (a attrs) outline(u string, categories []string) Outline {
	o := Outline{
		Name:     a["nd:name"],
		Outlet:   a.text(),
		URL:      u,
		HTMLURL:  strings.TrimSpace(a["htmlurl"]),
		Language: strings.TrimSpace(a["language"]),
		Interval: a["nd:interval"],
	}
	if v, ok := a["nd:outlet"]; ok {
		o.Outlet = v
	}
	if v, ok := a["nd:tags"]; ok {
		o.Tags = splitTags(v)
		return o
	}
	o.Tags = categories
	// OPML 2.0: category="/Tech/Gadgets,/News" lists slash-delimited paths.
	for _, path := range strings.Split(a["category"], ",") {
		for _, c := range strings.Split(path, "/") {
			if t := categoryTag(c); t != "" {
				o.Tags = appendNew(o.Tags, t)
			}
		}
	}
	return o
}

func notOPML(data []byte, why string) error {
	if looksLikeHTML(data) {
		return fmt.Errorf("%w: it looks like an HTML page", ErrNotOPML)
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return fmt.Errorf("%w: the input is empty", ErrNotOPML)
	}
	return fmt.Errorf("%w: %s", ErrNotOPML, why)
}

func looksLikeHTML(data []byte) bool {
	head := bytes.ToLower(data[:min(len(data), 1024)])
	return bytes.Contains(head, []byte("<!doctype html")) || bytes.Contains(head, []byte("<html"))
}

// toUTF8 drops a UTF-8 byte order mark and converts UTF-16 (which has
// one) to UTF-8; the XML declaration's encoding then means nothing more.
func toUTF8(data []byte) []byte {
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		return data[3:]
	case bytes.HasPrefix(data, []byte{0xFE, 0xFF}), bytes.HasPrefix(data, []byte{0xFF, 0xFE}):
		big := data[0] == 0xFE
		data = data[2:]
		units := make([]uint16, len(data)/2)
		for i := range units {
			if big {
				units[i] = uint16(data[2*i])<<8 | uint16(data[2*i+1])
			} else {
				units[i] = uint16(data[2*i+1])<<8 | uint16(data[2*i])
			}
		}
		out := make([]byte, 0, len(units))
		for _, r := range utf16.Decode(units) {
			out = utf8.AppendRune(out, r)
		}
		return out
	}
	return data
}

// charsetReader decodes the encodings OPML files declare besides UTF-8:
// ISO-8859-1 and Windows-1252, which old readers wrote.
func charsetReader(label string, in io.Reader) (io.Reader, error) {
	var table *[256]rune
	switch strings.ToLower(strings.TrimSpace(label)) {
	case "utf-8", "utf8", "us-ascii", "ascii", "utf-16", "utf-16le", "utf-16be":
		return in, nil // UTF-16 was converted by toUTF8
	case "iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1":
		table = &latin1
	case "windows-1252", "cp1252":
		table = &cp1252
	default:
		return nil, fmt.Errorf("unsupported encoding %q (save the file as UTF-8)", label)
	}
	b, err := io.ReadAll(in)
	if err != nil {
		return nil, err
	}
	out := make([]byte, 0, len(b))
	for _, c := range b {
		out = utf8.AppendRune(out, table[c])
	}
	return bytes.NewReader(out), nil
}

var latin1, cp1252 [256]rune

func init() {
	for i := range latin1 {
		latin1[i] = rune(i)
		cp1252[i] = rune(i)
	}
	// Windows-1252 differs from ISO-8859-1 in 0x80-0x9F.
	for i, r := range []rune("€\uFFFD‚ƒ„…†‡ˆ‰Š‹Œ\uFFFDŽ\uFFFD\uFFFD‘’“”•–—˜™š›œ\uFFFDžŸ") {
		cp1252[0x80+i] = r
	}
}
