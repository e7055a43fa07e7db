package fetch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// acceptHeader prefers feed types but ends with */*, because many servers
// label real feeds text/html or text/plain and a strict Accept gets a 406.
const acceptHeader = "application/rss+xml, application/atom+xml, application/feed+json, " +
	"application/rdf+xml;q=0.9, application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.5"

// maxHint caps Retry-After and TTL, so a wrong header cannot stop a feed
// from being polled for longer than a day.
const maxHint = 24 * time.Hour

// drainLimit is how much of an unwanted body is read before closing, so the
// connection can be reused without downloading a large error page.
const drainLimit = 4 << 10

func (c *Client) newTransport() *http.Transport {
	dialer := &net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}
	t := &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           dialer.DialContext,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          50,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   10 * time.Second,
		ExpectContinueTimeout: time.Second,
	}
	if c.blocked != nil {
		dialer.Control = c.checkDial
		t.Proxy = nil
	}
	return t
}

// checkRedirect stops after max redirects, and at once on a loop, which
// would otherwise only end at the limit.
func checkRedirect(max int) func(*http.Request, []*http.Request) error {
	return func(req *http.Request, via []*http.Request) error {
		prev := make([]*url.URL, len(via))
		for i, r := range via {
			prev[i] = r.URL
		}
		return redirectAllowed(req.URL, prev, max)
	}
}

// redirectAllowed reports, as an error, whether a redirect to next after
// the requests to via must not be followed.
func redirectAllowed(next *url.URL, via []*url.URL, max int) error {
	for _, prev := range via {
		if prev.String() == next.String() {
			return &reason{msg: "redirect loop at " + redact(next), err: ErrTooManyRedirects}
		}
	}
	if len(via) > max {
		return &reason{msg: fmt.Sprintf("stopped after %d redirects", max), err: ErrTooManyRedirects}
	}
	return nil
}

// parseTarget parses an http(s) URL to fetch, with the form of it that
// errors and logs may show (no secrets).
func parseTarget(target string) (u *url.URL, safeURL string, err error) {
	u, err = url.Parse(target)
	if err != nil {
		// Unwrap: url.Parse's error quotes the URL, secrets included.
		return nil, "", &Error{URL: redactString(target), Err: errors.Unwrap(err)}
	}
	safeURL = redact(u)
	if u.Host == "" {
		// Caught here because net/http's error for it would look temporary.
		return nil, "", &Error{URL: safeURL, Err: errors.New("URL has no host")}
	}
	return u, safeURL, nil
}

func (c *Client) getHTTP(ctx context.Context, target string, v Validators) (*Result, error) {
	u, safeURL, err := parseTarget(target)
	if err != nil {
		return nil, err
	}

	release, err := c.hosts.acquire(ctx, u.Hostname())
	if err != nil {
		return nil, &Error{URL: safeURL, Temporary: true, Err: err}
	}
	defer release()

	req, err := http.NewRequestWithContext(ctx, http.MethodGet, target, nil)
	if err != nil {
		return nil, &Error{URL: safeURL, Err: err}
	}
	req.Header.Set("User-Agent", c.opts.UserAgent)
	req.Header.Set("Accept", acceptHeader)
	// No Accept-Encoding: the transport then asks for gzip itself and
	// decompresses transparently.
	if v.ETag != "" {
		req.Header.Set("If-None-Match", v.ETag)
	}
	if v.LastModified != "" {
		req.Header.Set("If-Modified-Since", v.LastModified)
	}

	resp, err := c.http.Do(req)
	if err != nil {
		return nil, c.failure(ctx, safeURL, 0, err)
	}
	defer func() {
		io.Copy(io.Discard, io.LimitReader(resp.Body, drainLimit))
		resp.Body.Close()
	}()
	return c.readResponse(ctx, safeURL, resp, v)
}

func (c *Client) readResponse(ctx context.Context, safeURL string, resp *http.Response, v Validators) (*Result, error) {
	res := &Result{
		Validators:  Validators{ETag: resp.Header.Get("ETag"), LastModified: resp.Header.Get("Last-Modified")},
		ContentType: resp.Header.Get("Content-Type"),
		FinalURL:    resp.Request.URL.String(),
		Status:      resp.StatusCode,
		TTL:         cacheTTL(resp.Header, time.Now()),
	}
	code := resp.StatusCode
	switch {
	case resp.Header.Get("Cf-Mitigated") == "challenge":
		// Cloudflare marks its challenges this way, often with a 403 or 503
		// that would otherwise look like an ordinary (or temporary) error.
		return nil, &Error{URL: safeURL, Status: code, Err: notFeed("a bot challenge page", res.ContentType)}
	case code == http.StatusNotModified:
		res.NotModified = true
		res.Validators = keepValidators(res.Validators, v)
		return res, nil
	case code < 200 || code > 299:
		return nil, statusError(safeURL, resp)
	}

	body, err := readBody(resp.Body, c.opts.MaxBodyBytes, bodySize(resp))
	if err != nil {
		return nil, c.failure(ctx, safeURL, code, err)
	}
	if err := checkFeed(body, res.ContentType); err != nil {
		return nil, &Error{URL: safeURL, Status: code, Err: err}
	}
	res.Body = body
	return res, nil
}

// bodySize is how many bytes resp.Body holds, from Content-Length, or -1
// if unknown. When the transport has gunzipped the body it has dropped the
// header, whose value was the compressed size; a body still compressed
// (by a custom Transport) is sized as it is read, compressed.
func bodySize(resp *http.Response) int64 {
	if resp.Uncompressed {
		return -1
	}
	return resp.ContentLength
}

// keepValidators fills what a 304 left out from the request's validators,
// so the next poll is conditional again.
func keepValidators(resp, req Validators) Validators {
	if resp.ETag == "" {
		resp.ETag = req.ETag
	}
	if resp.LastModified == "" {
		resp.LastModified = req.LastModified
	}
	return resp
}

func statusError(safeURL string, resp *http.Response) *Error {
	code := resp.StatusCode
	e := &Error{
		URL:       safeURL,
		Status:    code,
		Temporary: code == http.StatusRequestTimeout || code == http.StatusTooManyRequests || code >= 500,
		// Not resp.Status: the reason phrase is the server's to choose.
		Err: fmt.Errorf("HTTP %s", strings.TrimSpace(fmt.Sprintf("%d %s", code, http.StatusText(code)))),
	}
	if code == http.StatusTooManyRequests || code == http.StatusServiceUnavailable {
		e.RetryAfter = retryAfter(resp.Header.Get("Retry-After"), time.Now())
	}
	return e
}

// retryAfter parses a Retry-After value, delay-seconds or an HTTP date
// (RFC 9110 §10.2.3), into a delay from now; 0 if absent or invalid.
func retryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if d, ok := seconds(v); ok {
		return d
	}
	if t, err := http.ParseTime(v); err == nil {
		return min(max(t.Sub(now), 0), maxHint)
	}
	return 0
}

// cacheTTL returns how long the response stays fresh by its headers.
// max-age wins over Expires (RFC 9111 §5.3), and no-cache or no-store mean
// no hint at all.
func cacheTTL(h http.Header, now time.Time) time.Duration {
	var maxAge time.Duration
	hasMaxAge := false
	for _, d := range strings.Split(strings.Join(h.Values("Cache-Control"), ","), ",") {
		name, val, _ := strings.Cut(strings.TrimSpace(d), "=")
		switch strings.ToLower(name) {
		case "no-cache", "no-store":
			return 0
		case "max-age":
			maxAge, hasMaxAge = seconds(strings.Trim(val, `"`))
		}
	}
	if hasMaxAge {
		return maxAge
	}
	expires, err := http.ParseTime(h.Get("Expires"))
	if err != nil {
		return 0
	}
	// Measure against the server's own clock when it sent one, so clock
	// skew between us and the server does not distort the hint.
	if date, err := http.ParseTime(h.Get("Date")); err == nil {
		now = date
	}
	return min(max(expires.Sub(now), 0), maxHint)
}

// seconds parses a non-negative count of seconds, capped at maxHint.
func seconds(v string) (time.Duration, bool) {
	n, err := strconv.ParseUint(v, 10, 64)
	if err != nil {
		return 0, false
	}
	return time.Duration(min(n, uint64(maxHint/time.Second))) * time.Second, true
}
