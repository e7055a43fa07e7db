package ops

import (
	"context"
	"errors"
	"math"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
)

// scrape GETs /metrics from h and parses the text exposition.
func scrape(t *testing.T, h http.Handler) map[string]*dto.MetricFamily {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	if rec.Code != http.StatusOK {
		t.Fatalf("GET /metrics: %d %s", rec.Code, rec.Body)
	}
	p := expfmt.NewTextParser(model.UTF8Validation)
	fams, err := p.TextToMetricFamilies(rec.Body)
	if err != nil {
		t.Fatalf("parse /metrics: %v", err)
	}
	return fams
}

// value finds the sample of family name whose labels include labels
// (name=value pairs); for a histogram it is the sample count.
func value(fams map[string]*dto.MetricFamily, name string, labels ...string) (float64, bool) {
	f := fams[name]
	if f == nil {
		return 0, false
	}
next:
	for _, m := range f.GetMetric() {
		for i := 0; i+1 < len(labels); i += 2 {
			found := false
			for _, lp := range m.GetLabel() {
				if lp.GetName() == labels[i] && lp.GetValue() == labels[i+1] {
					found = true
				}
			}
			if !found {
				continue next
			}
		}
		switch {
		case m.Counter != nil:
			return m.Counter.GetValue(), true
		case m.Gauge != nil:
			return m.Gauge.GetValue(), true
		case m.Histogram != nil:
			return float64(m.Histogram.GetSampleCount()), true
		case m.Untyped != nil:
			return m.Untyped.GetValue(), true
		}
	}
	return 0, false
}

func TestMetricsExposition(t *testing.T) {
	m := NewMetrics()
	poll := time.Date(2025, 2, 13, 10, 0, 0, 0, time.UTC)
	run := poll.Add(5 * time.Minute)

	m.Fetch(FetchOK, 300*time.Millisecond)
	m.Fetch(FetchOK, 2*time.Second)
	m.Fetch(FetchNotModified, 50*time.Millisecond)
	m.Fetch(FetchError, 20*time.Second)
	m.Fetch("bogus", -time.Second) // counted as "other", negative duration as 0
	m.Ingested(5)
	m.Ingested(7)
	m.Ingested(-3) // ignored: counters only go up
	m.Stories(4)
	m.Stories(9) // a gauge: the latest value
	m.DigestSent()
	m.DigestSent()
	m.DigestSent()
	m.DigestFailed()
	m.TelegramError(429)
	m.TelegramError(429)
	m.TelegramError(403)
	m.TelegramError(502)
	m.TelegramError(0)
	m.TelegramError(-1)
	m.TelegramError(302)
	m.RateWait(250 * time.Millisecond)
	m.RateWait(750 * time.Millisecond)
	m.SetOutboxDepth(func() float64 { return 7 })
	m.PollFinished(poll)
	m.DigestRun(run)

	fams := scrape(t, New(Options{Metrics: m}).Handler())
	tests := []struct {
		name   string
		labels []string
		want   float64
	}{
		{"newsdigest_fetches_total", []string{"result", "ok"}, 2},
		{"newsdigest_fetches_total", []string{"result", "not_modified"}, 1},
		{"newsdigest_fetches_total", []string{"result", "error"}, 1},
		{"newsdigest_fetches_total", []string{"result", "other"}, 1},
		{"newsdigest_fetch_duration_seconds", nil, 5},
		{"newsdigest_articles_ingested_total", nil, 12},
		{"newsdigest_stories", nil, 9},
		{"newsdigest_messages_sent_total", nil, 3},
		{"newsdigest_messages_failed_total", nil, 1},
		{"newsdigest_telegram_errors_total", []string{"code", "429"}, 2},
		{"newsdigest_telegram_errors_total", []string{"code", "403"}, 1},
		{"newsdigest_telegram_errors_total", []string{"code", "400"}, 0}, // pre-initialised
		{"newsdigest_telegram_errors_total", []string{"code", "502"}, 1},
		{"newsdigest_telegram_errors_total", []string{"code", "0"}, 2},
		{"newsdigest_telegram_errors_total", []string{"code", "other"}, 1},
		{"newsdigest_rate_limit_waits_total", nil, 2},
		{"newsdigest_rate_limit_wait_seconds_total", nil, 1},
		{"newsdigest_outbox_depth", nil, 7},
		{"newsdigest_last_poll_timestamp_seconds", nil, float64(poll.Unix())},
		{"newsdigest_last_digest_run_timestamp_seconds", nil, float64(run.Unix())},
	}
	for _, tt := range tests {
		got, ok := value(fams, tt.name, tt.labels...)
		if !ok {
			t.Errorf("%s%v: missing from /metrics", tt.name, tt.labels)
			continue
		}
		if math.Abs(got-tt.want) > 1e-6 {
			t.Errorf("%s%v = %v, want %v", tt.name, tt.labels, got, tt.want)
		}
	}

	// Histogram sum: 0.3 + 2 + 0.05 + 20 + 0.
	h := fams["newsdigest_fetch_duration_seconds"].GetMetric()[0].GetHistogram()
	if math.Abs(h.GetSampleSum()-22.35) > 1e-6 {
		t.Errorf("fetch duration sum = %v, want 22.35", h.GetSampleSum())
	}
	// The runtime and process collectors, and promhttp's own counter.
	for _, name := range []string{"go_goroutines", "go_memstats_alloc_bytes", "process_start_time_seconds", "promhttp_metric_handler_requests_total"} {
		if fams[name] == nil {
			t.Errorf("%s missing from /metrics", name)
		}
	}
	if got := m.LastPoll(); !got.Equal(poll) {
		t.Errorf("LastPoll() = %v, want %v", got, poll)
	}
}

func TestFreshMetrics(t *testing.T) {
	m := NewMetrics()
	fams := scrape(t, New(Options{Metrics: m}).Handler())
	// Known label values are exported at 0 from the start.
	for _, r := range []string{"ok", "not_modified", "error"} {
		if v, ok := value(fams, "newsdigest_fetches_total", "result", r); !ok || v != 0 {
			t.Errorf("fetches_total{result=%q} = %v, %v; want 0, true", r, v, ok)
		}
	}
	// The outbox gauge appears only once a source is set.
	if fams["newsdigest_outbox_depth"] != nil {
		t.Error("newsdigest_outbox_depth exported before SetOutboxDepth")
	}
	if v, _ := value(fams, "newsdigest_last_poll_timestamp_seconds"); v != 0 {
		t.Errorf("last poll before any poll = %v, want 0", v)
	}
	if !m.LastPoll().IsZero() {
		t.Errorf("LastPoll() = %v before any poll, want zero", m.LastPoll())
	}
}

func TestSetOutboxDepthReplaces(t *testing.T) {
	m := NewMetrics()
	h := New(Options{Metrics: m}).Handler()
	m.SetOutboxDepth(func() float64 { return 1 })
	m.SetOutboxDepth(func() float64 { return 2 }) // no duplicate registration
	m.SetOutboxDepth(nil)                         // ignored
	if v, ok := value(scrape(t, h), "newsdigest_outbox_depth"); !ok || v != 2 {
		t.Errorf("outbox depth = %v, %v; want 2, true", v, ok)
	}
}

func TestOutboxDepthFunc(t *testing.T) {
	tests := []struct {
		name  string
		depth func(context.Context) (int, error)
		want  float64 // NaN: unknown
	}{
		{"ok", func(context.Context) (int, error) { return 42, nil }, 42},
		{"error", func(context.Context) (int, error) { return 0, errors.New("store: closed") }, math.NaN()},
		{"bounded", func(ctx context.Context) (int, error) {
			dl, ok := ctx.Deadline()
			if !ok || time.Until(dl) > 100*time.Millisecond {
				return 0, errors.New("no deadline")
			}
			<-ctx.Done() // a store that hangs
			return 0, ctx.Err()
		}, math.NaN()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := OutboxDepthFunc(tt.depth, 20*time.Millisecond)()
			if math.IsNaN(tt.want) != math.IsNaN(got) || (!math.IsNaN(got) && got != tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestCodeLabel(t *testing.T) {
	tests := []struct {
		code int
		want string
	}{
		{429, "429"}, {403, "403"}, {400, "400"}, {401, "401"}, {500, "500"}, {502, "502"},
		{0, "0"}, {-1, "0"}, {200, "other"}, {302, "other"}, {600, "other"},
	}
	for _, tt := range tests {
		if got := codeLabel(tt.code); got != tt.want {
			t.Errorf("codeLabel(%d) = %q, want %q", tt.code, got, tt.want)
		}
	}
}

func TestNilMetrics(t *testing.T) {
	var m *Metrics
	m.Fetch(FetchOK, time.Second)
	m.Ingested(3)
	m.Stories(2)
	m.DigestSent()
	m.DigestFailed()
	m.TelegramError(429)
	m.RateWait(time.Second)
	m.SetOutboxDepth(func() float64 { return 1 })
	m.PollFinished(time.Now())
	m.DigestRun(time.Now())
	if !m.LastPoll().IsZero() {
		t.Error("nil Metrics: LastPoll not zero")
	}
	// A server without metrics still serves health; /metrics is absent.
	h := New(Options{Metrics: m}).Handler()
	for path, want := range map[string]int{"/healthz": 200, "/readyz": 200, "/metrics": 404} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
		if rec.Code != want {
			t.Errorf("GET %s = %d, want %d", path, rec.Code, want)
		}
	}
}

// TestMetricsConcurrent is for -race: updates while scraping.
func TestMetricsConcurrent(t *testing.T) {
	m := NewMetrics()
	h := New(Options{Metrics: m}).Handler()
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			for j := range 100 {
				m.Fetch(FetchOK, time.Millisecond)
				m.Ingested(1)
				m.TelegramError(429)
				m.RateWait(time.Millisecond)
				m.PollFinished(time.Now())
				m.SetOutboxDepth(func() float64 { return float64(i*100 + j) })
				_ = m.LastPoll()
			}
		})
	}
	for range 5 {
		scrape(t, h)
	}
	wg.Wait()
	if v, _ := value(scrape(t, h), "newsdigest_articles_ingested_total"); v != 800 {
		t.Errorf("ingested = %v, want 800", v)
	}
}
