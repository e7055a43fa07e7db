package parse

import (
	"regexp"
	"unicode/utf8"

	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding/charmap"
)

// xmlEncoding finds the label in an XML declaration's encoding attribute.
var xmlEncoding = regexp.MustCompile(`\A(?:\x{FEFF})?\s*<\?xml[^>]*?\sencoding\s*=\s*["']([^"']*)["']`)

// toUTF8 mends the ways real feeds misstate their encoding, each of which
// would otherwise cost the whole feed:
//   - a body declared (or, with no declaration, defaulting to) UTF-8 that
//     holds bytes which are not: encoding/xml rejects the document, so each
//     such byte is read as Windows-1252, the usual legacy encoding;
//   - a legacy label on a body that is in fact UTF-8, which would turn
//     "Café" into "CafÃ©", and a label no decoder knows, which makes the
//     feed undetectable: the declaration is rewritten to UTF-8.
//
// A body whose declared legacy encoding is plausible is left alone for the
// XML decoder to convert.
func toUTF8(body []byte) []byte {
	label := ""
	m := xmlEncoding.FindSubmatchIndex(body)
	if m != nil {
		label = string(body[m[2]:m[3]])
	}
	enc, name := charset.Lookup(label)
	valid := utf8.Valid(body)
	if label == "" || name == "utf-8" {
		if valid {
			return body
		}
		return repairUTF8(body)
	}
	if enc != nil && !(valid && hasNonASCII(body)) {
		return body
	}
	out := make([]byte, 0, len(body))
	out = append(out, body[:m[2]]...)
	out = append(out, "utf-8"...)
	out = append(out, body[m[3]:]...)
	if !valid {
		return repairUTF8(out)
	}
	return out
}

// repairUTF8 decodes every byte that is not part of valid UTF-8 as
// Windows-1252.
func repairUTF8(b []byte) []byte {
	out := make([]byte, 0, len(b)+len(b)/4)
	for len(b) > 0 {
		r, n := utf8.DecodeRune(b)
		if r == utf8.RuneError && n == 1 {
			out = utf8.AppendRune(out, charmap.Windows1252.DecodeByte(b[0]))
		} else {
			out = append(out, b[:n]...)
		}
		b = b[n:]
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
