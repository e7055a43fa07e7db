//go:build linux

package main

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/newsdigest/newsdigest/internal/news"
	"github.com/newsdigest/newsdigest/internal/store/sqlite"
	"github.com/newsdigest/newsdigest/internal/telegram/telegramtest"
)

// fsizeEnv, set in a child's environment, is the file size limit
// (RLIMIT_FSIZE, what `ulimit -f` sets) in bytes the child runs under.
const fsizeEnv = "NEWSDIGEST_TEST_FSIZE"

// In a child started by serveCmd, lower RLIMIT_FSIZE before main runs: a
// write past it then fails with EFBIG, as on a full disk with ENOSPC (the Go
// runtime ignores the SIGXFSZ that comes with it, so the process lives).
// Only the child is limited; no root or mount is needed.
func init() {
	v := os.Getenv(fsizeEnv)
	if v == "" || os.Getenv("NEWSDIGEST_AS_MAIN") == "" {
		return
	}
	n, err := strconv.ParseUint(v, 10, 64)
	if err == nil {
		var rl syscall.Rlimit
		if err = syscall.Getrlimit(syscall.RLIMIT_FSIZE, &rl); err == nil {
			rl.Cur = n
			err = syscall.Setrlimit(syscall.RLIMIT_FSIZE, &rl)
		}
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "%s=%s: %v\n", fsizeEnv, v, err)
		os.Exit(2)
	}
}

// TestDiskFull is issue 7's full-disk run: the service runs as a process on
// a SQLite store that cannot grow past 768 KiB, with 20 loopback feeds of
// large items and 500 queued digests, so the store fills up while it
// ingests and delivers. It must keep running and say clearly that the
// database is full, without spinning; a kill -9 and a SIGTERM while full
// must leave a sound database that still holds all it had stored; and once
// restarted with room it must store every article it could not (the feeds'
// state did not move past them) and deliver every digest, repeating at most
// the sends in flight when the store filled and at the kill.
//
// The limit is a file size limit (RLIMIT_FSIZE: writes fail with EFBIG,
// which needs no privileges) and, where the test may mount one, a 768 KiB
// tmpfs (ENOSPC), grown to 64 MiB for the restart.
//
// Each waits out a feed lease (2 min); they run side by side, in about
// 2 minutes and a few seconds, only with NEWSDIGEST_SOAK=1:
//
//	NEWSDIGEST_SOAK=1 go test -run TestDiskFull -v -timeout 15m ./cmd/newsdigest/
func TestDiskFull(t *testing.T) {
	if os.Getenv("NEWSDIGEST_SOAK") != "1" {
		t.Skip("full-disk soak (a few minutes); set NEWSDIGEST_SOAK=1 to run it")
	}
	const limit = 768 << 10
	t.Run("fsize", func(t *testing.T) {
		t.Parallel()
		testDiskFull(t, t.TempDir(), limit, []string{fmt.Sprintf("%s=%d", fsizeEnv, limit)}, func() {}, func() {})
	})
	t.Run("tmpfs", func(t *testing.T) {
		t.Parallel()
		dir := t.TempDir()
		mount := func(args ...string) error {
			if out, err := exec.Command("mount", args...).CombinedOutput(); err != nil {
				return fmt.Errorf("mount %s: %v: %s", strings.Join(args, " "), err, bytes.TrimSpace(out))
			}
			return nil
		}
		// Roomy for seeding; shrunk to the limit when the service starts.
		if err := mount("-t", "tmpfs", "-o", "size=64m", "newsdigest-test", dir); err != nil {
			t.Skipf("cannot mount a tmpfs (needs root): %v", err)
		}
		t.Cleanup(func() {
			if out, err := exec.Command("umount", dir).CombinedOutput(); err != nil {
				t.Errorf("umount %s: %v: %s", dir, err, out)
				exec.Command("umount", "-l", dir).Run()
			}
		})
		resize := func(size string) func() {
			return func() {
				if err := mount("-o", "remount,size="+size, dir); err != nil {
					t.Fatal(err)
				}
			}
		}
		testDiskFull(t, dir, limit, nil, resize(strconv.Itoa(limit)), resize("64m"))
	})
}

// testDiskFull seeds a store in dataDir and runs the service on it twice
// with the extra environment limited after shrink, under which its files
// cannot grow past limit bytes, then once after lift without it.
func testDiskFull(t *testing.T, dataDir string, limit int, limited []string, shrink, lift func()) {
	const (
		feeds       = 20
		items       = 10 // per feed, about 2 KB each
		subscribers = 500
		firstChat   = 11001
		seeded      = 100 // articles stored before the service starts
		inFlight    = 8   // the deliverer's workers: at most this many sends under way
		fullMsg     = "database file is full"
		watch       = 5 * time.Second // how long the full service is watched
	)
	began := time.Now()

	// The feed server answers 304 to a feed's ETag: a feed whose state
	// recorded the ETag without its articles would never have them stored.
	feedSrv := newSoakFeeds(items, "the full disk", true, func(name string, i int) string { return filler(name, i, 2000) })
	defer feedSrv.Close()

	api := telegramtest.New(t, telegramtest.WithTelegramRateLimits())

	dir := t.TempDir()
	dbPath := filepath.Join(dataDir, "newsdigest.db")
	// Polled every minute (the shortest interval): a feed that failed is
	// polled again about a minute later.
	cfgPath := writeSoakConfig(t, dir, fmt.Sprintf("data_dir: %s\nlog: {level: info}\nfetch: {interval: 1m}\n", dataDir), feedSrv.URL, feeds, api.URL())

	// Before the service starts: subscribers with their digests queued and
	// some articles, all of which must survive.
	db, err := sqlite.Open(context.Background(), dbPath)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() }) // if seeding fails: a tmpfs must not stay busy
	seedDigests(t, db, firstChat, subscribers)
	var old []news.Article
	pub := time.Now().UTC().Truncate(time.Hour)
	for i := range seeded {
		old = append(old, news.Article{ID: fmt.Sprintf("seed-%d", i), FeedID: "seed", Outlet: "Seed", Language: "en",
			URL: fmt.Sprintf("https://seed.example/%d", i), Title: fmt.Sprintf("Seeded story %d", i), Text: filler("seed", i, 500),
			Published: pub.Add(-48 * time.Hour), Fetched: pub.Add(-48 * time.Hour)})
	}
	if _, err := db.SaveArticles(context.Background(), old); err != nil {
		t.Fatal(err)
	}
	db.Close()
	shrink()
	seededState := readStored(t, dbPath)
	if fi, err := os.Stat(dbPath); err == nil {
		t.Logf("seeded: %d subscribers with a digest queued, %d articles; %d KiB; limit %d KiB", subscribers, seeded, fi.Size()>>10, limit>>10)
	}

	var proc *child
	defer func() { // on a failed assertion, leave no process behind
		if proc != nil {
			proc.stop(syscall.SIGKILL)
		}
	}()

	// 1. Under the limit the store fills up. The service goes on, says
	// so, and does not spin; then it is killed with SIGKILL.
	proc = startChild(t, cfgPath, limited...)
	line := proc.waitLog(t, time.Minute, fullMsg)
	fullAfter := time.Since(proc.started)
	t.Logf("store full %s after the start; the log says:\n\t%s", fullAfter.Round(time.Millisecond), line)
	cpu, lines := proc.watch(t, watch)
	t.Logf("while full, over %s: %d log lines, %s CPU", watch, lines, cpu)
	if cpu > watch/2 {
		t.Errorf("the full service used %s of CPU in %s: busy looping", cpu, watch)
	}
	if lines > 20*int(watch/time.Second) {
		t.Errorf("the full service logged %d lines in %s: busy looping", lines, watch)
	}
	before := readStored(t, dbPath)
	before.covers(t, "stored before the service started", seededState)
	// Sends the store could not record go out again after a restart; only
	// those in flight when it filled may be among them.
	if unrecorded := len(api.Messages()) - len(before.sent); unrecorded > inFlight {
		t.Errorf("%d messages sent but not recorded as sent while the store was full, want at most the %d in flight when it filled", unrecorded, inFlight)
	}
	proc.stop(syscall.SIGKILL)
	proc = nil
	if check := integrityCheck(t, dbPath); check != "ok" {
		t.Errorf("after kill -9 while full: PRAGMA integrity_check = %q, want ok", check)
	}
	afterKill := readStored(t, dbPath)
	afterKill.covers(t, "stored before kill -9 while full", before)
	t.Logf("before the kill: %d articles stored (%d new), %d of %d digests marked sent, %d feeds with an ETag; %d messages delivered",
		len(before.urls), len(before.urls)-seeded, len(before.sent), subscribers, len(before.etags), len(api.Messages()))
	for feed, etag := range before.etags {
		for i := range items {
			if u := fmt.Sprintf("https://%s.example/news/%d", feed, i); !before.urls[u] {
				t.Errorf("feed %s's state has ETag %s but its article %s is not stored: the next poll gets a 304 and never stores it", feed, etag, u)
				break
			}
		}
	}

	// 2. Restarted on the still full store, it starts, says so again and
	// stops cleanly on SIGTERM.
	proc = startChild(t, cfgPath, limited...)
	line = proc.waitLog(t, time.Minute, fullMsg)
	t.Logf("restarted while full; the log says:\n\t%s", line)
	if err := proc.stop(syscall.SIGTERM); err != nil {
		t.Errorf("SIGTERM while full: %v", err)
	}
	proc = nil
	if check := integrityCheck(t, dbPath); check != "ok" {
		t.Errorf("after SIGTERM while full: PRAGMA integrity_check = %q, want ok", check)
	}
	afterTerm := readStored(t, dbPath)
	afterTerm.covers(t, "stored before SIGTERM while full", afterKill)

	// 3. Without the limit it catches up: every article it could not
	// store is stored on the next poll (after the killed process's feed
	// leases run out) and every subscriber gets the digest.
	lift()
	recovering := time.Now()
	proc = startChild(t, cfgPath)
	everyone := func() bool {
		for c := int64(firstChat); c < firstChat+subscribers; c++ {
			if len(api.MessagesTo(c)) == 0 {
				return false
			}
		}
		return true
	}
	for end := time.Now().Add(2 * time.Minute); !everyone(); time.Sleep(50 * time.Millisecond) {
		if time.Now().After(end) {
			state := outboxState(t, dbPath)
			proc.stop(syscall.SIGQUIT) // its goroutines, into the log
			t.Fatalf("waited 2m for every subscriber to be served: %d messages sent; outbox: %s\nthe service's log:\n%s",
				len(api.Messages()), state, proc.logs.String())
		}
	}
	delivered := time.Since(recovering)
	missing := feedSrv.missing
	deadline := time.Now().Add(4 * time.Minute)
	for len(missing(readStored(t, dbPath).urls)) > 0 && time.Now().Before(deadline) {
		time.Sleep(time.Second)
	}
	caughtUp := time.Since(recovering)
	if err := proc.stop(syscall.SIGTERM); err != nil {
		t.Errorf("last run after SIGTERM: %v", err)
	}
	logs := proc.logs.String()
	proc = nil

	if check := integrityCheck(t, dbPath); check != "ok" {
		t.Errorf("after recovery: PRAGMA integrity_check = %q, want ok", check)
	}
	final := readStored(t, dbPath)
	final.covers(t, "stored before the recovery", afterTerm)
	nServed, _, _ := feedSrv.counts()
	if m := missing(final.urls); len(m) > 0 {
		t.Errorf("%d of %d served articles not stored after recovery, e.g. %v", len(m), nServed, m[:min(5, len(m))])
	}
	if nServed != feeds*items {
		t.Errorf("feed server served %d distinct items, want %d (every feed polled)", nServed, feeds*items)
	}
	if strings.Contains(logs, fullMsg) {
		t.Errorf("the store still reports being full after the limit was lifted")
	}

	msgs := api.Messages()
	lost, dups := 0, 0
	for c := int64(firstChat); c < firstChat+subscribers; c++ {
		if n := len(api.MessagesTo(c)); n == 0 {
			lost++
		} else {
			dups += n - 1
		}
	}
	if lost > 0 {
		t.Errorf("%d of %d subscribers got no digest", lost, subscribers)
	}
	if len(final.sent) != subscribers {
		t.Errorf("%d of %d digests marked sent, want all", len(final.sent), subscribers)
	}
	// The sends in flight when the store filled, and at the kill, may
	// have gone out without being recorded.
	if allowed := 2 * inFlight; dups > allowed {
		t.Errorf("%d duplicate digests, want at most %d (%d in flight when the store filled and at the kill)", dups, allowed, inFlight)
	}
	_, _, n304 := feedSrv.counts()
	t.Logf("recovered: every subscriber served %s after the restart, every article stored %s after it", delivered.Round(time.Millisecond), caughtUp.Round(time.Millisecond))
	t.Logf("%d messages to %d subscribers (%d lost, %d duplicates, at most %d allowed); %d articles stored (%d seeded, %d of %d served); %d feed requests answered 304",
		len(msgs), subscribers, lost, dups, 2*inFlight, len(final.urls), seeded, nServed-len(missing(final.urls)), nServed, n304)
	t.Logf("elapsed %s", time.Since(began).Round(time.Millisecond))
}

// filler is n bytes of text, different for every feed and item (so that
// the store cannot share anything between them).
func filler(name string, i, n int) string {
	var b strings.Builder
	for k := 0; b.Len() < n; k++ {
		fmt.Fprintf(&b, "Paragraph %d of item %d of %s says something new. ", k, i, name)
	}
	return b.String()[:n]
}

// stored is what a SQLite store holds, read while the service may run.
type stored struct {
	urls  map[string]bool   // article URLs
	sent  map[int64]bool    // outbox IDs marked sent
	etags map[string]string // feed -> ETag recorded in its state
}

// readStored reads the store at path read-only (so that it neither
// checkpoints nor grows the file the child is limited on).
func readStored(t *testing.T, path string) stored {
	t.Helper()
	db := openReadOnly(t, path)
	defer db.Close()
	s := stored{urls: map[string]bool{}, sent: map[int64]bool{}, etags: map[string]string{}}
	scan := func(query string, row func(*sql.Rows) error) {
		rows, err := db.Query(query)
		if err != nil {
			t.Fatalf("reading %s: %v", path, err)
		}
		defer rows.Close()
		for rows.Next() {
			if err := row(rows); err != nil {
				t.Fatalf("reading %s: %v", path, err)
			}
		}
		if err := rows.Err(); err != nil {
			t.Fatalf("reading %s: %v", path, err)
		}
	}
	scan(`SELECT url FROM articles WHERE url IS NOT NULL`, func(r *sql.Rows) error {
		var u string
		err := r.Scan(&u)
		s.urls[u] = true
		return err
	})
	scan(`SELECT id FROM outbox WHERE status = 'sent'`, func(r *sql.Rows) error {
		var id int64
		err := r.Scan(&id)
		s.sent[id] = true
		return err
	})
	scan(`SELECT feed_id, etag FROM feed_state WHERE etag != ''`, func(r *sql.Rows) error {
		var f, e string
		err := r.Scan(&f, &e)
		s.etags[f] = e
		return err
	})
	return s
}

// outboxState describes the outbox at path, to tell why digests wait.
func outboxState(t *testing.T, path string) string {
	t.Helper()
	db := openReadOnly(t, path)
	defer db.Close()
	var b strings.Builder
	now := time.Now().UnixNano()
	for _, q := range []string{
		`SELECT status || ': ' || COUNT(*) || ' (' || SUM(next_attempt > ?) || ' not yet due, ' || SUM(attempts > 0) || ' tried)' FROM outbox GROUP BY status`,
		`SELECT 'chat leases of ' || owner || ': ' || COUNT(*) || ' (' || SUM(until > ?) || ' live, until ' || MIN(until) || '..' || MAX(until) || ')' FROM chat_leases GROUP BY owner`,
		`SELECT 'now ' || ?`,
		`SELECT 'e.g. message ' || id || ' to ' || chat_id || ': ' || attempts || ' attempts, last error ' || quote(last_error) FROM outbox WHERE status != 'sent' AND ? > 0 LIMIT 3`,
	} {
		rows, err := db.Query(q, now)
		if err != nil {
			fmt.Fprintf(&b, "%v; ", err)
			continue
		}
		for rows.Next() {
			var line string
			rows.Scan(&line)
			b.WriteString(line + "; ")
		}
		rows.Close()
	}
	return b.String()
}

// covers fails the test unless s holds everything earlier held.
func (s stored) covers(t *testing.T, what string, earlier stored) {
	t.Helper()
	var lostURLs, unsent int
	for u := range earlier.urls {
		if !s.urls[u] {
			lostURLs++
		}
	}
	for id := range earlier.sent {
		if !s.sent[id] {
			unsent++
		}
	}
	if lostURLs > 0 || unsent > 0 {
		t.Errorf("%s: %d of %d articles gone, %d of %d sent digests no longer marked sent", what, lostURLs, len(earlier.urls), unsent, len(earlier.sent))
	}
}

// child is a running service process whose log is kept.
type child struct {
	cmd     *exec.Cmd
	logs    *syncBuffer
	started time.Time
	done    chan struct{}
	err     error // of Wait, once done is closed
}

func startChild(t *testing.T, cfgPath string, env ...string) *child {
	t.Helper()
	c := &child{cmd: serveCmd(cfgPath, env...), logs: &syncBuffer{}, done: make(chan struct{})}
	if testing.Verbose() {
		c.cmd.Stderr = io.MultiWriter(c.logs, os.Stderr)
	} else {
		c.cmd.Stderr = c.logs
	}
	if err := c.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	c.started = time.Now()
	go func() {
		c.err = c.cmd.Wait()
		close(c.done)
	}()
	return c
}

// stop signals the process and waits for it; it returns how it ended.
func (c *child) stop(sig syscall.Signal) error {
	c.cmd.Process.Signal(sig)
	<-c.done
	return c.err
}

// waitLog waits for a log line containing s and returns it; it fails the
// test if the process ends or timeout passes first.
func (c *child) waitLog(t *testing.T, timeout time.Duration, s string) string {
	t.Helper()
	deadline := time.After(timeout)
	for {
		if line := c.logs.line(s); line != "" {
			return line
		}
		select {
		case <-c.done:
			t.Fatalf("the service ended (%v) before logging %q; its log:\n%s", c.err, s, c.logs.String())
		case <-deadline:
			t.Fatalf("waited %s for the service to log %q; its log:\n%s", timeout, s, c.logs.String())
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// watch lets the process run for d and returns the CPU time it used and
// the lines it logged meanwhile; it fails the test if the process ends.
func (c *child) watch(t *testing.T, d time.Duration) (time.Duration, int) {
	t.Helper()
	cpu0, lines0 := c.cpu(t), c.logs.lines()
	select {
	case <-c.done:
		t.Fatalf("the service ended (%v); its log:\n%s", c.err, c.logs.String())
	case <-time.After(d):
	}
	return c.cpu(t) - cpu0, c.logs.lines() - lines0
}

// cpu is the CPU time the process used so far, from /proc/PID/stat.
func (c *child) cpu(t *testing.T) time.Duration {
	t.Helper()
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", c.cmd.Process.Pid))
	if err != nil {
		t.Fatalf("the service's CPU time: %v", err)
	}
	// Fields after the command name (which may hold spaces): state is
	// the 3rd field, utime and stime the 14th and 15th, in clock ticks.
	f := strings.Fields(string(b[bytes.LastIndexByte(b, ')')+1:]))
	utime, _ := strconv.ParseInt(f[11], 10, 64)
	stime, _ := strconv.ParseInt(f[12], 10, 64)
	const ticks = 100 // USER_HZ, 100 on every Linux platform
	return time.Duration(utime+stime) * time.Second / ticks
}

// syncBuffer is a log that the test reads while the process writes it.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func (b *syncBuffer) lines() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return bytes.Count(b.buf.Bytes(), []byte("\n"))
}

// line returns the first complete line containing s, or "".
func (b *syncBuffer) line(s string) string {
	for _, l := range strings.SplitAfter(b.String(), "\n") {
		if strings.HasSuffix(l, "\n") && strings.Contains(l, s) {
			return strings.TrimSuffix(l, "\n")
		}
	}
	return ""
}
