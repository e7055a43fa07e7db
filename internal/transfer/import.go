package transfer

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/newsdigest/newsdigest/internal/news"
	"github.com/newsdigest/newsdigest/internal/store"
)

// MaxLine is the longest line Import reads (an article with a very long
// text is one line).
const MaxLine = 64 << 20

// Records written per store call. Each SaveArticles, SaveAssignments,
// RestorePages and Enqueue call is one transaction in both stores.
const (
	articleBatch    = 500
	assignmentBatch = 2000
	pageBatch       = 2000
	outboxBatch     = 500
)

// maxReported bounds the bad lines an error lists.
const maxReported = 10

// LineError is a bad line.
type LineError struct {
	Line int // 1-based
	Err  error
}

func (e *LineError) Error() string { return fmt.Sprintf("line %d: %v", e.Line, e.Err) }
func (e *LineError) Unwrap() error { return e.Err }

// BadLinesError lists the bad lines of a file (the first few of them).
type BadLinesError struct {
	Lines []*LineError // in file order, at most 10
	Total int          // bad lines in all
}

func (e *BadLinesError) Error() string {
	if e.Total == 1 {
		return e.Lines[0].Error()
	}
	msgs := make([]string, len(e.Lines))
	for i, l := range e.Lines {
		msgs[i] = l.Error()
	}
	s := fmt.Sprintf("%d bad lines: %s", e.Total, strings.Join(msgs, "; "))
	if more := e.Total - len(e.Lines); more > 0 {
		s += fmt.Sprintf("; and %d more", more)
	}
	return s
}

// WriteError is a store failure while writing a batch of lines; what was
// written before stays (see Result), and the same import can be run again.
type WriteError struct {
	From, To int    // the lines of the batch
	Kind     string // what they were
	Err      error
}

func (e *WriteError) Error() string {
	return fmt.Sprintf("lines %d-%d (%s): %v", e.From, e.To, e.Kind, e.Err)
}
func (e *WriteError) Unwrap() error { return e.Err }

// Result is what an import read and wrote.
type Result struct {
	// Counts are the records written (by Check: that would be written).
	Counts
	// NewArticles is how many of the articles the target did not have.
	NewArticles int
	// Settled is how many sent or failed outbox messages were skipped.
	Settled int
}

func (r Result) String() string {
	s := fmt.Sprintf("%s, %s (%d new), %s, %s%s, %s",
		plural(r.FeedStates, "feed state"), plural(r.Articles, "article"), r.NewArticles, plural(r.Assignments, "assignment"),
		pagesPart(r.Pages), plural(r.Subscribers, "subscriber"), plural(r.Outbox, "pending outbox message"))
	if r.Settled > 0 {
		s += fmt.Sprintf("; skipped %s", plural(r.Settled, "sent or failed outbox message"))
	}
	return s
}

// Check reads a file and checks every line without writing anything. The
// Result counts what Import would write.
func Check(r io.Reader) (Result, error) {
	var res Result
	var bad BadLinesError
	err := scan(r, func(line int, rec any, err error) error {
		if err != nil {
			bad.Total++
			if len(bad.Lines) < maxReported {
				bad.Lines = append(bad.Lines, &LineError{Line: line, Err: err})
			}
			return nil
		}
		switch rec := rec.(type) {
		case feedStateRecord:
			res.FeedStates++
		case articleRecord:
			res.Articles++
		case assignmentRecord:
			res.Assignments++
		case pageRecord:
			res.Pages++
		case subscriberRecord:
			res.Subscribers++
		case outboxRecord:
			if settled(rec) {
				res.Settled++
			} else {
				res.Outbox++
			}
		}
		return nil
	})
	if err != nil {
		return res, err
	}
	if bad.Total > 0 {
		return res, &bad
	}
	return res, nil
}

// Import checks every line of r (see Check) and, when all are good,
// rewinds r and writes the records to st (see ImportChecked). A bad line
// fails the import before anything is written.
func Import(ctx context.Context, st store.Store, r io.ReadSeeker) (Result, error) {
	if _, err := Check(r); err != nil {
		return Result{}, err
	}
	if _, err := r.Seek(0, io.SeekStart); err != nil {
		return Result{}, fmt.Errorf("rewind: %w", err)
	}
	return ImportChecked(ctx, st, r)
}

// ImportChecked writes the records of r, which Check has passed, to st in
// file order, in batches. See the package doc for what each kind does to a
// store that already has data. Were a line bad after all (the file changed
// since the check), the import stops there with a *LineError, having
// written the lines before it.
func ImportChecked(ctx context.Context, st store.Store, r io.Reader) (Result, error) {
	w := &writer{ctx: ctx, st: st}
	err := scan(r, func(line int, rec any, err error) error {
		if err != nil {
			return &LineError{Line: line, Err: err}
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		return w.add(line, rec)
	})
	if err == nil {
		err = w.flush()
	}
	return w.res, err
}

// settled reports whether a message was sent or given up on.
func settled(r outboxRecord) bool {
	return r.Status == store.StatusSent || r.Status == store.StatusFailed
}

// writer batches consecutive records of one kind.
type writer struct {
	ctx  context.Context
	st   store.Store
	res  Result
	kind string // of the batch
	from int    // its first line
	to   int    // its last line

	articles    []news.Article
	assignments []store.Assignment
	pages       []store.Page
	msgs        []store.OutMessage
}

func (w *writer) add(line int, rec any) error {
	var kind string
	switch rec.(type) {
	case feedStateRecord:
		kind = KindFeedState
	case articleRecord:
		kind = KindArticle
	case assignmentRecord:
		kind = KindAssignment
	case pageRecord:
		kind = KindPage
	case subscriberRecord:
		kind = KindSubscriber
	case outboxRecord:
		kind = KindOutbox
	}
	if kind != w.kind {
		if err := w.flush(); err != nil {
			return err
		}
		w.kind, w.from = kind, line
	}
	w.to = line
	switch rec := rec.(type) {
	case feedStateRecord:
		if err := w.st.SaveFeedState(w.ctx, rec.feedState()); err != nil {
			return &WriteError{From: line, To: line, Kind: kind, Err: err}
		}
		w.res.FeedStates++
		w.from = line + 1
	case subscriberRecord:
		if err := w.st.SaveSubscriber(w.ctx, rec.subscriber()); err != nil {
			return &WriteError{From: line, To: line, Kind: kind, Err: err}
		}
		w.res.Subscribers++
		w.from = line + 1
	case articleRecord:
		w.articles = append(w.articles, rec.article())
		if len(w.articles) >= articleBatch {
			return w.flush()
		}
	case assignmentRecord:
		w.assignments = append(w.assignments, rec.assignment())
		if len(w.assignments) >= assignmentBatch {
			return w.flush()
		}
	case pageRecord:
		w.pages = append(w.pages, rec.page())
		if len(w.pages) >= pageBatch {
			return w.flush()
		}
	case outboxRecord:
		if settled(rec) {
			w.res.Settled++
			return nil
		}
		w.msgs = append(w.msgs, rec.outMessage())
		if len(w.msgs) >= outboxBatch {
			return w.flush()
		}
	}
	return nil
}

// flush writes the batch.
func (w *writer) flush() error {
	var err error
	switch {
	case len(w.articles) > 0:
		var added int
		if added, err = w.st.SaveArticles(w.ctx, w.articles); err == nil {
			w.res.Articles += len(w.articles)
			w.res.NewArticles += added
		}
	case len(w.assignments) > 0:
		if err = w.st.SaveAssignments(w.ctx, w.assignments); err == nil {
			w.res.Assignments += len(w.assignments)
		}
	case len(w.pages) > 0:
		if err = w.st.RestorePages(w.ctx, w.pages); err == nil {
			w.res.Pages += len(w.pages)
		}
	case len(w.msgs) > 0:
		if err = w.st.Enqueue(w.ctx, w.msgs); err == nil {
			w.res.Outbox += len(w.msgs)
		}
	default:
		return nil
	}
	if err != nil {
		return &WriteError{From: w.from, To: w.to, Kind: w.kind, Err: err}
	}
	w.articles, w.assignments, w.pages, w.msgs = w.articles[:0], w.assignments[:0], w.pages[:0], w.msgs[:0]
	w.from = w.to + 1
	return nil
}

// scan reads r line by line and calls fn with each non-blank line's
// record, or with the reason it is bad. An error from fn, or a line too
// long or unreadable, stops it.
func scan(r io.Reader, fn func(line int, rec any, err error) error) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), MaxLine)
	line := 0
	for sc.Scan() {
		line++
		b := bytes.TrimSpace(sc.Bytes())
		if len(b) == 0 {
			continue
		}
		rec, err := decode(b)
		if err := fn(line, rec, err); err != nil {
			return err
		}
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return &BadLinesError{Lines: []*LineError{{Line: line + 1, Err: fmt.Errorf("longer than %d MiB", MaxLine>>20)}}, Total: 1}
		}
		return fmt.Errorf("read: %w", err)
	}
	return nil
}

// decode parses and checks one line.
func decode(b []byte) (any, error) {
	if b[0] != '{' {
		return nil, errors.New("not a JSON object")
	}
	var head struct {
		Kind *string `json:"kind"`
	}
	if err := json.Unmarshal(b, &head); err != nil {
		return nil, fmt.Errorf("not valid JSON: %s", jsonMsg(err))
	}
	if head.Kind == nil {
		return nil, errors.New(`no "kind"`)
	}
	switch kind := *head.Kind; kind {
	case KindFeedState:
		var r feedStateRecord
		if err := strict(b, &r); err != nil {
			return nil, fmt.Errorf("%s: %w", kind, err)
		}
		if r.FeedID == "" {
			return nil, fmt.Errorf(`%s: missing "feed_id"`, kind)
		}
		return r, nil
	case KindArticle:
		var r articleRecord
		if err := strict(b, &r); err != nil {
			return nil, fmt.Errorf("%s: %w", kind, err)
		}
		if r.ID == "" {
			return nil, fmt.Errorf(`%s: missing "id"`, kind)
		}
		switch r.TextSource {
		case news.TextFromFeed, news.TextFromPage:
		default:
			return nil, fmt.Errorf(`%s: unknown text_source %q (want "page" or none)`, kind, r.TextSource)
		}
		return r, nil
	case KindAssignment:
		var r assignmentRecord
		if err := strict(b, &r); err != nil {
			return nil, fmt.Errorf("%s: %w", kind, err)
		}
		if r.ArticleID == "" || r.ThreadID == "" {
			return nil, fmt.Errorf(`%s: needs "article_id" and "thread_id"`, kind)
		}
		return r, nil
	case KindPage:
		var r pageRecord
		if err := strict(b, &r); err != nil {
			return nil, fmt.Errorf("%s: %w", kind, err)
		}
		if r.ArticleID == "" || r.URL == "" {
			return nil, fmt.Errorf(`%s: needs "article_id" and "url"`, kind)
		}
		switch r.Status {
		case "":
			r.Status = news.PagePending
		case news.PagePending, news.PageRetry, news.PageOK, news.PageKept, news.PageFailed, news.PageRobots:
		default:
			return nil, fmt.Errorf(`%s: unknown status %q (want %s, %s, %s, %s, %s or %s)`, kind, r.Status,
				news.PagePending, news.PageRetry, news.PageOK, news.PageKept, news.PageFailed, news.PageRobots)
		}
		return r, nil
	case KindSubscriber:
		var r subscriberRecord
		if err := strict(b, &r); err != nil {
			return nil, fmt.Errorf("%s: %w", kind, err)
		}
		if r.ChatID == 0 {
			return nil, fmt.Errorf(`%s: missing "chat_id"`, kind)
		}
		return r, nil
	case KindOutbox:
		var r outboxRecord
		if err := strict(b, &r); err != nil {
			return nil, fmt.Errorf("%s: %w", kind, err)
		}
		switch {
		case r.Key == "":
			return nil, fmt.Errorf(`%s: missing "key"`, kind)
		case r.ChatID == 0:
			return nil, fmt.Errorf(`%s: missing "chat_id"`, kind)
		}
		switch r.Status {
		case "":
			r.Status = store.StatusPending
		case store.StatusPending, store.StatusSent, store.StatusFailed:
		default:
			return nil, fmt.Errorf(`%s: unknown status %q (want pending, sent or failed)`, kind, r.Status)
		}
		return r, nil
	default:
		return nil, fmt.Errorf(`unknown kind %q (want %s, %s, %s, %s, %s or %s)`, kind,
			KindFeedState, KindArticle, KindAssignment, KindPage, KindSubscriber, KindOutbox)
	}
}

// strict decodes one JSON object, refusing fields the record lacks (a file
// from a newer format must not lose data silently).
func strict(b []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return errors.New(jsonMsg(err))
	}
	return nil
}

func jsonMsg(err error) string {
	if te, ok := errors.AsType[*json.UnmarshalTypeError](err); ok && te.Field != "" {
		return fmt.Sprintf("%q: got a JSON %s, want %s", te.Field, te.Value, te.Type)
	}
	return strings.TrimPrefix(err.Error(), "json: ")
}
