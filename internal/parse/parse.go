// Package parse turns a fetched feed body (RSS, Atom, JSON Feed) into
// normalised articles: stable IDs, canonical URLs, plain text, sane dates.
package parse // import "github.com/newsdigest/newsdigest/internal/parse"

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/mmcdole/gofeed"

	"github.com/newsdigest/newsdigest/internal/news"
	"github.com/newsdigest/newsdigest/internal/text"
)

// Limits that keep one bad item from bloating the store.
const (
	maxTitleRunes = 500
	maxTextRunes  = 100_000
	// maxFuture is how far ahead a published date may be before it is
	// treated as wrong: clocks and time zones are sloppy, years are not.
	maxFuture = 24 * time.Hour
)

// ErrNoFeed means the body was not a feed gofeed recognises.
var ErrNoFeed = errors.New("parse: not an RSS, Atom or JSON feed")

// Source describes the feed the body came from.
type Source struct {
	FeedID   string
	Outlet   string
	Language string // used when the feed names none
	URL      string // for resolving relative links
}

// Result is a parsed feed.
type Result struct {
	Title    string
	Articles []news.Article
	Skipped  int // items with neither title nor text
}

// Feed parses body and normalises its items. now is the fetch time.
func Feed(body []byte, src Source, now time.Time) (*Result, error) {
	f, err := newParser().Parse(bytes.NewReader(toUTF8(body)))
	if err != nil {
		if errors.Is(err, gofeed.ErrFeedTypeNotDetected) {
			return nil, ErrNoFeed
		}
		return nil, fmt.Errorf("parse: %w", err)
	}
	lang := strings.ToLower(strings.TrimSpace(f.Language))
	if i := strings.IndexAny(lang, "-_"); i > 0 {
		lang = lang[:i]
	}
	if src.Language != "" {
		lang = src.Language // the admin's word beats the feed's
	}
	base := src.URL
	if local := localBase(src.URL); local != "" {
		// A local feed's relative links name files beside it (the offline
		// demo's article pages), whatever site its channel links to.
		base = local
	} else if link := CanonicalURL(f.Link, src.URL); link != "" {
		base = link // the site's link, resolved in case it is relative
	}
	res := &Result{Title: Line(f.Title)}
	// A repeated GUID is a publisher bug; the link tells the items apart.
	// Every item sharing it gets the longer ID, not just the second one:
	// otherwise a new item on top would inherit the ID of the old one.
	guids := map[string]int{}
	for _, it := range f.Items {
		guids[strings.TrimSpace(it.GUID)]++
	}
	seen := map[string]bool{}
	now = now.UTC()
	for _, it := range f.Items {
		a, ok := item(it, src, lang, base, now)
		if !ok {
			res.Skipped++
			continue
		}
		if guid := strings.TrimSpace(it.GUID); guid != "" && guids[guid] > 1 {
			a.ID = hashID(src.FeedID, "guid+url", guid, a.URL, a.Title)
		}
		if seen[a.ID] {
			continue // the same item twice
		}
		seen[a.ID] = true
		res.Articles = append(res.Articles, a)
	}
	if lang == "" {
		detectLanguage(res.Articles)
	}
	return res, nil
}

// detectLanguage gives the articles of a feed that names no language (nor
// does its config) the language their words are in. It is detected once
// for the feed, from the start of its first items: a feed keeps to one
// language, and detecting item by item would cost a feed of thousands of
// items hundreds of megabytes.
func detectLanguage(articles []news.Article) {
	var sample strings.Builder
	for _, a := range articles {
		if sample.Len() > 2000 {
			break
		}
		sample.WriteString(a.Title)
		sample.WriteString(". ")
		body := a.Text
		if len(body) > 300 {
			body = body[:300]
		}
		sample.WriteString(body)
		sample.WriteString("\n")
	}
	lang := text.Detect(sample.String(), text.Languages...)
	for i := range articles {
		articles[i].Language = lang
	}
}

func newParser() *gofeed.Parser {
	p := gofeed.NewParser()
	p.RSSTranslator = &gofeed.DefaultRSSTranslator{DisableContentImageScan: true}
	return p
}

func item(it *gofeed.Item, src Source, lang, base string, now time.Time) (news.Article, bool) {
	link := it.Link
	if link == "" && len(it.Links) > 0 {
		link = it.Links[0]
	}
	a := news.Article{
		FeedID:   src.FeedID,
		Outlet:   src.Outlet,
		Language: lang,
		URL:      itemURL(link, base),
		Title:    truncate(Line(it.Title), maxTitleRunes),
		Fetched:  now,
	}
	content, desc := Text(it.Content), Text(it.Description)
	a.Text = content
	if utf8.RuneCountInString(desc) > utf8.RuneCountInString(content) {
		a.Text = desc
	}
	a.Text = truncate(a.Text, maxTextRunes)
	if a.Title == "" {
		a.Title = TitleOf(a.Text)
	}
	if a.Title == "" && a.Text == "" {
		return a, false
	}

	a.Published = published(it, now)
	switch guid := strings.TrimSpace(it.GUID); {
	case guid != "":
		a.ID = hashID(src.FeedID, "guid", guid)
	case a.URL != "":
		a.ID = hashID("url", a.URL)
	default:
		a.ID = hashID(src.FeedID, "content", a.Title, a.Text)
	}
	return a, true
}

func published(it *gofeed.Item, now time.Time) time.Time {
	t := it.PublishedParsed
	if t == nil {
		t = it.UpdatedParsed
	}
	// A date at or before the Unix epoch is no news date either: the epoch
	// itself is what broken feeds print for "no date", and the SQLite store
	// keeps times as Unix nanoseconds, where 0 reads back as no time at all
	// and a year like 1000 overflows into the future (it came back as 2169,
	// past the maxFuture check). Such items get the fetch time, as undated
	// ones do.
	if t == nil || !t.After(unixEpoch) || t.After(now.Add(maxFuture)) {
		return now
	}
	return t.UTC()
}

var unixEpoch = time.Unix(0, 0)

// hashID makes a short, stable ID from its parts. GUIDs are scoped to the
// feed because many publishers number items from 1.
func hashID(parts ...string) string {
	h := sha256.New()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil)[:8])
}

// TitleOf is the title of an item that has none: the first line of its
// text, cut to 160 characters. News sites that leave the title out start
// with the headline.
func TitleOf(text string) string {
	line, _, _ := strings.Cut(text, "\n")
	return truncate(strings.TrimSpace(line), 160)
}

func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return strings.TrimSpace(string(r[:n-1])) + "…"
}
