package fetch

import (
	"bytes"
	"mime"
	"regexp"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/encoding/unicode"
)

// Where Page.Charset came from.
const (
	fromBOM      = "bom"
	fromHeader   = "header"
	fromMeta     = "meta"
	fromDetected = "detected"
)

// metaScan is how much of a page is searched for a <meta> charset. The
// HTML standard's prescan stops at 1024 bytes; real pages often put a
// kilobyte or two of scripts and links before the meta, and looking
// further costs nothing a declaration would not save.
const metaScan = 4 << 10

var (
	utf16LEBOM = []byte{0xff, 0xfe}
	utf16BEBOM = []byte{0xfe, 0xff}
)

// decodeHTML returns body, a page served with contentType, in UTF-8, with
// the name of the encoding it was read in and where that came from.
//
// The order is the browsers' (a BOM, the Content-Type charset, a <meta>
// in the first bytes), with two exceptions for labels that the bytes
// contradict, both common on news sites: a page declared (or defaulting
// to) UTF-8 that is not valid UTF-8, and a page declared in a legacy
// encoding that is valid UTF-8 with non-ASCII text, are read as what the
// bytes say. A page declared Windows-1251, KOI8-R/U or Windows-1252 whose
// bytes clearly are another of these is read as that one. Without any
// declaration the encoding is detected: UTF-8 if valid, else Windows-1251,
// KOI8-R/U or Windows-1252 by the shape of the text (see guessSingleByte).
func decodeHTML(body []byte, contentType string) (text []byte, name, from string) {
	switch {
	case bytes.HasPrefix(body, utf8BOM):
		body = body[len(utf8BOM):]
		if utf8.Valid(body) {
			return body, "utf-8", fromBOM
		}
		return repairUTF8(body), "utf-8", fromBOM
	case bytes.HasPrefix(body, utf16LEBOM):
		return decodeWith(body, unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM)), "utf-16le", fromBOM
	case bytes.HasPrefix(body, utf16BEBOM):
		return decodeWith(body, unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM)), "utf-16be", fromBOM
	}

	from = fromHeader
	enc, name := lookup(headerCharset(contentType))
	if enc == nil {
		from = fromMeta
		enc, name = lookup(metaCharset(body[:min(len(body), metaScan)]))
		if name == "utf-16le" || name == "utf-16be" {
			// As the HTML standard says: a page whose <meta> could be read
			// as ASCII is not in UTF-16, whatever it claims.
			name = "utf-8"
		}
	}
	switch {
	case enc == nil || name == "replacement" || name == "x-user-defined":
		return detect(body)
	case name == "utf-8":
		if utf8.Valid(body) {
			return body, name, from
		}
		return detect(body) // mislabelled
	case utf8.Valid(body) && hasNonASCII(body):
		// A legacy label on UTF-8 text; real legacy text is almost never
		// valid UTF-8.
		return body, "utf-8", fromDetected
	}
	if family(name) != "" {
		if g := guessSingleByte(body); g.confident && family(g.name) != family(name) {
			return decodeSingleByte(body, g.charmap), g.name, fromDetected
		}
	}
	if cm, ok := enc.(*charmap.Charmap); ok {
		return decodeSingleByte(body, cm), name, from
	}
	return decodeWith(body, enc), name, from
}

// lookup finds the encoding a label names, as browsers read labels
// (latin1 is Windows-1252, cp1251 Windows-1251...), and its WHATWG name;
// nil and "" if the label is unknown.
func lookup(label string) (encoding.Encoding, string) {
	e, err := htmlindex.Get(label)
	if err != nil {
		return nil, ""
	}
	name, _ := htmlindex.Name(e)
	return e, name
}

// headerCharset is the charset parameter of a Content-Type, "" if none.
func headerCharset(contentType string) string {
	_, params, err := mime.ParseMediaType(contentType)
	if err != nil {
		return ""
	}
	return params["charset"]
}

// xmlDeclEncoding finds the encoding of an XHTML page's XML declaration.
var xmlDeclEncoding = regexp.MustCompile(`\A\s*<\?xml[^>]*?\sencoding\s*=\s*["']([^"']*)["']`)

// metaCharset finds the charset a page declares in its first bytes, head:
// <meta charset>, <meta http-equiv="Content-Type" content="...charset=">,
// else an XML declaration's encoding. It returns "" if there is none.
func metaCharset(head []byte) string {
	z := html.NewTokenizer(bytes.NewReader(head))
	for {
		switch z.Next() {
		case html.ErrorToken:
			if m := xmlDeclEncoding.FindSubmatch(head); m != nil {
				return string(m[1])
			}
			return ""
		case html.StartTagToken, html.SelfClosingTagToken:
			tag, more := z.TagName()
			if string(tag) != "meta" {
				continue
			}
			var cs, equiv, content string
			for more {
				var k, v []byte
				k, v, more = z.TagAttr()
				switch string(k) {
				case "charset":
					cs = string(v)
				case "http-equiv":
					equiv = string(v)
				case "content":
					content = string(v)
				}
			}
			if cs = strings.TrimSpace(cs); cs != "" {
				return cs
			}
			if strings.EqualFold(strings.TrimSpace(equiv), "content-type") {
				if cs := contentCharset(content); cs != "" {
					return cs
				}
			}
		}
	}
}

// contentCharset extracts the charset from a <meta> content attribute the
// way the HTML standard does, which is laxer than mime.ParseMediaType:
// "text/html; charset=windows-1251;" and "charset = 'koi8-r'" both work.
func contentCharset(content string) string {
	lower := strings.ToLower(content)
	for {
		i := strings.Index(lower, "charset")
		if i < 0 {
			return ""
		}
		lower, content = lower[i+len("charset"):], content[i+len("charset"):]
		rest := strings.TrimLeft(content, " \t\n\f\r")
		if !strings.HasPrefix(rest, "=") {
			continue
		}
		rest = strings.TrimLeft(rest[1:], " \t\n\f\r")
		if rest == "" {
			return ""
		}
		if q := rest[0]; q == '"' || q == '\'' {
			end := strings.IndexByte(rest[1:], q)
			if end < 0 {
				return ""
			}
			return rest[1 : 1+end]
		}
		if end := strings.IndexAny(rest, "; \t\n\f\r"); end >= 0 {
			rest = rest[:end]
		}
		return rest
	}
}

// detect reads a body that declares no encoding, or one its bytes do not
// fit. A body that is mostly UTF-8 is UTF-8 with a few stray bytes, which
// are read in the legacy encoding they look like; anything else is read
// in the legacy encoding guessSingleByte finds.
func detect(body []byte) ([]byte, string, string) {
	if utf8.Valid(body) {
		return body, "utf-8", fromDetected
	}
	if mostlyUTF8(body) {
		return repairUTF8(body), "utf-8", fromDetected
	}
	g := guessSingleByte(body)
	return decodeSingleByte(body, g.charmap), g.name, fromDetected
}

// mostlyUTF8 reports whether b holds more valid multi-byte UTF-8
// sequences than bytes that are not UTF-8. Legacy text forms valid
// sequences only by accident, and rarely.
func mostlyUTF8(b []byte) bool {
	valid, invalid := 0, 0
	for len(b) > 0 {
		if b[0] < utf8.RuneSelf {
			b = b[1:]
			continue
		}
		r, n := utf8.DecodeRune(b)
		if r == utf8.RuneError && n == 1 {
			invalid++
		} else {
			valid++
		}
		b = b[n:]
	}
	return valid > invalid
}

// repairUTF8 keeps the valid UTF-8 in b and decodes each byte that is not
// in the legacy encoding those bytes look like: a Windows-1251 fragment in
// a UTF-8 page stays Cyrillic, a stray Windows-1252 quote becomes a quote.
func repairUTF8(b []byte) []byte {
	// The stray bytes are judged with the valid text blanked out, so
	// that they are seen in words of their own.
	stray := make([]byte, 0, len(b))
	for rest := b; len(rest) > 0; {
		r, n := utf8.DecodeRune(rest)
		if r == utf8.RuneError && n == 1 {
			stray = append(stray, rest[0])
		} else if n > 1 {
			stray = append(stray, ' ')
		} else {
			stray = append(stray, rest[0])
		}
		rest = rest[n:]
	}
	cm := guessSingleByte(stray).charmap

	out := make([]byte, 0, len(b)+len(b)/4)
	for len(b) > 0 {
		r, n := utf8.DecodeRune(b)
		if r == utf8.RuneError && n == 1 {
			out = utf8.AppendRune(out, cm.DecodeByte(b[0]))
		} else {
			out = append(out, b[:n]...)
		}
		b = b[n:]
	}
	return out
}

// decodeSingleByte decodes b from an ASCII-compatible single-byte
// encoding.
func decodeSingleByte(b []byte, cm *charmap.Charmap) []byte {
	n := len(b)
	for _, c := range b {
		if c >= utf8.RuneSelf {
			n += utf8.RuneLen(cm.DecodeByte(c)) - 1
		}
	}
	out := make([]byte, 0, n)
	for _, c := range b {
		if c < utf8.RuneSelf {
			out = append(out, c)
		} else {
			out = utf8.AppendRune(out, cm.DecodeByte(c))
		}
	}
	return out
}

// decodeWith decodes b with any other encoding; bytes it cannot decode
// become U+FFFD.
func decodeWith(b []byte, enc encoding.Encoding) []byte {
	out, err := enc.NewDecoder().Bytes(b)
	if err != nil {
		return bytes.ToValidUTF8(b, []byte("\uFFFD"))
	}
	return out
}

func hasNonASCII(b []byte) bool {
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return true
		}
	}
	return false
}
