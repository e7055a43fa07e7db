package schedule

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestParse(t *testing.T) {
	tests := map[string]struct{ in, want, err string }{
		"daily":          {"daily 08:00", "0 8 * * *", ""},
		"daily short":    {"Daily 7", "0 7 * * *", ""},
		"weekdays":       {"weekdays 7:30", "30 7 * * 1-5", ""},
		"weekends":       {"weekends 10:00", "0 10 * * 0,6", ""},
		"times":          {"08:00,18:00", "0 8,18 * * *", ""},
		"twice daily":    {"twice daily", "0 8,18 * * *", ""},
		"preset":         {"weekly (Monday 08:00)", "0 8 * * 1", ""},
		"cron":           {"0 9 * * MON-FRI", "0 9 * * mon-fri", ""},
		"bad hour":       {"daily 25:00", "", "not a time of day"},
		"mixed minutes":  {"08:00,18:30", "", "share their minutes"},
		"bad cron":       {"0 8 * *", "", "not a schedule"},
		"bad cron field": {"61 8 * * *", "", "invalid cron spec"},
		"tz injection":   {"TZ=0 0 8 * *", "", "invalid cron spec"},
		"empty":          {"  ", "", "say when"},
		"panic bait":     {"CRON_TZ=", "", "not a schedule"},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			got, err := Parse(tt.in)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("Parse(%q) = %q, %v; want error containing %q", tt.in, got, err, tt.err)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("Parse(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
			}
		})
	}
}

func TestDescribe(t *testing.T) {
	if got := Describe("en", "30 7 * * 1-5", "Europe/Kyiv"); got != "07:30 on weekdays (Europe/Kyiv)" {
		t.Errorf("Describe = %q", got)
	}
	if got := Describe("en", "0 8,18 * * *", "UTC"); got != "08:00 and 18:00 every day (UTC)" {
		t.Errorf("Describe = %q", got)
	}
	if got := Describe("uk", "0 8,18 * * *", "Europe/Kyiv"); got != "щодня о 08:00 і 18:00 (Europe/Kyiv)" {
		t.Errorf("Describe(uk) = %q", got)
	}
	if got := Describe("de", "30 7 * * 1-5", "Europe/Berlin"); got != "werktags um 07:30 (Europe/Berlin)" {
		t.Errorf("Describe(de) = %q", got)
	}
}

// TestEachAtTheirOwnEight crosses 08:00 in Kyiv and in New York (seven
// hours apart) and sees each subscriber's digest fire once, at 08:00 local.
func TestEachAtTheirOwnEight(t *testing.T) {
	start := time.Date(2025, 2, 14, 4, 0, 0, 0, time.UTC) // 06:00 in Kyiv, 23:00 in New York
	clock := NewManualClock(start)
	var mu sync.Mutex
	fired := map[int64][]time.Time{}
	s := New(clock, func(ctx context.Context, chat int64, at time.Time) {
		mu.Lock()
		fired[chat] = append(fired[chat], at)
		mu.Unlock()
	})
	if err := s.Set(1, "0 8 * * *", "Europe/Kyiv"); err != nil {
		t.Fatal(err)
	}
	if err := s.Set(2, "0 8 * * *", "America/New_York"); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { s.Run(ctx); close(done) }()
	settle := func() { time.Sleep(200 * time.Microsecond) }
	clock.Advance(12*time.Hour, time.Minute, settle) // to 16:00 UTC: past 08:00 in both zones
	time.Sleep(20 * time.Millisecond)
	cancel()
	<-done

	kyiv, _ := time.LoadLocation("Europe/Kyiv")
	ny, _ := time.LoadLocation("America/New_York")
	want := map[int64]time.Time{
		1: time.Date(2025, 2, 14, 8, 0, 0, 0, kyiv),
		2: time.Date(2025, 2, 14, 8, 0, 0, 0, ny),
	}
	mu.Lock()
	defer mu.Unlock()
	for chat, at := range want {
		if len(fired[chat]) != 1 || !fired[chat][0].Equal(at) {
			t.Errorf("chat %d fired at %v, want once at %v", chat, fired[chat], at)
		}
	}
	if next, _ := s.NextRun(1); !next.Equal(want[1].Add(24 * time.Hour)) {
		t.Errorf("chat 1 next run %v, want the next day's 08:00", next)
	}
}

func TestRemoveStopsDigests(t *testing.T) {
	clock := NewManualClock(time.Date(2025, 2, 14, 7, 0, 0, 0, time.UTC))
	var mu sync.Mutex
	count := 0
	s := New(clock, func(context.Context, int64, time.Time) { mu.Lock(); count++; mu.Unlock() })
	if err := s.Set(1, "0 8 * * *", "UTC"); err != nil {
		t.Fatal(err)
	}
	s.Remove(1)
	if err := s.Set(2, "0 8 * * *", "Nowhere/City"); err == nil {
		t.Error("unknown zone accepted")
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { s.Run(ctx); close(done) }()
	clock.Advance(2*time.Hour, time.Minute, func() { time.Sleep(100 * time.Microsecond) })
	cancel()
	<-done
	mu.Lock()
	defer mu.Unlock()
	if count != 0 {
		t.Errorf("removed chat fired %d times", count)
	}
}
