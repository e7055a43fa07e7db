package fetch

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"mime"
)

var (
	gzipMagic = []byte{0x1f, 0x8b}
	utf8BOM   = []byte{0xef, 0xbb, 0xbf}
)

// readBody reads r whole. It also gunzips a gzip stream that came without
// Content-Encoding (a .xml.gz file, or a server that compresses twice). The
// limit applies to the decompressed bytes, so a gzip bomb costs at most
// limit+1 bytes, and a body over it is an error rather than a truncated feed.
func readBody(r io.Reader, limit int64) ([]byte, error) {
	br := bufio.NewReader(r)
	r = br
	if magic, _ := br.Peek(len(gzipMagic)); bytes.Equal(magic, gzipMagic) {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, fmt.Errorf("reading gzip body: %w", err)
		}
		defer zr.Close()
		r = zr
	}
	body, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(body)) > limit {
		return nil, &reason{msg: "body exceeds " + formatSize(limit) + " limit", err: ErrTooLarge}
	}
	return body, nil
}

// checkFeed rejects bodies that cannot be a feed. It looks at the body, not
// the Content-Type, because plenty of servers send real RSS as text/html.
func checkFeed(body []byte, contentType string) error {
	if len(bytes.TrimSpace(body)) == 0 {
		return &reason{msg: "empty body", err: ErrEmpty}
	}
	if kind := htmlKind(body); kind != "" {
		return notFeed(kind, contentType)
	}
	return nil
}

func notFeed(kind, contentType string) error {
	mediaType, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		mediaType = "no valid Content-Type"
	}
	return &reason{msg: fmt.Sprintf("not a feed: got %s (%s)", kind, mediaType), err: ErrNotFeed}
}

// Markers are matched in the lower-cased start of an HTML page.
var (
	challengeMarkers = [][]byte{
		[]byte("cf-chl"),             // Cloudflare: _cf_chl_opt, cf-chl-widget
		[]byte("challenge-platform"), // Cloudflare's challenge script path
		[]byte("just a moment..."),   // Cloudflare's interstitial title
		[]byte("checking your browser"),
		[]byte("ddos-guard"),
		[]byte("captcha"), // reCAPTCHA, hCaptcha and friends
	}
	loginMarkers = [][]byte{[]byte(`type="password"`), []byte(`type=password`)}
)

// sniffLimit is how much of an HTML page is searched for markers; challenge
// and login pages say what they are near the top.
const sniffLimit = 32 << 10

// htmlKind describes body if it is an HTML page, for the log: a bot
// challenge, a login page or just a page. It returns "" for anything else.
func htmlKind(body []byte) string {
	if !looksLikeHTML(body) {
		return ""
	}
	head := bytes.ToLower(body[:min(len(body), sniffLimit)])
	switch {
	case containsAny(head, challengeMarkers):
		return "a bot challenge page"
	case containsAny(head, loginMarkers):
		return "a login page"
	}
	return "an HTML page"
}

// looksLikeHTML reports whether b starts like an HTML document. It skips
// what may come before the root element in HTML and XML alike (a BOM,
// whitespace, <?xml ...?> and other processing instructions, comments), so
// XHTML is caught and an RSS feed with a stylesheet is not.
func looksLikeHTML(b []byte) bool {
	b = bytes.TrimPrefix(b, utf8BOM)
	for {
		b = bytes.TrimLeft(b, " \t\r\n")
		switch {
		case bytes.HasPrefix(b, []byte("<?")):
			b = skipPast(b, "?>")
		case bytes.HasPrefix(b, []byte("<!--")):
			b = skipPast(b, "-->")
		default:
			return hasPrefixFold(b, "<!doctype html") || hasPrefixFold(b, "<html")
		}
	}
}

// skipPast returns what follows the first end in b, or nil if there is none.
func skipPast(b []byte, end string) []byte {
	_, after, ok := bytes.Cut(b, []byte(end))
	if !ok {
		return nil
	}
	return after
}

func hasPrefixFold(b []byte, prefix string) bool {
	return len(b) >= len(prefix) && bytes.EqualFold(b[:len(prefix)], []byte(prefix))
}

func containsAny(b []byte, subs [][]byte) bool {
	for _, s := range subs {
		if bytes.Contains(b, s) {
			return true
		}
	}
	return false
}
