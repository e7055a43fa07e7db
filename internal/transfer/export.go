package transfer

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"math"
	"slices"
	"time"

	"github.com/newsdigest/newsdigest/internal/news"
	"github.com/newsdigest/newsdigest/internal/store"
)

// Bounds that make the Store's time-filtered reads return everything.
// They are the extremes of the nanosecond Unix times the SQLite store
// keeps (1677–2262), which PostgreSQL takes as well.
var (
	// beginning is before every stored publication time, pre-1970 dates
	// included (the SQLite store keeps them as negative numbers, so the
	// zero time, stored as 0, would miss them). The PostgreSQL store keeps
	// the zero time as -infinity, before this bound; no article has a zero
	// publication time (feeds without one get the fetch time).
	beginning = time.Unix(0, math.MinInt64).UTC()
	// end is after every next-attempt time of a pending message.
	end = time.Unix(0, math.MaxInt64).UTC()
)

// Export writes everything st holds as JSON lines to w, in an order Import
// can replay: feed states, articles, assignments (in seq order), page
// jobs (by article ID), subscribers, pending outbox messages (in ID order). Lines are written as
// they are encoded; the articles are read with one Articles call, so they
// are in memory once (as the service itself holds its cluster horizon).
// The reads are separate queries, not one snapshot: stop the service
// first for an exact copy.
func Export(ctx context.Context, st store.Store, w io.Writer) (Counts, error) {
	var n Counts
	bw := bufio.NewWriterSize(w, 256<<10)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false) // message texts are HTML; keep them readable
	put := enc.Encode

	states, err := st.FeedStates(ctx)
	if err != nil {
		return n, err
	}
	ids := make([]string, 0, len(states))
	for id := range states {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		if err := put(fromFeedState(states[id])); err != nil {
			return n, err
		}
		n.FeedStates++
	}

	articles, err := st.Articles(ctx, beginning, time.Time{})
	if err != nil {
		return n, err
	}
	ids = make([]string, len(articles))
	for i := range articles {
		if err := ctx.Err(); err != nil {
			return n, err
		}
		ids[i] = articles[i].ID
		if err := put(fromArticle(articles[i])); err != nil {
			return n, err
		}
		articles[i] = news.Article{} // let the text go once written
		n.Articles++
	}

	assignments, err := st.Assignments(ctx, ids)
	if err != nil {
		return n, err
	}
	for _, a := range assignments { // in seq order
		if err := put(fromAssignment(a)); err != nil {
			return n, err
		}
		n.Assignments++
	}

	pages, err := st.Pages(ctx, ids)
	if err != nil {
		return n, err
	}
	for _, p := range pages {
		if err := put(fromPage(p)); err != nil {
			return n, err
		}
		n.Pages++
	}

	subs, err := st.Subscribers(ctx)
	if err != nil {
		return n, err
	}
	for _, s := range subs {
		if err := put(fromSubscriber(s)); err != nil {
			return n, err
		}
		n.Subscribers++
	}

	// DueMessages is the one read of the outbox the interface has: every
	// pending message when "now" is the end of time, oldest (lowest ID)
	// first. Settled messages are not exported (see the package doc).
	msgs, err := st.DueMessages(ctx, end, math.MaxInt32)
	if err != nil {
		return n, err
	}
	for _, m := range msgs {
		if err := put(fromOutMessage(m)); err != nil {
			return n, err
		}
		n.Outbox++
	}

	if err := bw.Flush(); err != nil {
		return n, err
	}
	return n, nil
}
