// Package fetch downloads news feeds politely and defensively. It sends
// conditional GETs with a real User-Agent, limits concurrent requests per
// host, and bounds time and size so that a slow, huge or hostile server
// cannot stall or exhaust the poller. Failures come back as *Error, which
// tells the poller whether to retry soon or to back off.
//
// The same client fetches the article pages that feed items link to
// (GetPage), under the same limits and per-host slots, honouring robots.txt,
// and decodes them to UTF-8.
//
// Local feeds (a path or a file:// URL) go through the same checks. Local
// paths are trusted: pass only paths from the operator's configuration, never
// ones a chat user typed, or set Options.Files to confine them.
package fetch // import "github.com/newsdigest/newsdigest/internal/fetch"

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"time"
)

// Defaults for the zero values in Options.
const (
	defaultTimeout      = 20 * time.Second
	defaultMaxBodyBytes = 10 << 20
	defaultUserAgent    = "newsdigest/1.0 (+https://github.com/newsdigest/newsdigest)"
	defaultMaxRedirects = 5
	defaultPerHost      = 2
	defaultMaxPageBytes = 5 << 20
)

// Validators are the cache validators the store keeps per feed and hands
// back on the next poll, so an unchanged feed costs a 304 and no body.
type Validators struct{ ETag, LastModified string }

// Options configure a Client. Zero values mean the defaults shown.
type Options struct {
	Timeout      time.Duration // whole request incl. redirects and body read; default 20s
	MaxBodyBytes int64         // after decompression; default 10 MiB
	UserAgent    string        // default "newsdigest/1.0 (+https://github.com/newsdigest/newsdigest)"
	MaxRedirects int           // default 5; negative follows none
	PerHost      int           // concurrent requests to one host name, feeds, pages and robots.txt together; default 2
	MaxPageBytes int64         // limit for GetPage, after decompression and before decoding; default 5 MiB

	// IgnoreRobots turns off robots.txt for GetPage. By default a page is
	// fetched only if the site's robots.txt allows it to the product token
	// of UserAgent ("newsdigest" in "newsdigest/1.0 (+https://…)").
	// Feeds (Get) are never checked: a site publishes a feed to be polled.
	IgnoreRobots bool

	// DenyPrivate refuses connections to loopback, private, link-local and
	// similar addresses, including after a redirect. The check runs on the
	// address actually dialled, after DNS, so rebinding cannot bypass it.
	// It is enforced by the built-in transport; a custom Transport must do
	// its own checking. It also turns off HTTP proxies from the environment,
	// since then only the proxy's address would be checked.
	DenyPrivate bool

	// Files is where local feed paths are read from; nil means the OS file
	// system. Within Files, paths are taken relative to its root, and so
	// is a file:// URL's path.
	Files fs.FS

	Transport http.RoundTripper // optional, for tests
}

// Result is a successful fetch.
type Result struct {
	Body        []byte        // decompressed; nil when NotModified
	NotModified bool          // the feed is unchanged since the given Validators
	Validators  Validators    // from the response; on 304, missing ones are kept from the request
	ContentType string        // as the server sent it; for files, from the extension
	FinalURL    string        // after redirects; the target itself for files
	Status      int           // HTTP status; files report 200 or 304 alike
	TTL         time.Duration // freshness hint from Cache-Control max-age or Expires; 0 if none
}

// Client fetches feeds and article pages. It is safe for concurrent use,
// and should be reused so that connections, per-host limits and robots.txt
// rules are shared.
type Client struct {
	opts     Options // with defaults filled in
	http     *http.Client
	pageHTTP *http.Client // follows no redirects: GetPage takes them one by one
	hosts    *hostLimiter
	robots   *robotsCache
	agent    string // the product token robots.txt groups are matched against

	// blocked reports whether dialling an address must be refused; nil
	// unless DenyPrivate. It is a field rather than a direct call to
	// isPrivate so a test can block one of two loopback servers.
	blocked func(netip.AddrPort) bool
}

// New returns a Client with opts, defaults filled in.
func New(opts Options) *Client {
	opts = withDefaults(opts)
	c := &Client{
		opts:   opts,
		hosts:  newHostLimiter(opts.PerHost),
		robots: newRobotsCache(robotsCacheMax, robotsCacheBytes, time.Now),
		agent:  productToken(opts.UserAgent),
	}
	if opts.DenyPrivate {
		c.blocked = func(ap netip.AddrPort) bool { return isPrivate(ap.Addr()) }
	}
	rt := opts.Transport
	if rt == nil {
		rt = c.newTransport()
	}
	c.http = &http.Client{
		Transport:     rt,
		Timeout:       opts.Timeout,
		CheckRedirect: checkRedirect(opts.MaxRedirects),
	}
	c.pageHTTP = &http.Client{
		Transport: rt,
		// No Timeout: GetPage sets a deadline covering all its hops.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	return c
}

func withDefaults(o Options) Options {
	if o.Timeout <= 0 {
		o.Timeout = defaultTimeout
	}
	if o.MaxBodyBytes <= 0 {
		o.MaxBodyBytes = defaultMaxBodyBytes
	}
	if o.UserAgent == "" {
		o.UserAgent = defaultUserAgent
	}
	if o.MaxRedirects == 0 {
		o.MaxRedirects = defaultMaxRedirects
	}
	if o.PerHost <= 0 {
		o.PerHost = defaultPerHost
	}
	if o.MaxPageBytes <= 0 {
		o.MaxPageBytes = defaultMaxPageBytes
	}
	return o
}

// Get fetches target: an http(s) URL, a file:// URL or a local path. v are
// the validators from the previous fetch (zero on the first); when the feed
// is unchanged the Result has NotModified set and no Body. Every error is an
// *Error.
func (c *Client) Get(ctx context.Context, target string, v Validators) (*Result, error) {
	if err := ctx.Err(); err != nil {
		return nil, &Error{URL: redactString(target), Temporary: true, Err: err}
	}
	switch s := scheme(target); s {
	case "http", "https":
		return c.getHTTP(ctx, target, v)
	case "file":
		return c.getFileURL(target, v)
	case "":
		return c.getFile(target, target, v)
	default:
		return nil, &Error{URL: redactString(target), Err: fmt.Errorf("unsupported URL scheme %q", s)}
	}
}

// scheme returns the lower-case scheme of target, or "" for a local path.
func scheme(target string) string {
	s, _, ok := strings.Cut(target, "://")
	if !ok {
		return ""
	}
	return strings.ToLower(s)
}

// getFileURL reads the file a file:///path URL names.
func (c *Client) getFileURL(target string, v Validators) (*Result, error) {
	name, err := filePath(target)
	if err != nil {
		return nil, err
	}
	return c.getFile(name, target, v)
}

// filePath returns the path a file:///path URL names.
func filePath(target string) (string, error) {
	u, err := url.Parse(target)
	if err != nil || (u.Host != "" && u.Host != "localhost") {
		return "", &Error{URL: redactString(target), Err: errors.New("invalid file URL, want file:///path")}
	}
	return u.Path, nil
}
