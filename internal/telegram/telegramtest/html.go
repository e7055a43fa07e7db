package telegramtest

import (
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"
)

// Entity is a formatting entity as the Bot API reports it: offsets and
// lengths count UTF-16 code units of the plain text.
type Entity struct {
	Type     string `json:"type"`
	Offset   int    `json:"offset"`
	Length   int    `json:"length"`
	URL      string `json:"url,omitempty"`
	Language string `json:"language,omitempty"`
}

// htmlTags are the start tags Telegram's parse_mode=HTML accepts.
var htmlTags = map[string]bool{
	"a": true, "b": true, "strong": true, "i": true, "em": true, "u": true, "ins": true,
	"s": true, "strike": true, "del": true, "code": true, "pre": true,
	"blockquote": true, "tg-spoiler": true, "span": true,
}

// parseHTML turns parse_mode=HTML text into plain text plus entities, the way
// Telegram (tdlib's parse_html) does. The returned error is the part after
// "can't parse entities: ".
//
// It follows Telegram's rules for tags (names, attributes, nesting, byte
// offsets in the messages) with one deliberate difference: Telegram shows a
// bare '&' or an unknown entity such as &nbsp; literally, while this parser
// rejects it, because the Bot API documentation requires every '&' to be
// escaped and a renderer that forgets is one &lt; away from a wrong message.
func parseHTML(text string) (string, []Entity, error) {
	type open struct {
		tag, arg   string
		expandable bool
		offset     int // UTF-16 offset in the result
		begin      int // byte offset in the result
	}
	var (
		out      strings.Builder
		u16      int
		ents     []Entity
		stack    []open
		n        = len(text)
		at       = func(i int) byte { return byteAt(text, i) }
		appendCh = func(r rune) {
			out.WriteRune(r)
			u16 += utf16Len(r)
		}
	)
	for i := 0; i < n; i++ {
		c := text[i]
		if c == '&' {
			r, next, ok := decodeEntity(text, i)
			if !ok {
				return "", nil, fmt.Errorf("Unsupported HTML entity at byte offset %d "+
					"(telegramtest is stricter than Telegram, which would show it literally: escape '&' as &amp;)", i)
			}
			appendCh(r)
			i = next - 1
			continue
		}
		if c != '<' {
			if c&0xC0 != 0x80 {
				u16++
				if c >= 0xF0 {
					u16++
				}
			}
			out.WriteByte(c)
			continue
		}

		begin := i
		i++
		if at(i) != '/' {
			for i < n && !isSpace(at(i)) && at(i) != '>' {
				i++
			}
			if i >= n {
				return "", nil, fmt.Errorf("Unclosed start tag at byte offset %d", begin)
			}
			tag := strings.ToLower(text[begin+1 : i])
			if !htmlTags[tag] {
				return "", nil, fmt.Errorf("Unsupported start tag %q at byte offset %d", tag, begin)
			}
			var arg string
			var expandable bool
			for at(i) != '>' {
				for i < n && isSpace(at(i)) {
					i++
				}
				if at(i) == '>' {
					break
				}
				attrBegin := i
				for i < n && !isSpace(at(i)) && at(i) != '=' && at(i) != '>' {
					i++
				}
				name := text[attrBegin:i]
				if name == "" {
					return "", nil, fmt.Errorf("Empty attribute name in the tag %q at byte offset %d", tag, begin)
				}
				for i < n && isSpace(at(i)) {
					i++
				}
				if at(i) != '=' {
					if tag == "blockquote" && strings.EqualFold(name, "expandable") && i < n {
						expandable = true
						continue
					}
					if i >= n {
						return "", nil, fmt.Errorf("Unclosed start tag at byte offset %d", begin)
					}
					return "", nil, fmt.Errorf("Expected equal sign in declaration of an attribute of the tag %q at byte offset %d", tag, begin)
				}
				i++
				for i < n && isSpace(at(i)) {
					i++
				}
				if i >= n {
					return "", nil, fmt.Errorf("Unclosed start tag %q at byte offset %d", tag, begin)
				}
				var value strings.Builder
				if q := at(i); q != '\'' && q != '"' {
					tokBegin := i
					for i < n && (isAlnum(at(i)) || at(i) == '.' || at(i) == '-') {
						i++
					}
					value.WriteString(strings.ToLower(text[tokBegin:i]))
					if i < n && !isSpace(at(i)) && at(i) != '>' {
						return "", nil, fmt.Errorf("Unexpected end of name token at byte offset %d", tokBegin)
					}
				} else {
					i++
					for i < n && at(i) != q {
						if at(i) == '&' {
							r, next, ok := decodeEntity(text, i)
							if !ok {
								return "", nil, fmt.Errorf("Unsupported HTML entity at byte offset %d "+
									"(telegramtest is stricter than Telegram, which would keep it literally: escape '&' as &amp;)", i)
							}
							value.WriteRune(r)
							i = next
							continue
						}
						value.WriteByte(at(i))
						i++
					}
					if at(i) == q {
						i++
					}
				}
				if i >= n {
					return "", nil, fmt.Errorf("Unclosed start tag at byte offset %d", begin)
				}
				v := value.String()
				switch {
				case tag == "a" && name == "href":
					arg = v
				case tag == "code" && name == "class" && strings.HasPrefix(v, "language-"):
					arg = strings.TrimPrefix(v, "language-")
				case tag == "span" && name == "class" && strings.HasPrefix(v, "tg-"):
					arg = strings.TrimPrefix(v, "tg-")
				}
			}
			if tag == "span" && arg != "spoiler" {
				return "", nil, fmt.Errorf("Tag \"span\" must have class \"tg-spoiler\" at byte offset %d", begin)
			}
			stack = append(stack, open{tag: tag, arg: arg, expandable: expandable, offset: u16, begin: out.Len()})
			continue
		}

		// An end tag.
		if len(stack) == 0 {
			return "", nil, fmt.Errorf("Unexpected end tag at byte offset %d", begin)
		}
		for i < n && !isSpace(at(i)) && at(i) != '>' {
			i++
		}
		endName := text[begin+2 : i]
		for i < n && isSpace(at(i)) {
			i++
		}
		if at(i) != '>' || i >= n {
			return "", nil, fmt.Errorf("Unclosed end tag at byte offset %d", begin)
		}
		top := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		// Like tdlib, the start tag is lower-cased and the end tag is not.
		if endName != "" && endName != top.tag {
			return "", nil, fmt.Errorf("Unmatched end tag at byte offset %d, expected \"</%s>\", found \"</%s>\"", begin, top.tag, endName)
		}
		if u16 == top.offset {
			continue // empty entities vanish
		}
		e := Entity{Offset: top.offset, Length: u16 - top.offset}
		switch top.tag {
		case "b", "strong":
			e.Type = "bold"
		case "i", "em":
			e.Type = "italic"
		case "u", "ins":
			e.Type = "underline"
		case "s", "strike", "del":
			e.Type = "strikethrough"
		case "tg-spoiler", "span":
			e.Type = "spoiler"
		case "blockquote":
			e.Type = "blockquote"
			if top.expandable {
				e.Type = "expandable_blockquote"
			}
		case "a":
			e.Type = "text_link"
			e.URL = top.arg
			if e.URL == "" {
				e.URL = out.String()[top.begin:]
			}
		case "pre":
			if k := len(ents) - 1; k >= 0 && ents[k].Type == "code" && ents[k].Offset == e.Offset && ents[k].Length == e.Length {
				e.Language = ents[k].Language
				ents = ents[:k]
			}
			e.Type = "pre"
		case "code":
			e.Type = "code"
			e.Language = top.arg
		}
		ents = append(ents, e)
	}
	if len(stack) > 0 {
		return "", nil, fmt.Errorf("Can't find end tag corresponding to start tag %q", stack[len(stack)-1].tag)
	}
	for k := range ents {
		if ents[k].Type == "code" {
			ents[k].Language = "" // only <pre><code class="language-x"> keeps a language
		}
	}
	sort.SliceStable(ents, func(a, b int) bool {
		if ents[a].Offset != ents[b].Offset {
			return ents[a].Offset < ents[b].Offset
		}
		return ents[a].Length > ents[b].Length
	})
	return out.String(), ents, nil
}

// decodeEntity decodes the character reference starting at text[i] == '&'.
// Only &lt; &gt; &amp; &quot; and numeric references (with the ';') count.
func decodeEntity(text string, i int) (r rune, next int, ok bool) {
	j := i + 1
	if byteAt(text, j) == '#' {
		j++
		hex := byteAt(text, j) == 'x' || byteAt(text, j) == 'X'
		if hex {
			j++
		}
		start := j
		var v int64
	digits:
		for j < len(text) && j-start < 8 {
			c := text[j]
			switch {
			case c >= '0' && c <= '9':
				v = v*base(hex) + int64(c-'0')
			case hex && c >= 'a' && c <= 'f':
				v = v*16 + int64(c-'a'+10)
			case hex && c >= 'A' && c <= 'F':
				v = v*16 + int64(c-'A'+10)
			default:
				break digits
			}
			j++
		}
		if j == start || byteAt(text, j) != ';' || v == 0 || v >= 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF) {
			return 0, 0, false
		}
		return rune(v), j + 1, true
	}
	for j < len(text) && isAlpha(text[j]) {
		j++
	}
	if byteAt(text, j) != ';' {
		return 0, 0, false
	}
	switch text[i+1 : j] {
	case "lt":
		r = '<'
	case "gt":
		r = '>'
	case "amp":
		r = '&'
	case "quot":
		r = '"'
	default:
		return 0, 0, false
	}
	return r, j + 1, true
}

func base(hex bool) int64 {
	if hex {
		return 16
	}
	return 10
}

func byteAt(s string, i int) byte {
	if i < len(s) {
		return s[i]
	}
	return 0
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'
}

func isAlpha(c byte) bool { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') }

func isAlnum(c byte) bool { return isAlpha(c) || (c >= '0' && c <= '9') }

func utf16Len(r rune) int {
	if r >= 0x10000 {
		return 2
	}
	return 1
}

// UTF16Len is the length of s in UTF-16 code units, the unit of Telegram's
// 4096-character message limit and of entity offsets.
func UTF16Len(s string) int {
	n := 0
	for _, r := range s {
		if r == utf8.RuneError {
			n++
			continue
		}
		n += utf16Len(r)
	}
	return n
}
