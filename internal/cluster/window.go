package cluster

import (
	"context"
	"maps"
	"slices"
	"sort"
	"time"

	"github.com/newsdigest/newsdigest/internal/news"
	"github.com/newsdigest/newsdigest/internal/store"
)

// A long-running service cannot regroup its whole horizon after every
// poll: 100k articles held with their texts and vectors cost gigabytes.
// Window groups only recent articles and keeps older coverage in an
// archive of compact events, which stay linkable into storylines.
//
// Coverage is archived once it can no longer change: an event whose last
// article is more than a context span old takes no new article (a thread
// takes one only within its reach) and merges with no new thread (the
// merge similarity of events further apart is zero). Each archive step
// groups the articles around the cut — a context span before it, so
// threads and merges near the cut see their neighbours, and one after, to
// tell which events go on — and archives what ended before the cut.
// Archived events keep their articles without texts (Text is ""); callers
// load the texts of the few stories they show.
type Window struct {
	// Clean, when set, prepares each batch of articles read for grouping
	// (the service strips lines an outlet repeats).
	Clean func([]news.Article)

	opts    Options
	keep    time.Duration // coverage this recent stays live, texts and all
	horizon time.Duration // archived events older than this are dropped

	pop     docFreq   // over the horizon, see count
	fetched time.Time // the newest fetch time counted in pop
	cut     time.Time // coverage before cut − context is all archived
	next    time.Time // the cut of the step due returned
	until   time.Time // the end of the latest grouping, see Until
	items   []item    // archived events, vectors in vocab's term IDs
	byID    map[string]int
	vocab   map[string]int32
	// recent holds the archived articles a live grouping still loads as
	// context (published at or after cut − context), so that it does not
	// show them twice.
	recent  map[string]time.Time
	strings map[string]string // interned outlet, feed and language names
}

// archiveStep is the most coverage one archive step takes: larger steps
// mean fewer groupings on start, but more articles held at once.
const archiveStep = 24 * time.Hour

// NewWindow returns a window that keeps the coverage of the last keep
// (at least the context span) live and archives older coverage up to
// horizon back.
func NewWindow(opts Options, keep, horizon time.Duration) *Window {
	opts = opts.withDefaults()
	return &Window{opts: opts, keep: max(keep, opts.context()), horizon: horizon}
}

// context is how far apart two articles can be and still affect each
// other's grouping: through smoothing, a thread or a merge.
func (o Options) context() time.Duration {
	return max(o.reach(o.ThreadThreshold), o.reach(o.MergeThreshold), smoothWindow)
}

// Source is where a Window reads articles and keeps assignments: the store.
type Source interface {
	Articles(ctx context.Context, from, to time.Time) ([]news.Article, error)
	Assignments(ctx context.Context, articleIDs []string) ([]store.Assignment, error)
	SaveAssignments(ctx context.Context, as []store.Assignment) error
}

// countChunk is how much of the horizon is read at once to weigh terms:
// a day of a busy deployment is ≈ 20k articles.
const countChunk = 24 * time.Hour

// Stories groups the articles of src as of until: on the first call it
// weighs terms over the whole horizon and archives it step by step, later
// calls archive what has aged and group only the recent articles. until
// must not go back; a grouping for an earlier moment needs a new Window.
func (w *Window) Stories(ctx context.Context, src Source, until time.Time) (Result, error) {
	if w.cut.IsZero() {
		// Term weights come from the whole horizon, read a day at a time.
		for from := until.Add(-w.horizon); from.Before(until); from = from.Add(countChunk) {
			to := from.Add(countChunk)
			if !to.Before(until) {
				to = time.Time{} // and whatever was published after until
			}
			articles, err := src.Articles(ctx, from, to)
			if err != nil {
				return Result{}, err
			}
			w.count(articles)
		}
	}
	for {
		from, to, ok := w.due(until)
		if !ok {
			break
		}
		articles, prior, err := w.read(ctx, src, from, to)
		if err != nil {
			return Result{}, err
		}
		if err := src.SaveAssignments(ctx, w.archive(articles, prior)); err != nil {
			return Result{}, err
		}
	}
	articles, prior, err := w.read(ctx, src, w.liveFrom(), time.Time{})
	if err != nil {
		return Result{}, err
	}
	res := w.groupLive(articles, prior)
	return res, src.SaveAssignments(ctx, res.New)
}

// read loads the articles published in [from, to) with their saved
// assignments.
func (w *Window) read(ctx context.Context, src Source, from, to time.Time) ([]news.Article, []store.Assignment, error) {
	articles, err := src.Articles(ctx, from, to)
	if err != nil {
		return nil, nil, err
	}
	ids := make([]string, len(articles))
	for i, a := range articles {
		ids[i] = a.ID
	}
	prior, err := src.Assignments(ctx, ids)
	if err != nil {
		return nil, nil, err
	}
	if w.Clean != nil {
		w.Clean(articles)
	}
	return articles, prior, nil
}

// count adds articles to the document frequencies grouping weighs terms
// by. Before the first grouping, pass every article of the horizon (in
// chunks, any order); later, groupLive counts the new ones itself.
func (w *Window) count(articles []news.Article) {
	w.pop.add(articles)
	for _, a := range articles {
		if a.Fetched.After(w.fetched) {
			w.fetched = a.Fetched
		}
	}
}

// Until is the end of the latest grouping; a grouping for an earlier
// moment needs a new Window.
func (w *Window) Until() time.Time { return w.until }

// due returns the next archive step before a grouping at until: pass the
// articles published in [from, to) and their assignments to archive. ok is
// false when the archive is current.
func (w *Window) due(until time.Time) (from, to time.Time, ok bool) {
	if w.cut.IsZero() {
		w.cut = until.Add(-w.horizon)
	}
	w.until = until
	target := until.Add(-w.keep)
	if target.Sub(w.cut) < archiveStep/2 {
		return time.Time{}, time.Time{}, false
	}
	ctx := w.opts.context()
	w.next = w.cut.Add(min(archiveStep, target.Sub(w.cut)))
	return w.cut.Add(-ctx), w.next.Add(ctx), true
}

// archive groups the articles of the step due returned and archives the
// coverage that ended before the step's cut. It returns the new
// assignments to save.
func (w *Window) archive(articles []news.Article, prior []store.Assignment) []store.Assignment {
	ctx, cut := w.opts.context(), w.next
	r := group(articles, prior, w.opts, &w.pop)
	for _, e := range r.events {
		ended := e.last.Before(cut)
		it, ok := itemOf(e, func(d *doc) bool {
			if _, done := w.recent[d.a.ID]; done || !d.a.Published.Before(cut) {
				return false
			}
			// What falls out of the next step's context is archived even
			// if its event goes on; the live part joins it by ID.
			return ended || d.a.Published.Before(cut.Add(-ctx))
		})
		if ok {
			w.store(it, r.terms)
		}
	}
	w.cut = cut
	for id, at := range w.recent {
		if at.Before(cut.Add(-ctx)) {
			delete(w.recent, id)
		}
	}
	old := w.until.Add(-w.horizon)
	if kept := slices.DeleteFunc(w.items, func(it item) bool { return it.ev.Last.Before(old) }); len(kept) < len(w.items) {
		w.items = kept
		clear(w.byID)
		for j, it := range w.items {
			w.byID[it.ev.ID] = j
		}
	}
	return r.fresh
}

func (w *Window) store(it item, terms []string) {
	if w.recent == nil {
		w.recent, w.strings, w.byID = map[string]time.Time{}, map[string]string{}, map[string]int{}
	}
	it.v = w.toVocab(it.v, terms)
	for i := range it.ev.Articles {
		a := &it.ev.Articles[i]
		w.recent[a.ID] = a.Published
		a.Text = ""
		a.Outlet, a.FeedID, a.Language = w.intern(a.Outlet), w.intern(a.FeedID), w.intern(a.Language)
	}
	w.items = addItem(w.items, w.byID, it)
}

// addItem appends it to items, indexed by event ID in byID, or combines it
// with the part of its event that items already holds.
func addItem(items []item, byID map[string]int, it item) []item {
	if j, ok := byID[it.ev.ID]; ok {
		items[j] = combine(items[j], it)
		return items
	}
	byID[it.ev.ID] = len(items)
	return append(items, it)
}

func (w *Window) intern(s string) string {
	if t, ok := w.strings[s]; ok {
		return t
	}
	w.strings[s] = s
	return s
}

// liveFrom is where the articles of the next groupLive call start:
// everything published from then on.
func (w *Window) liveFrom() time.Time { return w.cut.Add(-w.opts.context()) }

// groupLive groups the live articles (published from liveFrom on) and
// links them with the archived events into storylines. Articles of
// archived events have no Text.
func (w *Window) groupLive(articles []news.Article, prior []store.Assignment) Result {
	var fresh []news.Article
	for _, a := range articles {
		if a.Fetched.After(w.fetched) {
			fresh = append(fresh, a)
		}
	}
	w.count(fresh)
	r := group(articles, prior, w.opts, &w.pop)
	items, byID := slices.Clone(w.items), maps.Clone(w.byID)
	if byID == nil {
		byID = map[string]int{}
	}
	for _, e := range r.events {
		it, ok := itemOf(e, func(d *doc) bool {
			_, done := w.recent[d.a.ID]
			return !done
		})
		if !ok {
			continue
		}
		it.v = w.toVocab(it.v, r.terms)
		items = addItem(items, byID, it)
	}
	return Result{Stories: link(items, w.opts), New: r.fresh}
}

// toVocab maps a vector from one grouping's term IDs to the window's.
func (w *Window) toVocab(v svec, terms []string) svec {
	if w.vocab == nil {
		w.vocab = map[string]int32{}
	}
	out := make(svec, len(v))
	for i, e := range v {
		id, ok := w.vocab[terms[e.t]]
		if !ok {
			id = int32(len(w.vocab))
			w.vocab[terms[e.t]] = id
		}
		out[i] = entry{id, e.w}
	}
	slices.SortFunc(out, byTerm)
	return out
}

// combine joins two parts of one event (the same ID): coverage archived
// by an earlier step and coverage grouped since.
func combine(a, b item) item {
	ev := a.ev
	ev.Articles = append(slices.Clone(a.ev.Articles), b.ev.Articles...)
	sort.SliceStable(ev.Articles, func(i, j int) bool { return ev.Articles[i].Published.Before(ev.Articles[j].Published) })
	lead := b.ev.Articles[b.ev.Lead].ID
	if len(a.ev.Articles) > len(b.ev.Articles) {
		lead = a.ev.Articles[a.ev.Lead].ID
	}
	for i := range ev.Articles {
		if ev.Articles[i].ID == lead {
			ev.Lead = i
		}
	}
	ev.First, ev.Last = ev.Articles[0].Published, ev.Articles[len(ev.Articles)-1].Published
	sum := map[int32]float64{}
	for _, e := range a.v {
		sum[e.t] += float64(e.w) * float64(len(a.ev.Articles))
	}
	for _, e := range b.v {
		sum[e.t] += float64(e.w) * float64(len(b.ev.Articles))
	}
	names := append(slices.Clone(a.names), b.names...)
	slices.Sort(names)
	siblings := append(slices.Clone(a.siblings), b.siblings...)
	slices.Sort(siblings)
	return item{ev: ev, v: heaviestOf(sum, maxTerms).normalize(), names: slices.Compact(names), siblings: slices.Compact(siblings)}
}
