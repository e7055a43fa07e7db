package ops

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func get(t *testing.T, h http.Handler, method, path string) (int, string) {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(method, path, nil))
	return rec.Code, rec.Body.String()
}

func TestReadiness(t *testing.T) {
	start := time.Date(2025, 2, 13, 10, 0, 0, 0, time.UTC)
	okPing := func(context.Context) error { return nil }
	closed := func(context.Context) error { return fmt.Errorf("sqlite: ping: %w", errors.New("store: closed")) }
	tests := []struct {
		name     string
		ping     func(context.Context) error
		lastPoll time.Time     // zero: never
		up       time.Duration // time since New
		maxAge   time.Duration
		want     int
		body     []string // substrings of the body
	}{
		{"ready", okPing, start.Add(50 * time.Minute), time.Hour, 0, 200, []string{"ready"}},
		{"store down", closed, start.Add(50 * time.Minute), time.Hour, 0, 503, []string{"store unreachable", "store: closed"}},
		{"stale poll", okPing, start.Add(15 * time.Minute), time.Hour, 0, 503, []string{"last poll 45m ago", "max 30m"}},
		{"poll just within max age", okPing, start.Add(30 * time.Minute), time.Hour, 0, 200, []string{"ready"}},
		{"custom max age", okPing, start.Add(15 * time.Minute), time.Hour, 2 * time.Hour, 200, []string{"ready"}},
		{"age check disabled", okPing, start, 10 * time.Hour, -1, 200, []string{"ready"}},
		{"no poll yet, within grace", okPing, time.Time{}, time.Minute, 0, 200, []string{"ready"}},
		{"no poll yet, after grace", okPing, time.Time{}, 3 * time.Minute, 0, 503, []string{"no poll yet", "started 3m ago"}},
		{"every reason", closed, start.Add(-2 * time.Hour), 90 * time.Minute, 0, 503, []string{"store: closed", "last poll 3h30m ago"}},
		{"no ping configured", nil, start.Add(55 * time.Minute), time.Hour, 0, 200, []string{"ready"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			now := start
			s := New(Options{
				Ping:       tt.ping,
				LastPoll:   func() time.Time { return tt.lastPoll },
				MaxPollAge: tt.maxAge,
				Now:        func() time.Time { return now },
			})
			now = start.Add(tt.up)
			code, body := get(t, s.Handler(), http.MethodGet, "/readyz")
			if code != tt.want {
				t.Errorf("GET /readyz = %d %q, want %d", code, body, tt.want)
			}
			for _, sub := range tt.body {
				if !strings.Contains(body, sub) {
					t.Errorf("body %q lacks %q", body, sub)
				}
			}
		})
	}
}

// Readiness reads the last poll from Metrics when no LastPoll is given.
func TestReadinessFromMetrics(t *testing.T) {
	start := time.Date(2025, 2, 13, 10, 0, 0, 0, time.UTC)
	now := start
	m := NewMetrics()
	h := New(Options{Metrics: m, Now: func() time.Time { return now }}).Handler()

	now = start.Add(5 * time.Minute) // past the grace, never polled
	if code, body := get(t, h, http.MethodGet, "/readyz"); code != 503 || !strings.Contains(body, "no poll yet") {
		t.Errorf("before first poll: %d %q, want 503 no poll yet", code, body)
	}
	m.PollFinished(now)
	now = now.Add(10 * time.Minute)
	if code, body := get(t, h, http.MethodGet, "/readyz"); code != 200 {
		t.Errorf("after poll: %d %q, want 200", code, body)
	}
	now = now.Add(time.Hour)
	if code, body := get(t, h, http.MethodGet, "/readyz"); code != 503 || !strings.Contains(body, "last poll 1h10m ago") {
		t.Errorf("stale: %d %q, want 503 last poll 1h10m ago", code, body)
	}
}

// The store check is bounded by a 2 s timeout and follows the request.
func TestReadinessPingTimeout(t *testing.T) {
	var left time.Duration
	s := New(Options{Ping: func(ctx context.Context) error {
		dl, ok := ctx.Deadline()
		if !ok {
			return errors.New("no deadline")
		}
		left = time.Until(dl)
		return nil
	}})
	if code, body := get(t, s.Handler(), http.MethodGet, "/readyz"); code != 200 {
		t.Fatalf("GET /readyz = %d %q", code, body)
	}
	if left <= 0 || left > 2*time.Second {
		t.Errorf("ping deadline in %v, want within 2s", left)
	}
}

func TestEndpoints(t *testing.T) {
	h := New(Options{Metrics: NewMetrics()}).Handler()
	tests := []struct {
		method, path string
		want         int
		body         string
	}{
		{"GET", "/healthz", 200, "ok\n"},
		{"HEAD", "/healthz", 200, ""},
		{"POST", "/healthz", 405, ""},
		{"GET", "/readyz", 200, "ready\n"},
		{"GET", "/", 200, ""},
		{"GET", "/nope", 404, ""},
		{"POST", "/metrics", 405, ""},
	}
	for _, tt := range tests {
		code, body := get(t, h, tt.method, tt.path)
		if code != tt.want {
			t.Errorf("%s %s = %d, want %d", tt.method, tt.path, code, tt.want)
		}
		if tt.body != "" && body != tt.body {
			t.Errorf("%s %s body = %q, want %q", tt.method, tt.path, body, tt.body)
		}
	}
}

func TestAgo(t *testing.T) {
	tests := []struct {
		d    time.Duration
		want string
	}{
		{1500 * time.Millisecond, "2s"}, {45 * time.Second, "45s"}, {45*time.Minute + 30*time.Second, "45m"},
		{2 * time.Hour, "2h"}, {90 * time.Minute, "1h30m"}, {50 * time.Hour, "50h"},
	}
	for _, tt := range tests {
		if got := ago(tt.d); got != tt.want {
			t.Errorf("ago(%v) = %q, want %q", tt.d, got, tt.want)
		}
	}
}

func TestStartShutdown(t *testing.T) {
	m := NewMetrics()
	m.Ingested(3)
	s := New(Options{Addr: "127.0.0.1:0", Metrics: m})
	if err := s.Shutdown(context.Background()); err != nil {
		t.Fatalf("Shutdown before Start: %v", err)
	}
	addr, err := s.Start()
	if err != nil {
		t.Fatal(err)
	}
	if strings.HasSuffix(addr, ":0") {
		t.Fatalf("Start returned %q, want the real port", addr)
	}
	if _, err := s.Start(); err == nil {
		t.Error("second Start succeeded")
	}

	client := &http.Client{Timeout: 5 * time.Second}
	for path, want := range map[string]string{"/healthz": "ok", "/metrics": "newsdigest_articles_ingested_total 3"} {
		resp, err := client.Get("http://" + addr + path)
		if err != nil {
			t.Fatalf("GET %s: %v", path, err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || !strings.Contains(string(b), want) {
			t.Errorf("GET %s = %d, body lacks %q", path, resp.StatusCode, want)
		}
	}

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := s.Shutdown(ctx); err != nil {
		t.Fatalf("Shutdown: %v", err)
	}
	if _, err := client.Get("http://" + addr + "/healthz"); err == nil {
		t.Error("GET after Shutdown succeeded")
	}
}

func TestStartAddrInUse(t *testing.T) {
	a := New(Options{Addr: "127.0.0.1:0"})
	addr, err := a.Start()
	if err != nil {
		t.Fatal(err)
	}
	defer a.Shutdown(context.Background())
	if _, err := New(Options{Addr: addr}).Start(); err == nil {
		t.Errorf("Start on %s, which is taken, succeeded", addr)
	}
}
