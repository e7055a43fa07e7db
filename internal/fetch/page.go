package fetch

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"path"
	"strings"
)

// pageAccept is the Accept header of a page request.
const pageAccept = "text/html, application/xhtml+xml"

// sniffLen is how much of a body http.DetectContentType looks at.
const sniffLen = 512

// Page is an article page, decoded to UTF-8.
type Page struct {
	// Body is the page in UTF-8, whatever encoding it came in, so a
	// <meta charset> in it no longer applies. Before decoding it was at
	// most Options.MaxPageBytes; decoding can make it longer (a Cyrillic
	// letter takes one byte in Windows-1251 and two in UTF-8).
	Body []byte

	// FinalURL is where the page was found, after redirects: the base for
	// its relative links. For a local file it is the target as given.
	FinalURL string

	// ContentType describes Body: the page's media type (text/html or
	// application/xhtml+xml) with charset=utf-8, so an HTML parser that
	// honours it does not decode the page a second time.
	ContentType string

	// Charset is the encoding the page came in, by its WHATWG name
	// ("utf-8", "windows-1251", "koi8-r", ...), and CharsetFrom how it was
	// found: "bom", "header" (Content-Type), "meta" (<meta> or an XML
	// declaration), or "detected" from the bytes when the page declared
	// none, or declared one its bytes contradict.
	Charset, CharsetFrom string

	Status int // HTTP status; 200 for files
}

// GetPage fetches the page a feed item links to: an http(s) URL, a file://
// URL or a local path. It follows the rules of Get (timeout covering the
// body, size limit after decompression, limited redirects, private
// addresses refused when Options.DenyPrivate, and the same per-host slots,
// so feeds and pages together never exceed Options.PerHost requests to a
// host) and in addition:
//
//   - robots.txt is honoured unless Options.IgnoreRobots: a disallowed page
//     is ErrRobots, and while a site's robots.txt cannot be read (5xx, 429,
//     network error) its pages are ErrRobotsUnavailable, a temporary error;
//     robots.txt is checked again for every host a redirect leads to;
//   - only HTML and XHTML are accepted: anything else (PDF, image, JSON...)
//     is ErrNotHTML, refused by its Content-Type before the body is read,
//     or by sniffing its first bytes if the type is missing or vague;
//   - the body is decoded to UTF-8 (see Page.Charset);
//   - redirects are taken one by one, each with a slot of its own host.
//
// Every error is an *Error; a Temporary one is worth trying again later
// (timeouts, 5xx, 429, robots.txt unavailable), any other will not get
// better by asking again.
//
// Local targets are read as Get reads them, without robots.txt. Pass only
// links from local feeds, which the operator configured, never a link from
// a feed on the web or one a user typed.
func (c *Client) GetPage(ctx context.Context, target string) (*Page, error) {
	if err := ctx.Err(); err != nil {
		return nil, &Error{URL: redactString(target), Temporary: true, Err: err}
	}
	switch s := scheme(target); s {
	case "http", "https":
		return c.getPageHTTP(ctx, target)
	case "file":
		name, err := filePath(target)
		if err != nil {
			return nil, err
		}
		return c.getPageFile(name, target)
	case "":
		return c.getPageFile(target, target)
	default:
		return nil, &Error{URL: redactString(target), Err: fmt.Errorf("unsupported URL scheme %q", s)}
	}
}

// getPageHTTP fetches a page, following redirects itself, so that each hop
// is checked against its host's robots.txt and holds a slot of its host
// only while it runs. Errors name target, whichever hop they come from.
func (c *Client) getPageHTTP(ctx context.Context, target string) (*Page, error) {
	u, safeURL, err := parseTarget(target)
	if err != nil {
		return nil, err
	}

	// The deadline of Options.Timeout starts with the first request: it
	// covers the redirects and the body, but not the wait for the first
	// host slot or the first robots.txt, which have their own.
	if err := c.checkRobots(ctx, ctx, safeURL, u); err != nil {
		return nil, err
	}
	release, err := c.hosts.acquire(ctx, u.Hostname())
	if err != nil {
		return nil, c.failure(ctx, safeURL, 0, err)
	}
	reqCtx, cancel := context.WithTimeout(ctx, c.opts.Timeout)
	defer cancel()
	var hops []*url.URL
	for {
		page, next, err := c.pageHop(reqCtx, ctx, safeURL, u)
		release()
		if next == nil {
			return page, err
		}
		hops = append(hops, u)
		if err := redirectAllowed(next, hops, c.opts.MaxRedirects); err != nil {
			return nil, c.failure(ctx, safeURL, 0, err)
		}
		u = next
		if err := c.checkRobots(reqCtx, ctx, safeURL, u); err != nil {
			return nil, err
		}
		if release, err = c.hosts.acquire(reqCtx, u.Hostname()); err != nil {
			return nil, c.failure(ctx, safeURL, 0, err)
		}
	}
}

// pageHop requests u and returns the page, or the URL a redirect leads to.
func (c *Client) pageHop(reqCtx, ctx context.Context, safeURL string, u *url.URL) (*Page, *url.URL, error) {
	req, err := http.NewRequestWithContext(reqCtx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, nil, &Error{URL: safeURL, Err: withoutURL(err)}
	}
	req.Header.Set("User-Agent", c.opts.UserAgent)
	req.Header.Set("Accept", pageAccept)
	resp, err := c.pageHTTP.Do(req)
	if err != nil {
		return nil, nil, c.failure(ctx, safeURL, 0, err)
	}
	defer func() {
		io.Copy(io.Discard, io.LimitReader(resp.Body, drainLimit))
		resp.Body.Close()
	}()

	switch code := resp.StatusCode; code {
	case http.StatusMovedPermanently, http.StatusFound, http.StatusSeeOther,
		http.StatusTemporaryRedirect, http.StatusPermanentRedirect:
		loc := resp.Header.Get("Location")
		if loc == "" {
			break // as net/http: the 3xx itself is the answer
		}
		next, err := u.Parse(loc)
		if err != nil {
			return nil, nil, &Error{URL: safeURL, Status: code, Err: errors.New("redirect to an invalid Location")}
		}
		if next.Scheme != "http" && next.Scheme != "https" {
			return nil, nil, &Error{URL: safeURL, Status: code, Err: fmt.Errorf("redirect to unsupported URL scheme %q", next.Scheme)}
		}
		return nil, next, nil
	}
	page, err := c.readPageResponse(ctx, safeURL, resp)
	return page, nil, err
}

func (c *Client) readPageResponse(ctx context.Context, safeURL string, resp *http.Response) (*Page, error) {
	code := resp.StatusCode
	switch {
	case resp.Header.Get("Cf-Mitigated") == "challenge":
		// Only the header: a page's body may well mention a captcha (a
		// comment form's), so markers in it would refuse real articles.
		return nil, &Error{URL: safeURL, Status: code, Err: &reason{msg: "got a bot challenge page", err: ErrChallenge}}
	case code < 200 || code > 299:
		return nil, statusError(safeURL, resp)
	}
	page, err := c.readPage(resp.Body, resp.Header.Get("Content-Type"), bodySize(resp))
	if err != nil {
		return nil, c.failure(ctx, safeURL, code, err)
	}
	page.FinalURL = resp.Request.URL.String()
	page.Status = code
	return page, nil
}

// getPageFile reads the local page at name; shown is how errors and
// FinalURL name it. Its type comes from the extension, else from sniffing;
// its charset never does, as an extension says nothing about it.
func (c *Client) getPageFile(name, shown string) (*Page, error) {
	f, info, err := c.openRegular(name, shown)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	contentType := ""
	if t := mime.TypeByExtension(path.Ext(name)); t != "" {
		contentType, _, _ = mime.ParseMediaType(t)
	}
	page, err := c.readPage(f, contentType, info.Size())
	if err != nil {
		return nil, fileError(shown, err)
	}
	page.FinalURL, page.Status = shown, http.StatusOK
	return page, nil
}

// readPage reads an HTML page of the given Content-Type from r, which
// holds size bytes (-1 if unknown), and decodes it. A type that cannot be
// HTML is refused before anything is read; a vague or missing one is
// sniffed from the first bytes.
func (c *Client) readPage(r io.Reader, contentType string, size int64) (*Page, error) {
	mediaType := pageMediaType(contentType)
	declared := isHTMLType(mediaType)
	if !declared && !sniffable(mediaType) {
		return nil, notHTML(mediaType)
	}
	r, size, err := decompress(r, size)
	if err != nil {
		return nil, err
	}
	limit := c.opts.MaxPageBytes
	if size > limit {
		return nil, tooLarge(limit)
	}
	br, ok := r.(*bufio.Reader)
	if !ok {
		br = bufio.NewReaderSize(r, sniffLen)
	}
	head, err := br.Peek(sniffLen)
	switch {
	case err == io.EOF && len(bytes.TrimSpace(head)) == 0:
		return nil, emptyPage()
	case err != nil && err != io.EOF:
		return nil, err
	}
	sniffed := pageMediaType(http.DetectContentType(head))
	switch {
	case declared && !isTextType(sniffed):
		// A PDF or an image labelled text/html.
		return nil, notHTMLSniffed(sniffed, mediaType)
	case !declared && !sniffHTML(head, sniffed):
		return nil, notHTMLSniffed(sniffed, mediaType)
	case !declared:
		mediaType = "text/html"
	}
	body, err := readLimited(br, limit, size)
	if err != nil {
		return nil, err
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return nil, emptyPage()
	}
	text, cs, from := decodeHTML(body, contentType)
	return &Page{
		Body:        text,
		ContentType: mediaType + "; charset=utf-8",
		Charset:     cs,
		CharsetFrom: from,
	}, nil
}

// pageMediaType is the lower-case media type of a Content-Type, "" if
// there is none. A type with a broken parameter still counts.
func pageMediaType(contentType string) string {
	mt, _, _ := mime.ParseMediaType(contentType)
	return mt
}

func isHTMLType(mt string) bool { return mt == "text/html" || mt == "application/xhtml+xml" }

// sniffable reports whether a body of media type mt may still be HTML, as
// servers label pages they know nothing about.
func sniffable(mt string) bool {
	switch mt {
	case "", "text/plain", "text/xml", "application/xml", "application/octet-stream",
		"binary/octet-stream", "application/unknown", "unknown/unknown", "*/*":
		return true
	}
	return false
}

// isTextType reports whether a sniffed type is text of some kind, not a
// binary format with a signature.
func isTextType(mt string) bool {
	return strings.HasPrefix(mt, "text/") || mt == "application/octet-stream"
}

// htmlStarts are the elements an HTML page may start with, after what
// firstTag skips.
var htmlStarts = map[string]bool{
	"!doctype": true, "html": true, "head": true, "body": true, "meta": true, "title": true,
	"link": true, "base": true, "script": true, "style": true, "noscript": true,
	"div": true, "p": true, "h1": true, "header": true, "main": true, "article": true, "table": true,
}

// sniffHTML reports whether a body of unknown type is HTML, from its first
// bytes and what http.DetectContentType made of them. The sniffer misses
// pages that start with a BOM, an XML declaration (XHTML) or a <meta>.
func sniffHTML(head []byte, sniffed string) bool {
	switch sniffed {
	case "text/html":
		return true
	case "text/plain", "text/xml":
		tag := firstTag(head)
		if tag == "!doctype" {
			return looksLikeHTML(head)
		}
		return htmlStarts[tag]
	}
	return false
}

// firstTag returns the lower-case name of the first tag in b, skipping
// what may come before the root element (as looksLikeHTML does); "" if b
// does not start with a tag.
func firstTag(b []byte) string {
	b = bytes.TrimPrefix(b, utf8BOM)
	for {
		b = bytes.TrimLeft(b, " \t\r\n\f")
		switch {
		case bytes.HasPrefix(b, []byte("<?")):
			b = skipPast(b, "?>")
		case bytes.HasPrefix(b, []byte("<!--")):
			b = skipPast(b, "-->")
		case len(b) > 1 && b[0] == '<':
			end := bytes.IndexAny(b[1:], " \t\r\n\f/>")
			if end < 0 {
				end = len(b) - 1
			}
			return strings.ToLower(string(b[1 : 1+end]))
		default:
			return ""
		}
	}
}

// notHTML refuses a body by its declared media type.
func notHTML(mt string) error {
	return &reason{msg: "not an HTML page: got " + mt, err: ErrNotHTML}
}

// notHTMLSniffed refuses a body by its sniffed media type; declared is the
// one the server sent, if any.
func notHTMLSniffed(sniffed, declared string) error {
	if declared == "" {
		declared = "none"
	}
	return &reason{msg: "not an HTML page: got " + sniffed + " (sniffed; declared " + declared + ")", err: ErrNotHTML}
}

func emptyPage() error { return &reason{msg: "empty page", err: ErrEmpty} }
