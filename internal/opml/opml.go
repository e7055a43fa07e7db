// Package opml reads and writes feed lists in OPML 1.0/2.0, the format
// feed readers (Feedly, Inoreader, NetNewsWire, Miniflux, Thunderbird, ...)
// use to exchange subscriptions.
//
// Parse accepts what those readers export: feed outlines carry xmlUrl
// (attribute names are matched case-insensitively; url is accepted too),
// text or title, htmlUrl and language; outlines without a feed URL are
// categories, and the categories enclosing a feed become its tags.
//
// Write produces OPML 2.0 that any reader imports, and keeps what only
// newsdigest knows in attributes of its own namespace (nd:name,
// nd:interval, nd:tags, and nd:outlet when text alone cannot carry it), so
// that Parse(Write(feeds)) returns the feeds exactly.
package opml // import "github.com/newsdigest/newsdigest/internal/opml"

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
	"unicode"
)

// Namespace is the XML namespace of newsdigest's own outline attributes.
const Namespace = "https://github.com/newsdigest/newsdigest/opml"

// Limits on what Parse reads.
const (
	MaxSize  = 10 << 20 // bytes of input
	MaxDepth = 64       // nesting of XML elements
)

// Outline is one feed of a feed list.
type Outline struct {
	Name     string   // nd:name: the newsdigest feed name; empty from other readers
	Outlet   string   // publisher shown to readers: nd:outlet, else text, else title
	URL      string   // xmlUrl: the feed itself
	HTMLURL  string   // htmlUrl: the site
	Language string   // language
	Interval string   // nd:interval, as written ("1h", "90m")
	Tags     []string // nd:tags, else the enclosing categories
}

// URLKey is the identity of a feed URL for de-duplication: surrounding
// space is ignored, and for http(s) URLs so are the scheme (http and https
// name the same feed) and the case of the host. Anything else, local paths
// included, is compared as written.
func URLKey(u string) string {
	u = strings.TrimSpace(u)
	i := strings.Index(u, "://")
	if i < 0 {
		return u
	}
	switch strings.ToLower(u[:i]) {
	case "http", "https":
	default:
		return u
	}
	rest := u[i+3:]
	end := strings.IndexAny(rest, "/?#")
	if end < 0 {
		end = len(rest)
	}
	return "//" + strings.ToLower(rest[:end]) + rest[end:]
}

// CheckFeedURL tells whether u, an outline's feed URL as Parse returns it,
// can be imported as a feed, and if not why. An OPML file lists remote
// feeds, so only http and https URLs with a host qualify: not ftp:,
// mailto: or javascript: links, nor local paths (which would resolve
// against the wrong directory).
func CheckFeedURL(u string) error {
	if strings.TrimSpace(u) == "" {
		return errors.New("no URL")
	}
	p, err := url.Parse(u)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return fmt.Errorf("not a valid URL: %v", err)
	}
	switch scheme := strings.ToLower(p.Scheme); scheme {
	case "http", "https":
	case "":
		return errors.New("no scheme: not an http:// or https:// URL")
	default:
		return fmt.Errorf("scheme %q is not http or https", scheme)
	}
	if p.Opaque != "" || p.Hostname() == "" {
		return errors.New("no host")
	}
	return nil
}

// normalizeURL trims u and resolves the feed: pseudo-scheme some readers
// export ("feed://host/x" is http, "feed:https://host/x" is https).
func normalizeURL(u string) string {
	u = strings.TrimSpace(u)
	for range 4 {
		lower := strings.ToLower(u)
		switch {
		case strings.HasPrefix(lower, "feed://"):
			u = "http://" + u[len("feed://"):]
		case strings.HasPrefix(lower, "feed:"):
			u = strings.TrimSpace(u[len("feed:"):])
		default:
			return u
		}
	}
	return u
}

// clean collapses runs of white space to one space and trims the ends:
// how outline text is read.
func clean(s string) string { return strings.Join(strings.Fields(s), " ") }

// categoryTag turns a category name into a tag: lower-case letters and
// digits, other runs as one hyphen ("World News" is world-news).
func categoryTag(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
			continue
		}
		dash = true
	}
	return b.String()
}

// joinTags writes tags as nd:tags: comma-separated, with "%" and ","
// inside a tag escaped as %25 and %2C so any tag survives.
func joinTags(tags []string) string {
	esc := make([]string, len(tags))
	for i, t := range tags {
		esc[i] = strings.NewReplacer("%", "%25", ",", "%2C").Replace(t)
	}
	return strings.Join(esc, ",")
}

// splitTags reads nd:tags.
func splitTags(s string) []string {
	parts := strings.Split(s, ",")
	for i, p := range parts {
		parts[i] = unescapeTag(p)
	}
	return parts
}

func unescapeTag(s string) string {
	if !strings.Contains(s, "%") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) {
			switch strings.ToUpper(s[i+1 : i+3]) {
			case "25":
				b.WriteByte('%')
				i += 2
				continue
			case "2C":
				b.WriteByte(',')
				i += 2
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}
