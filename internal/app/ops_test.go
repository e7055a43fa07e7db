package app_test

import (
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/newsdigest/newsdigest/internal/config"
)

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// TestMetricsAndReadiness serves with the operator listener on loopback:
// after one poll cycle /metrics holds plausible values, /readyz is ready,
// and it turns unready when the store is closed.
func TestMetricsAndReadiness(t *testing.T) {
	t.Setenv("NEWSDIGEST_DATA_DIR", t.TempDir())
	cfg, err := config.Load("../../configs/newsdigest.yaml")
	if err != nil {
		t.Fatal(err)
	}
	cfg.HTTP.Listen = "127.0.0.1:0"
	a := serve(t, cfg, nil)

	var base string
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		if addr := a.OpsAddr(); addr != "" {
			base = "http://" + addr
			if _, body := get(t, base+"/metrics"); strings.Contains(body, "newsdigest_articles_ingested_total 52") {
				break
			}
		}
		if time.Now().After(deadline) {
			t.Fatal("no poll cycle in /metrics within 10s")
		}
	}
	_, body := get(t, base+"/metrics")
	for _, want := range []string{
		`newsdigest_fetches_total{result="ok"} 13`,
		`newsdigest_fetch_duration_seconds_count 13`,
		`newsdigest_articles_ingested_total 52`,
		`newsdigest_outbox_depth 0`,
		`newsdigest_messages_sent_total 0`,
		`newsdigest_telegram_errors_total{code="429"} 0`,
		`newsdigest_rate_limit_waits_total 0`,
		`newsdigest_last_poll_timestamp_seconds`,
		`newsdigest_stories`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}
	if code, body := get(t, base+"/healthz"); code != 200 {
		t.Errorf("/healthz = %d %s", code, body)
	}
	if code, body := get(t, base+"/readyz"); code != 200 {
		t.Errorf("/readyz = %d %s, want ready", code, body)
	}
	a.Close()
	if code, body := get(t, base+"/readyz"); code != 503 || !strings.Contains(body, "closed") {
		t.Errorf("/readyz with the store closed = %d %q, want 503 naming it", code, body)
	}
}
