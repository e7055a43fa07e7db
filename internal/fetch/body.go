package fetch

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"math"
	"mime"
)

var (
	gzipMagic = []byte{0x1f, 0x8b}
	utf8BOM   = []byte{0xef, 0xbb, 0xbf}
)

// readBody reads r whole. It also gunzips a gzip stream that came without
// Content-Encoding (a .xml.gz file, or a server that compresses twice). The
// limit applies to the decompressed bytes, and a body over it is an error
// rather than a truncated feed.
//
// size is how many bytes r holds (Content-Length, a file's size), or -1 if
// that is unknown. A body announced over the limit is refused without being
// read, and one announced within it is read into a single buffer of its
// size. The announced size of a gzip stream is the compressed size, which
// says nothing about the body's, so it is not used then.
//
// Whatever r holds, readBody allocates at most limit+1 bytes for the body
// before it either refuses it or, if it had no usable size, copies it into
// one slice of the right length; so a fetch costs at most about twice the
// limit, and a gzip bomb about the limit.
func readBody(r io.Reader, limit, size int64) ([]byte, error) {
	r, size, err := decompress(r, size)
	if err != nil {
		return nil, err
	}
	if size > limit {
		return nil, tooLarge(limit)
	}
	return readLimited(r, limit, size)
}

// decompress returns a reader of r's content, gunzipped if it is a gzip
// stream, and the size it holds as far as known: size for plain content, -1
// for gzip, whose announced size is the compressed one.
func decompress(r io.Reader, size int64) (io.Reader, int64, error) {
	br := bufio.NewReader(r)
	if magic, _ := br.Peek(len(gzipMagic)); !bytes.Equal(magic, gzipMagic) {
		return br, size, nil
	}
	zr, err := gzip.NewReader(br)
	if err != nil {
		return nil, 0, fmt.Errorf("reading gzip body: %w", err)
	}
	// No Close: a gzip.Reader holds nothing that needs releasing.
	return zr, -1, nil
}

func tooLarge(limit int64) error {
	return &reason{msg: "body exceeds " + formatSize(limit) + " limit", err: ErrTooLarge}
}

// Chunk sizes for a body of unknown size: the first is enough for most
// feeds, then they double up to maxChunk, so the last one wastes little.
const (
	minChunk = 32 << 10
	maxChunk = 256 << 10
)

// maxPrealloc is the largest announced size allocated before any of it has
// arrived. Larger ones, possible only with a limit above the configuration's
// ceiling, are read in chunks as they come, so that a lying Content-Length
// cannot reserve gigabytes (or overflow an int on 32-bit systems).
const maxPrealloc = 1 << 30

// readLimited reads r to its end, refusing it as soon as it has read more
// than limit bytes. size is what r is expected to hold, at most limit, or
// -1 if unknown; a wrong size costs memory, never correctness.
//
// Unlike io.ReadAll, which grows without bound and keeps no account of the
// limit, it never holds more than limit+1 bytes of chunks: reading one byte
// past the limit is enough to know a body is too large. When the size is
// known, the first chunk holds the whole body and is returned as it is.
func readLimited(r io.Reader, limit, size int64) ([]byte, error) {
	// The most the chunks may hold: one byte over the limit. A limit so large
	// that this would overflow cannot be reached anyway.
	ceiling := limit
	if ceiling < math.MaxInt64 {
		ceiling++
	}
	var (
		inline [4][]byte
		chunks = inline[:0] // full chunks
		total  int64        // bytes in chunks
		buf    []byte       // the chunk being filled
	)
	if size >= 0 && size <= maxPrealloc {
		// One byte more, to see the body end where announced without
		// another allocation; it costs nothing when the size is rounded up
		// to an allocation class, as it mostly is.
		buf = make([]byte, 0, size+1)
	}
	for {
		if len(buf) == cap(buf) {
			if len(buf) > 0 {
				chunks = append(chunks, buf)
				total += int64(len(buf))
			}
			if total > limit {
				return nil, tooLarge(limit)
			}
			buf = make([]byte, 0, chunkSize(total, ceiling))
		}
		n, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
	}
	if len(buf) > 0 {
		chunks = append(chunks, buf)
		total += int64(len(buf))
	}
	if total > limit {
		return nil, tooLarge(limit)
	}
	return join(chunks, total), nil
}

// chunkSize is the size of the chunk to read after total bytes, so that
// all chunks together stay within ceiling. total is below ceiling.
func chunkSize(total, ceiling int64) int {
	return int(min(max(total, minChunk), maxChunk, ceiling-total))
}

// join returns the total bytes in chunks as one slice. A single chunk is
// returned as it is unless most of it is empty.
func join(chunks [][]byte, total int64) []byte {
	switch {
	case len(chunks) == 0:
		return []byte{}
	case len(chunks) == 1 && cap(chunks[0])-len(chunks[0]) <= minChunk:
		return chunks[0][:total:total]
	}
	body := make([]byte, 0, total)
	for _, c := range chunks {
		body = append(body, c...)
	}
	return body
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
