package parse

import (
	"fmt"
	"net/url"
	"path/filepath"
	"sort"
	"strings"
)

// trackingParams are query parameters that identify a campaign or a click,
// not the page; two URLs that differ only in them are the same article.
var trackingParams = map[string]bool{
	"fbclid": true, "gclid": true, "dclid": true, "msclkid": true, "yclid": true, "igshid": true,
	"mc_cid": true, "mc_eid": true, "_ga": true, "_gl": true, "ref": true, "ref_src": true,
	"cmpid": true, "ocid": true, "icid": true, "ncid": true, "sr_share": true, "smid": true,
	"rss": true, "feed": true, "via": true, "at_medium": true, "at_campaign": true,
}

// CanonicalURL resolves raw against base and removes what does not identify
// the page: fragment, tracking parameters, default port, letter case of
// scheme and host. Query parameters are sorted. It returns "" for anything
// that is not an absolute http(s) URL.
func CanonicalURL(raw, base string) string {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return ""
	}
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	if !u.IsAbs() && base != "" {
		if b, err := url.Parse(base); err == nil {
			u = b.ResolveReference(u)
		}
	}
	u.Scheme = strings.ToLower(u.Scheme)
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return ""
	}
	u.Host = strings.ToLower(u.Host)
	if p := u.Port(); p == "" || (p == "80" && u.Scheme == "http") || (p == "443" && u.Scheme == "https") {
		// Trim rather than take Hostname(), which drops an IPv6 address's brackets.
		u.Host = strings.TrimSuffix(u.Host, ":"+p)
	}
	u.Fragment, u.RawFragment, u.User = "", "", nil
	if u.Path == "" {
		u.Path = "/"
	}
	// The query is filtered pair by pair as written, not through u.Query():
	// that drops pairs it cannot parse (semicolons, stray "%"), which would
	// merge distinct articles, and rewrites "?123" as "?123=".
	var pairs []string
	for _, p := range strings.Split(u.RawQuery, "&") {
		key := queryKey(p)
		if lk := strings.ToLower(key); p == "" || strings.HasPrefix(lk, "utm_") || trackingParams[lk] {
			continue
		}
		pairs = append(pairs, escapeQuery(p))
	}
	sort.SliceStable(pairs, func(i, j int) bool { return queryKey(pairs[i]) < queryKey(pairs[j]) })
	u.RawQuery = strings.Join(pairs, "&")
	u.ForceQuery = false
	return u.String()
}

// queryKey returns the decoded key of one raw query pair.
func queryKey(pair string) string {
	k, _, _ := strings.Cut(pair, "=")
	if d, err := url.QueryUnescape(k); err == nil {
		return d
	}
	return k
}

// escapeQuery percent-encodes the bytes a URL may not hold as they are:
// spaces, controls, quotes and non-ASCII. Delimiters and escapes stay.
func escapeQuery(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if c := s[i]; c <= ' ' || c >= 0x7f || strings.IndexByte("\"<>\\^`{|}", c) >= 0 {
			fmt.Fprintf(&b, "%%%02X", c)
		} else {
			b.WriteByte(c)
		}
	}
	return b.String()
}

// localBase returns the file:// URL of a local feed's path (as the fetcher
// reads it: fetch takes file:///p for p), or "" for a remote feed.
func localBase(feed string) string {
	switch {
	case strings.HasPrefix(feed, "file://"):
		return feed
	case feed == "" || strings.Contains(feed, "://"):
		return ""
	}
	return (&url.URL{Scheme: "file", Path: "/" + strings.TrimPrefix(filepath.ToSlash(feed), "/")}).String()
}

// itemURL is an item's canonical link. A local feed's links may also be
// files beside it; a remote feed's never are (a feed on the web must not
// make the service read local files).
func itemURL(link, base string) string {
	if u := CanonicalURL(link, base); u != "" || !strings.HasPrefix(base, "file://") {
		return u
	}
	l, err := url.Parse(strings.TrimSpace(link))
	if err != nil || link == "" || (l.IsAbs() && l.Scheme != "file") {
		return ""
	}
	b, err := url.Parse(base)
	if err != nil {
		return ""
	}
	u := b.ResolveReference(l)
	u.Fragment, u.RawFragment, u.RawQuery = "", "", ""
	return u.String()
}
