// Package htmldate stands in for github.com/markusmobius/go-htmldate
// (go.mod replaces it with this directory). go-trafilatura imports it for
// its publish-date search, which internal/extract switches off
// (HtmlDateMode Disabled) because only the text is used. The real module
// brings go-dateparser, whose locale tables cost every start of the binary
// about 250 ms and 50 MB of memory, and the binary about 7 MB. This stand-in
// has the API go-trafilatura v1.12.x uses and finds no date; delete the
// replace line in go.mod to have the real one back.
package htmldate

import (
	"errors"
	"time"

	"golang.org/x/net/html"
)

// Options mirrors go-htmldate's options; they are ignored.
type Options struct {
	ExtractTime         bool
	UseOriginalDate     bool
	URL                 string
	MinDate             time.Time
	MaxDate             time.Time
	EnableLog           bool
	SkipExtensiveSearch bool
	DeferUrlExtractor   bool
	DateParserConfig    any
}

// Result mirrors go-htmldate's result.
type Result struct {
	DateTime    time.Time
	HasTime     bool
	HasTimezone bool
	SrcString   string
}

// IsZero reports whether no date was found.
func (r Result) IsZero() bool { return r.DateTime.IsZero() }

// ErrNotBuilt is what FromDocument returns: the date search is left out.
var ErrNotBuilt = errors.New("htmldate: date search not built into this binary")

// FromDocument finds no date.
func FromDocument(doc *html.Node, opts Options) (Result, error) { return Result{}, ErrNotBuilt }
