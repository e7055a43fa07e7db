package cli_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
)

const rssOne = `<?xml version="1.0"?><rss version="2.0"><channel><title>Good</title><link>https://good.example/</link>
<item><title>Talks resume in Geneva</title><link>https://good.example/1</link><guid>good-1</guid><pubDate>Thu, 13 Feb 2025 18:00:00 +0000</pubDate><description>Delegations met again.</description></item>
</channel></rss>`

// TestPollKeepsBackoff runs `poll` as a cron job would against a feed that
// answers 503 with Retry-After: the feed is asked once, later runs name it
// as skipped, --force asks again, and a run where every feed polled failed
// exits 3.
func TestPollKeepsBackoff(t *testing.T) {
	var busyHits, goodHits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/good" {
			goodHits.Add(1)
			fmt.Fprint(w, rssOne)
			return
		}
		busyHits.Add(1)
		w.Header().Set("Retry-After", "600")
		http.Error(w, "later", http.StatusServiceUnavailable)
	}))
	defer srv.Close()
	dir := t.TempDir()
	write := func(name string, feeds ...string) string {
		var b strings.Builder
		fmt.Fprintf(&b, "data_dir: %s\nfeeds:\n", filepath.Join(dir, name))
		for _, f := range feeds {
			fmt.Fprintf(&b, "  - {name: %s, url: %s/%s}\n", f, srv.URL, f)
		}
		path := filepath.Join(dir, name+".yaml")
		if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	both, busyOnly := write("both", "busy", "good"), write("busy", "busy")

	for i, step := range []struct {
		args       []string
		code       int
		out        string // in stdout
		busy, good int32  // fetches so far
	}{
		{[]string{"poll", "--config", both}, 0, "FAILED: ", 1, 1},
		{[]string{"poll", "--config", both}, 0, "skipped: waiting after 1 failure(s)", 1, 2},
		{[]string{"poll", "--config", both}, 0, "--force polls it now", 1, 3},
		{[]string{"poll", "--config", both, "--force"}, 0, "FAILED: ", 2, 4},
		{[]string{"poll", "--config", busyOnly}, 3, "FAILED: ", 3, 4},
		{[]string{"poll", "--config", busyOnly}, 0, "skipped: ", 3, 4},
		{[]string{"digest", "--config", busyOnly, "--force"}, 3, "", 4, 4},
	} {
		code, stdout, stderr := run(t, step.args...)
		if code != step.code || !strings.Contains(stdout, step.out) {
			t.Errorf("step %d %v: exit %d, want %d; stdout lacks %q?\n%s\n%s", i, step.args, code, step.code, step.out, stdout, stderr)
		}
		if busyHits.Load() != step.busy || goodHits.Load() != step.good {
			t.Errorf("step %d: busy fetched %d, good %d times; want %d and %d", i, busyHits.Load(), goodHits.Load(), step.busy, step.good)
		}
		if step.code == 3 && !strings.Contains(stderr, "every feed polled failed") {
			t.Errorf("step %d: exit 3 without saying why:\n%s", i, stderr)
		}
	}
	// digest and ask name what they skipped on stderr.
	if _, _, stderr := run(t, "ask", "--config", busyOnly, "talks"); !strings.Contains(stderr, "skipped feed busy: waiting after") {
		t.Errorf("ask does not name the skipped feed:\n%s", stderr)
	}
}

// TestAskEchoesLongQuestionOnce: a pasted page as a question is shown back
// shortened, once.
func TestAskEchoesLongQuestionOnce(t *testing.T) {
	t.Setenv("NEWSDIGEST_DATA_DIR", t.TempDir())
	question := strings.Repeat("peace talks in Geneva ", 4300) // ≈ 93 KB
	code, stdout, stderr := run(t, "ask", "--no-poll", question)
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	if len(stdout)+len(stderr) > 2000 {
		t.Errorf("a %d-byte question gave %d bytes of output", len(question), len(stdout)+len(stderr))
	}
	if !strings.Contains(stdout, "peace talks in Geneva") || !strings.Contains(stdout, "…") {
		t.Errorf("the question is not echoed shortened:\n%.500s", stdout)
	}
}

// TestJSONLogDurations: durations in JSON logs read "1.5s", not bare
// nanoseconds.
func TestJSONLogDurations(t *testing.T) {
	t.Setenv("NEWSDIGEST_DATA_DIR", t.TempDir())
	t.Setenv("NEWSDIGEST_LOG_FORMAT", "json")
	code, _, stderr := run(t, "poll")
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	if !strings.Contains(stderr, `"took":"`) || strings.Contains(stderr, `"took":1`) {
		t.Errorf("durations are not strings in JSON logs:\n%s", stderr)
	}
}
