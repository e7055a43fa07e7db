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
)

// Error is the error every failed Get returns.
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

// failure classifies err, from the transport or from reading the body, into
// an *Error for safeURL.
func (c *Client) failure(ctx context.Context, safeURL string, status int, err error) *Error {
	// A *url.Error repeats the URL, possibly with its secrets; we have our own.
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	e := &Error{URL: safeURL, Status: status, Temporary: true, Err: err}
	var r *reason
	switch {
	case ctx.Err() != nil:
		// The caller gave up; whatever the transport saw follows from that.
		e.Err = ctx.Err()
	case errors.Is(err, ErrTooLarge), errors.Is(err, ErrTooManyRedirects), errors.Is(err, ErrPrivateAddress):
		// Our own refusals, raised from inside net/http; drop its wrapping.
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
