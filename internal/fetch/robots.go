package fetch

import (
	"bytes"
	"container/list"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
)

// robots.txt, as RFC 9309 and Google's documentation describe it:
//
//   - a 2xx robots.txt is obeyed, its first 500 KiB;
//   - any other 4xx (401 and 403 included), and more redirects than
//     Options.MaxRedirects, mean there is none: everything is allowed;
//   - a 5xx or 429, or a network error, make the site's pages a temporary
//     error (ErrRobotsUnavailable) until robots.txt can be read, or, if an
//     earlier copy was read, that copy stays in force;
//   - the rules of the groups naming our product token (case-insensitive,
//     exactly) apply, else those of "*"; the longest matching rule wins, an
//     Allow on a tie; "*" matches any run of characters and a final "$"
//     the end of the URL.
//
// github.com/temoto/robotstxt was the candidate library, but it matches
// wildcard rules anywhere in the path rather than from its start
// ("Disallow: /p$" blocks /news/p too), it drops the whole file for one
// malformed line such as "Crawl-delay: 1s", and it picks groups by prefix
// ("User-agent: news" would bind "newsdigest"). The matching the RFC asks
// for is short, so it is here, with tests.

const (
	robotsTTL        = 24 * time.Hour // RFC 9309 §2.4: a copy should not be used for longer
	robotsRetry      = time.Minute    // how long a failure to read one is remembered
	robotsMaxBytes   = 500 << 10      // Google reads this much and ignores the rest
	robotsAccept     = "text/plain, */*;q=0.5"
	robotsEntryBytes = 256     // the cost of a cache entry besides its rules, roughly
	robotsRuleBytes  = 40      // and of a rule besides its pattern
	robotsCacheMax   = 1024    // hosts
	robotsCacheBytes = 8 << 20 // rules of all hosts together
)

// robotsRule is one Allow or Disallow line, its pattern normalised.
type robotsRule struct {
	pattern string
	allow   bool
}

// robotsRules is what a robots.txt means for our user agent.
type robotsRules struct {
	rules []robotsRule // nil: everything is allowed

	// fail, when set, is why no page of the site may be fetched for now;
	// temporary and retryAfter go into the page's *Error.
	fail       error
	temporary  bool
	retryAfter time.Duration
}

// size is roughly how much memory r holds.
func (r *robotsRules) size() int {
	n := robotsEntryBytes
	for _, rule := range r.rules {
		n += robotsRuleBytes + len(rule.pattern)
	}
	return n
}

// allows reports whether the rules allow path, normalised by robotsPath.
func (r *robotsRules) allows(path string) bool {
	if path == "/robots.txt" {
		return true // RFC 9309 §2.2.2
	}
	best, allow := -1, true
	for _, rule := range r.rules {
		n := len(rule.pattern)
		if n < best || (n == best && !rule.allow) {
			continue
		}
		if matchRobots(rule.pattern, path) {
			best, allow = n, rule.allow
		}
	}
	return allow
}

// matchRobots reports whether pattern matches path from its start: "*"
// matches any run of characters, and a "$" at the end the end of path.
func matchRobots(pattern, path string) bool {
	anchored := strings.HasSuffix(pattern, "$")
	if anchored {
		pattern = pattern[:len(pattern)-1]
	}
	parts := strings.Split(pattern, "*")
	if !strings.HasPrefix(path, parts[0]) {
		return false
	}
	pos := len(parts[0])
	if len(parts) == 1 {
		return !anchored || pos == len(path)
	}
	last := len(parts) - 1
	for _, p := range parts[1:last] {
		i := strings.Index(path[pos:], p)
		if i < 0 {
			return false
		}
		pos += i + len(p)
	}
	if anchored {
		return len(path)-pos >= len(parts[last]) && strings.HasSuffix(path, parts[last])
	}
	return strings.Contains(path[pos:], parts[last])
}

// parseRobots reads the rules for agent, a product token, from a robots.txt
// body. It is lenient: lines it does not understand are skipped.
func parseRobots(body []byte, agent string) robotsRules {
	body = bytes.TrimPrefix(body, utf8BOM)
	var (
		ours, all     []robotsRule
		foundOurs     bool
		inOurs, inAll bool // the current group names our agent, or "*"
		inRules       bool // the current group has had its user-agent lines
	)
	for len(body) > 0 {
		var line []byte
		if i := bytes.IndexAny(body, "\r\n"); i >= 0 {
			line, body = body[:i], body[i+1:]
		} else {
			line, body = body, nil
		}
		if i := bytes.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		key, value, ok := bytes.Cut(line, []byte(":"))
		if !ok {
			continue
		}
		k := strings.ToLower(strings.TrimSpace(string(key)))
		v := strings.TrimSpace(string(value))
		switch k {
		case "user-agent", "useragent", "user agent":
			if inRules {
				inOurs, inAll, inRules = false, false, false
			}
			switch name := leadingToken(v); {
			case strings.HasPrefix(v, "*"):
				inAll = true
			case agent != "" && strings.EqualFold(name, agent):
				inOurs, foundOurs = true, true
			}
		case "allow", "disallow":
			inRules = true
			f := strings.Fields(v)
			if len(f) == 0 || !(inOurs || inAll) {
				continue // an empty rule allows what is allowed anyway
			}
			pattern := f[0]
			if pattern[0] != '/' && pattern[0] != '*' {
				pattern = "/" + pattern
			}
			r := robotsRule{pattern: normalizeEscapes(pattern), allow: k == "allow"}
			if inOurs {
				ours = append(ours, r)
			}
			if inAll {
				all = append(all, r)
			}
		case "crawl-delay":
			inRules = true // a group member too, if not one we obey
		}
	}
	if foundOurs {
		return robotsRules{rules: ours}
	}
	return robotsRules{rules: all}
}

// productToken is the name robots.txt groups are matched against, taken
// from a User-Agent: "newsdigest" from "newsdigest/1.0 (+https://…)", or
// the bot's own from "Mozilla/5.0 (compatible; Examplebot/2.1; +…)".
func productToken(userAgent string) string {
	token := leadingToken(userAgent)
	if strings.EqualFold(token, "Mozilla") {
		if _, after, ok := strings.Cut(userAgent, "compatible;"); ok {
			if t := leadingToken(strings.TrimSpace(after)); t != "" {
				return t
			}
		}
	}
	return token
}

// leadingToken is the run of letters, "_" and "-" s starts with: the
// characters RFC 9309 allows in a product token.
func leadingToken(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; !('a' <= c|0x20 && c|0x20 <= 'z' || c == '_' || c == '-') {
			return s[:i]
		}
	}
	return s
}

// robotsPath is what the rules are matched against: u's path and query,
// normalised like the patterns.
func robotsPath(u *url.URL) string {
	p := u.EscapedPath()
	if p == "" {
		p = "/"
	}
	if u.RawQuery != "" {
		p += "?" + u.RawQuery
	}
	return normalizeEscapes(p)
}

// normalizeEscapes makes patterns and paths comparable octet by octet, as
// RFC 9309 §2.2.2 asks: bytes outside printable ASCII are percent-encoded,
// escapes of unreserved characters ("%7E") are decoded, other escapes are
// written in upper case.
func normalizeEscapes(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]):
			v := unhex(s[i+1])<<4 | unhex(s[i+2])
			if isUnreserved(v) {
				b.WriteByte(v)
			} else {
				b.WriteByte('%')
				b.WriteByte(hex[v>>4])
				b.WriteByte(hex[v&15])
			}
			i += 2
		case c <= ' ' || c >= 0x7f:
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c|0x20 && c|0x20 <= 'f'
}

func unhex(c byte) byte {
	if c <= '9' {
		return c - '0'
	}
	return c | 0x20 - 'a' + 10
}

func isUnreserved(c byte) bool {
	return 'a' <= c|0x20 && c|0x20 <= 'z' || '0' <= c && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~'
}

// checkRobots returns an *Error for safeURL if robots.txt keeps GetPage
// from u. reqCtx bounds the wait; ctx is the caller's.
func (c *Client) checkRobots(reqCtx, ctx context.Context, safeURL string, u *url.URL) error {
	if c.opts.IgnoreRobots {
		return nil
	}
	r, err := c.robotsFor(reqCtx, u)
	switch {
	case err != nil:
		return c.failure(ctx, safeURL, 0, err)
	case r.fail != nil:
		return &Error{URL: safeURL, Temporary: r.temporary, RetryAfter: r.retryAfter, Err: r.fail}
	case !r.allows(robotsPath(u)):
		return &Error{URL: safeURL, Err: &reason{msg: fmt.Sprintf("robots.txt disallows it to %q", c.agent), err: ErrRobots}}
	}
	return nil
}

// robotsFor returns the rules of u's origin, from the cache or fetched. Of
// concurrent callers one fetches and the others wait; if it gives up, one
// of them takes over. The error is ctx's.
func (c *Client) robotsFor(ctx context.Context, u *url.URL) (*robotsRules, error) {
	key := robotsKey(u)
	for {
		e, fetch := c.robots.get(key)
		if fetch {
			r, ttl, ok := c.fetchRobots(ctx, u, e.stale())
			if !ok {
				c.robots.abandon(e)
				return nil, ctx.Err()
			}
			c.robots.done(e, r, ttl)
			return &e.rules, nil
		}
		select {
		case <-e.ready:
			if !e.abandoned {
				return &e.rules, nil
			}
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
}

// robotsKey names an origin: robots.txt applies to one scheme, host and
// port.
func robotsKey(u *url.URL) string {
	scheme, host := strings.ToLower(u.Scheme), strings.ToLower(u.Host)
	if p := u.Port(); (p == "80" && scheme == "http") || (p == "443" && scheme == "https") {
		host = strings.TrimSuffix(host, ":"+p)
	}
	return scheme + "://" + host
}

// fetchRobots reads u's robots.txt under the client's rules and says what
// it means, and for how long that holds. stale is the last good copy, if
// any, kept in force while robots.txt cannot be read. ok is false if ctx
// ended first: then nothing is known.
func (c *Client) fetchRobots(ctx context.Context, u *url.URL, stale *robotsRules) (r robotsRules, ttl time.Duration, ok bool) {
	robotsURL := &url.URL{Scheme: u.Scheme, Host: u.Host, Path: "/robots.txt"}
	shown := robotsURL.String()
	release, err := c.hosts.acquire(ctx, u.Hostname())
	if err != nil {
		return r, 0, false
	}
	defer release()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, shown, nil)
	if err != nil {
		return robotsRules{fail: withoutURL(err)}, robotsRetry, true
	}
	req.Header.Set("User-Agent", c.opts.UserAgent)
	req.Header.Set("Accept", robotsAccept)

	unavailable := func(why string, retryAfter time.Duration) (robotsRules, time.Duration, bool) {
		ttl := min(max(robotsRetry, retryAfter), maxHint)
		if stale != nil {
			return *stale, ttl, true
		}
		return robotsRules{
			fail:       &reason{msg: "robots.txt unavailable: " + why, err: ErrRobotsUnavailable},
			temporary:  true,
			retryAfter: retryAfter,
		}, ttl, true
	}

	resp, err := c.http.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return r, 0, false
		}
		fe := c.failure(ctx, shown, 0, err)
		switch {
		case errors.Is(fe, ErrTooManyRedirects):
			return robotsRules{}, robotsTTL, true
		case fe.Temporary:
			return unavailable(fe.Err.Error(), 0)
		}
		// A private address, a bad certificate: the page would fail the
		// same way.
		return robotsRules{fail: fe.Err}, robotsRetry, true
	}
	defer func() {
		io.Copy(io.Discard, io.LimitReader(resp.Body, drainLimit))
		resp.Body.Close()
	}()

	switch code := resp.StatusCode; {
	case code >= 200 && code <= 299:
		body, err := readRobots(resp.Body)
		if err != nil {
			if ctx.Err() != nil {
				return r, 0, false
			}
			return unavailable(c.failure(ctx, shown, code, err).Err.Error(), 0)
		}
		return parseRobots(body, c.agent), robotsTTL, true
	case code == http.StatusTooManyRequests || code >= 500:
		se := statusError(shown, resp)
		return unavailable(se.Err.Error(), se.RetryAfter)
	}
	// 4xx, or a 3xx net/http did not follow: there is no robots.txt.
	return robotsRules{}, robotsTTL, true
}

// readRobots reads at most robotsMaxBytes of a robots.txt, decompressed,
// dropping a line cut short.
func readRobots(r io.Reader) ([]byte, error) {
	r, _, err := decompress(r, -1)
	if err != nil {
		return nil, err
	}
	body, err := io.ReadAll(io.LimitReader(r, robotsMaxBytes+1))
	if err != nil {
		return nil, err
	}
	if len(body) > robotsMaxBytes {
		body = body[:robotsMaxBytes]
		if i := bytes.LastIndexAny(body, "\r\n"); i >= 0 {
			body = body[:i+1]
		}
	}
	return body, nil
}

// robotsCache keeps the rules of recently used origins, at most maxEntries
// of them and about maxBytes of rules, evicting the least recently used.
type robotsCache struct {
	maxEntries, maxBytes int
	now                  func() time.Time

	mu      sync.Mutex
	entries map[string]*robotsEntry
	lru     list.List // of *robotsEntry, most recently used first
	bytes   int
}

// robotsEntry is one origin's rules, or a fetch of them under way.
type robotsEntry struct {
	key   string
	ready chan struct{} // closed when rules are set, or the fetch abandoned

	// Set before ready is closed.
	rules     robotsRules
	expires   time.Time
	abandoned bool
	size      int // counted in robotsCache.bytes while in the cache

	prev *robotsEntry // the expired entry this one refreshes, if any
	elem *list.Element
}

// stale returns the rules of the entry this one refreshes, if they were
// read from a robots.txt rather than a failure to read one.
func (e *robotsEntry) stale() *robotsRules {
	if e.prev == nil || e.prev.rules.fail != nil {
		return nil
	}
	return &e.prev.rules
}

func newRobotsCache(maxEntries, maxBytes int, now func() time.Time) *robotsCache {
	return &robotsCache{maxEntries: maxEntries, maxBytes: maxBytes, now: now, entries: make(map[string]*robotsEntry)}
}

// get returns the entry for key: a current one, or one being fetched, or
// else a new one that the caller must fetch and then pass to done or
// abandon (fetch is then true).
func (rc *robotsCache) get(key string) (e *robotsEntry, fetch bool) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	old := rc.entries[key]
	if old != nil {
		select {
		case <-old.ready:
			if rc.now().Before(old.expires) {
				rc.lru.MoveToFront(old.elem)
				return old, false
			}
		default:
			return old, false
		}
		rc.remove(old)
	}
	e = &robotsEntry{key: key, ready: make(chan struct{}), prev: old}
	e.elem = rc.lru.PushFront(e)
	rc.entries[key] = e
	rc.evict()
	return e, true
}

// done sets e's rules and wakes those waiting for them.
func (rc *robotsCache) done(e *robotsEntry, r robotsRules, ttl time.Duration) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	e.rules, e.expires, e.prev = r, rc.now().Add(ttl), nil
	if rc.entries[e.key] == e {
		e.size = r.size()
		rc.bytes += e.size
		rc.evict()
	}
	close(e.ready)
}

// abandon gives up e's fetch; the entry it was to refresh comes back.
func (rc *robotsCache) abandon(e *robotsEntry) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	e.abandoned = true
	if rc.entries[e.key] == e {
		rc.remove(e)
		if p := e.prev; p != nil {
			p.elem = rc.lru.PushBack(p)
			rc.entries[p.key] = p
			rc.bytes += p.size
			rc.evict()
		}
	}
	e.prev = nil
	close(e.ready)
}

func (rc *robotsCache) remove(e *robotsEntry) {
	delete(rc.entries, e.key)
	rc.lru.Remove(e.elem)
	rc.bytes -= e.size
}

// evict drops the least recently used entries while the cache is too big,
// keeping at least the newest.
func (rc *robotsCache) evict() {
	for rc.lru.Len() > 1 && (rc.lru.Len() > rc.maxEntries || rc.bytes > rc.maxBytes) {
		rc.remove(rc.lru.Back().Value.(*robotsEntry))
	}
}
