package opml

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strings"
)

// Write writes feeds as an OPML 2.0 document titled title.
//
// A feed with tags sits in a category outline named after its first tag,
// which is how other readers show folders; consecutive feeds with the same
// first tag share one. Feeds keep their order, so a category can appear
// twice when the list interleaves tags (readers merge folders by name).
// Name, interval and the full tag list go in nd: attributes, and nd:outlet
// when text cannot carry the outlet exactly, so Parse returns feeds as
// given. Nothing is written if a feed has no URL.
func Write(w io.Writer, title string, feeds []Outline) error {
	for i, f := range feeds {
		if strings.TrimSpace(f.URL) == "" {
			return fmt.Errorf("opml: feed %d (%q) has no URL", i+1, f.Name)
		}
	}
	var b bytes.Buffer
	b.WriteString(xml.Header)
	fmt.Fprintf(&b, "<opml version=\"2.0\" xmlns:nd=\"%s\">\n", Namespace)
	b.WriteString("  <head>\n")
	fmt.Fprintf(&b, "    <title>%s</title>\n", escape(title))
	b.WriteString("  </head>\n")
	b.WriteString("  <body>\n")
	open := "" // the category outline being written, if any
	for _, f := range feeds {
		cat := ""
		if len(f.Tags) > 0 {
			cat = clean(f.Tags[0])
		}
		if cat != open {
			if open != "" {
				b.WriteString("    </outline>\n")
			}
			if cat != "" {
				fmt.Fprintf(&b, "    <outline text=\"%s\" title=\"%[1]s\">\n", escape(cat))
			}
			open = cat
		}
		indent := "    "
		if open != "" {
			indent = "      "
		}
		b.WriteString(indent)
		writeFeed(&b, f)
		b.WriteString("\n")
	}
	if open != "" {
		b.WriteString("    </outline>\n")
	}
	b.WriteString("  </body>\n")
	b.WriteString("</opml>\n")
	_, err := w.Write(b.Bytes())
	return err
}

func writeFeed(b *bytes.Buffer, f Outline) {
	text := f.Outlet
	if text == "" {
		text = f.Name
	}
	if text == "" {
		text = f.URL
	}
	text = clean(text)
	attr := func(name, value string) {
		fmt.Fprintf(b, " %s=\"%s\"", name, escape(value))
	}
	b.WriteString("<outline")
	attr("type", "rss")
	attr("text", text)
	attr("title", text)
	attr("xmlUrl", f.URL)
	if f.HTMLURL != "" {
		attr("htmlUrl", f.HTMLURL)
	}
	if f.Language != "" {
		attr("language", f.Language)
	}
	if f.Name != "" {
		attr("nd:name", f.Name)
	}
	if f.Outlet != text {
		attr("nd:outlet", f.Outlet) // empty, or spacing text would lose
	}
	if f.Interval != "" {
		attr("nd:interval", f.Interval)
	}
	if len(f.Tags) > 0 {
		attr("nd:tags", joinTags(f.Tags))
	}
	b.WriteString("/>")
}

// escape makes s safe in text and in a double-quoted attribute, tabs and
// line breaks included (a parser would turn them into spaces otherwise).
func escape(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}
