// Package ops is the operator's side of the service: Prometheus metrics and
// an HTTP listener with liveness (/healthz), readiness (/readyz) and
// /metrics.
//
// Metrics live on their own registry (not the global default one), with the
// Go runtime and process collectors added. Every method of *Metrics is safe
// for concurrent use and safe on a nil *Metrics, where it does nothing, so
// code can run with metrics switched off.
package ops // import "github.com/newsdigest/newsdigest/internal/ops"

import (
	"context"
	"math"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
)

const namespace = "newsdigest"

// Fetch results, the values of the result label of newsdigest_fetches_total.
const (
	FetchOK          = "ok"
	FetchNotModified = "not_modified"
	FetchError       = "error"
	fetchOther       = "other" // anything else, so a typo cannot grow the label set
)

// Metrics are the service's Prometheus metrics, on their own registry (plus
// the Go and process collectors).
type Metrics struct {
	// Registry holds every metric of the service; /metrics serves it.
	Registry *prometheus.Registry

	fetches        *prometheus.CounterVec
	pages          *prometheus.CounterVec
	fetchDuration  prometheus.Histogram
	ingested       prometheus.Counter
	stories        prometheus.Gauge
	sent           prometheus.Counter
	failed         prometheus.Counter
	telegramErrors *prometheus.CounterVec
	unreadable     *prometheus.CounterVec
	rateWaits      prometheus.Counter
	rateWaitSecs   prometheus.Counter
	lastPoll       prometheus.Gauge
	lastDigestRun  prometheus.Gauge

	lastPollNanos atomic.Int64 // UnixNano of the latest PollFinished; 0 = never

	depthOnce sync.Once
	depth     atomic.Pointer[func() float64]
}

// NewMetrics creates the metrics and registers them on a new registry.
func NewMetrics() *Metrics {
	m := &Metrics{
		Registry: prometheus.NewRegistry(),
		fetches: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: namespace, Name: "fetches_total",
			Help: "Feed fetches by result: ok, not_modified or error.",
		}, []string{"result"}),
		pages: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: namespace, Name: "article_pages_total",
			Help: "Article pages behind teaser items by feed and result: ok (article text taken), kept (the teaser kept: paywall, consent wall, JavaScript-only, mismatch), robots (disallowed), retry (transient failure), failed.",
		}, []string{"feed", "result"}),
		fetchDuration: prometheus.NewHistogram(prometheus.HistogramOpts{
			Namespace: namespace, Name: "fetch_duration_seconds",
			Help:    "How long feed fetches took, body included.",
			Buckets: []float64{0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 30, 60},
		}),
		ingested: prometheus.NewCounter(prometheus.CounterOpts{
			Namespace: namespace, Name: "articles_ingested_total",
			Help: "Articles new to the store.",
		}),
		stories: prometheus.NewGauge(prometheus.GaugeOpts{
			Namespace: namespace, Name: "stories",
			Help: "Stories formed in the latest grouping.",
		}),
		sent: prometheus.NewCounter(prometheus.CounterOpts{
			Namespace: namespace, Name: "messages_sent_total",
			Help: "Messages Telegram accepted.",
		}),
		failed: prometheus.NewCounter(prometheus.CounterOpts{
			Namespace: namespace, Name: "messages_failed_total",
			Help: "Messages given up on.",
		}),
		telegramErrors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: namespace, Name: "telegram_errors_total",
			Help: "Failed Telegram sends by HTTP-like code; 0 is a network error.",
		}, []string{"code"}),
		unreadable: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: namespace, Name: "telegram_unreadable_answers_total",
			Help: "Bot API calls Telegram took whose answer the client library could not read (counted as done), and updates repaired, by method: the library needs an update.",
		}, []string{"method"}),
		rateWaits: prometheus.NewCounter(prometheus.CounterOpts{
			Namespace: namespace, Name: "rate_limit_waits_total",
			Help: "Sends that waited for the global rate limit.",
		}),
		rateWaitSecs: prometheus.NewCounter(prometheus.CounterOpts{
			Namespace: namespace, Name: "rate_limit_wait_seconds_total",
			Help: "Time sends spent waiting for the global rate limit.",
		}),
		lastPoll: prometheus.NewGauge(prometheus.GaugeOpts{
			Namespace: namespace, Name: "last_poll_timestamp_seconds",
			Help: "Unix time the latest poll of the feeds finished; 0 = never.",
		}),
		lastDigestRun: prometheus.NewGauge(prometheus.GaugeOpts{
			Namespace: namespace, Name: "last_digest_run_timestamp_seconds",
			Help: "Unix time of the latest digest run; 0 = never.",
		}),
	}
	// Known label values start at 0, so rate() and absent() work from the
	// first scrape.
	for _, r := range []string{FetchOK, FetchNotModified, FetchError} {
		m.fetches.WithLabelValues(r)
	}
	for _, c := range []string{"0", "400", "403", "429", "500"} {
		m.telegramErrors.WithLabelValues(c)
	}
	m.Registry.MustRegister(
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		m.fetches, m.pages, m.fetchDuration, m.ingested, m.stories, m.sent, m.failed,
		m.telegramErrors, m.unreadable, m.rateWaits, m.rateWaitSecs, m.lastPoll, m.lastDigestRun,
	)
	return m
}

// Page counts one article page's outcome for a configured feed (the label
// set is bounded by the config's feeds and the page statuses).
func (m *Metrics) Page(feed, result string) {
	if m == nil {
		return
	}
	m.pages.WithLabelValues(feed, result).Inc()
}

// Fetch counts one feed fetch with its result (FetchOK, FetchNotModified or
// FetchError; anything else is counted as "other") and observes how long it
// took.
func (m *Metrics) Fetch(result string, d time.Duration) {
	if m == nil {
		return
	}
	switch result {
	case FetchOK, FetchNotModified, FetchError:
	default:
		result = fetchOther
	}
	m.fetches.WithLabelValues(result).Inc()
	m.fetchDuration.Observe(max(d, 0).Seconds())
}

// Ingested counts n articles new to the store. n ≤ 0 is ignored.
func (m *Metrics) Ingested(n int) {
	if m == nil || n <= 0 {
		return
	}
	m.ingested.Add(float64(n))
}

// Stories sets the number of stories formed in the latest grouping.
func (m *Metrics) Stories(n int) {
	if m == nil {
		return
	}
	m.stories.Set(float64(n))
}

// DigestSent counts one message Telegram accepted (deliver.Hooks.OnSent).
func (m *Metrics) DigestSent() {
	if m == nil {
		return
	}
	m.sent.Inc()
}

// DigestFailed counts one message given up on.
func (m *Metrics) DigestFailed() {
	if m == nil {
		return
	}
	m.failed.Inc()
}

// TelegramError counts one failed send (deliver.Hooks.OnError). code is
// HTTP-like: 4xx and 5xx are kept as they are, 0 or less is a network error
// ("0"), anything else is "other".
func (m *Metrics) TelegramError(code int) {
	if m == nil {
		return
	}
	m.telegramErrors.WithLabelValues(codeLabel(code)).Inc()
}

// TelegramUnreadable counts a Bot API call Telegram took whose answer
// could not be read (method is one of the few the service calls).
func (m *Metrics) TelegramUnreadable(method string) {
	if m == nil {
		return
	}
	m.unreadable.WithLabelValues(method).Inc()
}

func codeLabel(code int) string {
	switch {
	case code <= 0:
		return "0"
	case code >= 400 && code <= 599: // bounded: at most 200 values, a handful in practice
		return strconv.Itoa(code)
	default:
		return "other"
	}
}

// RateWait counts one send that waited d for the global rate limit
// (deliver.Hooks.OnRateWait).
func (m *Metrics) RateWait(d time.Duration) {
	if m == nil {
		return
	}
	m.rateWaits.Inc()
	if d > 0 {
		m.rateWaitSecs.Add(d.Seconds())
	}
}

// SetOutboxDepth makes newsdigest_outbox_depth read depth at every scrape.
// The metric appears with the first call; a later call replaces the
// function. depth runs during the scrape, so it must be cheap and return
// quickly (see OutboxDepthFunc); NaN means unknown.
func (m *Metrics) SetOutboxDepth(depth func() float64) {
	if m == nil || depth == nil {
		return
	}
	m.depth.Store(&depth)
	m.depthOnce.Do(func() {
		m.Registry.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Namespace: namespace, Name: "outbox_depth",
			Help: "Messages waiting in the outbox (NaN when the store did not answer).",
		}, func() float64 { return (*m.depth.Load())() }))
	})
}

// OutboxDepthFunc adapts a store's OutboxDepth for SetOutboxDepth: each call
// queries with the given timeout (2s when ≤ 0) and returns NaN when the
// query fails, so a slow or broken store cannot stall a scrape.
//
//	m.SetOutboxDepth(ops.OutboxDepthFunc(st.OutboxDepth, time.Second))
func OutboxDepthFunc(depth func(context.Context) (int, error), timeout time.Duration) func() float64 {
	if timeout <= 0 {
		timeout = 2 * time.Second
	}
	return func() float64 {
		ctx, cancel := context.WithTimeout(context.Background(), timeout)
		defer cancel()
		n, err := depth(ctx)
		if err != nil {
			return math.NaN()
		}
		return float64(n)
	}
}

// PollFinished records that a poll of the feeds finished at at. Readiness
// uses it (see Options.LastPoll).
func (m *Metrics) PollFinished(at time.Time) {
	if m == nil {
		return
	}
	if at.IsZero() {
		m.lastPollNanos.Store(0)
		m.lastPoll.Set(0)
		return
	}
	m.lastPollNanos.Store(at.UnixNano())
	m.lastPoll.Set(unixSeconds(at))
}

// LastPoll is the time of the latest PollFinished; zero when there was none.
func (m *Metrics) LastPoll() time.Time {
	if m == nil {
		return time.Time{}
	}
	n := m.lastPollNanos.Load()
	if n == 0 {
		return time.Time{}
	}
	return time.Unix(0, n)
}

// DigestRun records that a digest run happened at at.
func (m *Metrics) DigestRun(at time.Time) {
	if m == nil {
		return
	}
	m.lastDigestRun.Set(unixSeconds(at))
}

func unixSeconds(t time.Time) float64 {
	if t.IsZero() {
		return 0
	}
	return float64(t.UnixNano()) / 1e9
}
