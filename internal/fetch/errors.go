package fetch

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
	"time"
)

// Sentinels for errors.Is. They are wrapped in an *Error whose message gives
// the details.
var (
	ErrNotFeed          = errors.New("fetch: not a feed")         // an HTML, login or bot-challenge page
	ErrTooLarge         = errors.New("fetch: body too large")     // over Options.MaxBodyBytes after decompression
	ErrTooManyRedirects = errors.New("fetch: too many redirects") // over Options.MaxRedirects, or a loop
	ErrPrivateAddress   = errors.New("fetch: private address")    // refused by Options.DenyPrivate
	ErrEmpty            = errors.New("fetch: empty body")         // nothing but whitespace

	// Page fetches only (GetPage).
	ErrNotHTML           = errors.New("fetch: not an HTML page")         // a PDF, image, JSON... behind an article link; permanent
	ErrChallenge         = errors.New("fetch: bot challenge")            // the site answered with a bot challenge (Cf-Mitigated); permanent
	ErrRobots            = errors.New("fetch: disallowed by robots.txt") // the site's robots.txt forbids the page to our user agent; permanent
	ErrRobotsUnavailable = errors.New("fetch: robots.txt unavailable")   // 5xx, 429 or a network error on robots.txt: nothing is fetched from the site for now; temporary
)

// Error is the error every failed Get or GetPage returns.
type Error struct {
	URL        string        // the target, without userinfo or secret query values
	Status     int           // HTTP status; 0 if there was no response
	Temporary  bool          // worth retrying soon (timeouts, 5xx, 429, connection errors) rather than backing off
	RetryAfter time.Duration // from Retry-After on 429 or 503; 0 if none
	Err        error         // the cause
}

func (e *Error) Error() string {
	msg := "fetch: " + e.URL + ": " + e.Err.Error()
	if e.RetryAfter > 0 {
		msg += " (retry after " + e.RetryAfter.String() + ")"
	}
	return msg
}

func (e *Error) Unwrap() error { return e.Err }

// reason is a cause with a message for the log that still matches err with
// errors.Is. Wrapping a sentinel with fmt.Errorf would repeat its "fetch: "
// prefix inside Error's message.
type reason struct {
	msg string
	err error
}

func (r *reason) Error() string { return r.msg }
func (r *reason) Unwrap() error { return r.err }

// withoutURL drops the *url.Error around err, which repeats the URL with
// its secrets.
func withoutURL(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// failure classifies err, from the transport or from reading the body, into
// an *Error for safeURL.
func (c *Client) failure(ctx context.Context, safeURL string, status int, err error) *Error {
	// A *url.Error repeats the URL, possibly with its secrets; we have our own.
	err = withoutURL(err)
	e := &Error{URL: safeURL, Status: status, Temporary: true, Err: err}
	var r *reason
	switch {
	case ctx.Err() != nil:
		// The caller gave up; whatever the transport saw follows from that.
		e.Err = ctx.Err()
	case errors.Is(err, ErrTooLarge), errors.Is(err, ErrTooManyRedirects), errors.Is(err, ErrPrivateAddress),
		errors.Is(err, ErrNotHTML), errors.Is(err, ErrEmpty):
		// Our own refusals, raised from inside net/http or while reading
		// the body; drop any wrapping.
		errors.As(err, &r)
		e.Err, e.Temporary = r, false
	case isTimeout(err):
		e.Err = &reason{msg: fmt.Sprintf("timed out after %s", c.opts.Timeout), err: err}
	case isCertificateError(err):
		// A bad certificate needs an admin, not a retry.
		e.Temporary = false
	}
	return e
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

func isCertificateError(err error) bool {
	var ce *tls.CertificateVerificationError
	return errors.As(err, &ce)
}

// redact returns u without userinfo and with the values of secret-looking
// query parameters replaced, for logs.
func redact(u *url.URL) string {
	clean := *u
	clean.User = nil
	clean.RawQuery = redactQuery(u.RawQuery)
	return clean.String()
}

// redactString is redact for a target that may not parse; an unparsable one
// is shown only if it cannot hold userinfo.
func redactString(target string) string {
	if u, err := url.Parse(target); err == nil {
		return redact(u)
	}
	if strings.Contains(target, "@") {
		return "(invalid URL)"
	}
	return target
}

// secretParams are substrings of query parameter names whose values are
// credentials in private feed URLs (token=, api_key=, sig=, ...).
var secretParams = []string{"token", "key", "secret", "pass", "auth", "sig"}

// redactQuery masks secret values in a raw query, keeping its order so the
// logged URL still looks like the configured one.
func redactQuery(raw string) string {
	if raw == "" {
		return raw
	}
	parts := strings.Split(raw, "&")
	for i, p := range parts {
		name, _, ok := strings.Cut(p, "=")
		if ok && isSecretParam(name) {
			parts[i] = name + "=REDACTED"
		}
	}
	return strings.Join(parts, "&")
}

func isSecretParam(name string) bool {
	name = strings.ToLower(name)
	for _, s := range secretParams {
		if strings.Contains(name, s) {
			return true
		}
	}
	return false
}

// formatSize renders a byte limit the way an admin configured it.
func formatSize(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}
