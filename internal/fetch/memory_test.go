package fetch

import (
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"runtime/metrics"
	"strconv"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/newsdigest/newsdigest/internal/procstat"
)

// The memory a fetch costs must be bounded by Options.MaxBodyBytes, not by
// what the server sends. TestBodyMemory checks it at a small limit, counting
// the bytes allocated during one Get: that count is deterministic, and the
// heap cannot grow by more than was allocated. BenchmarkBodyMemory measures
// the same at the configuration ceiling, peak heap and RSS included:
//
//	go test -run '^$' -bench BodyMemory -benchtime 3x ./internal/fetch/

// memFiller is what plain test bodies are made of, shared so that serving
// them allocates nothing worth counting.
var memFiller = bytes.Repeat([]byte("<x/>"), 64<<10)

// gzipZeros compresses n zero bytes, streaming so it never holds them.
func gzipZeros(n int64, level int) []byte {
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, level)
	zeros := make([]byte, 1<<20)
	for n > 0 {
		k := min(n, int64(len(zeros)))
		zw.Write(zeros[:k])
		n -= k
	}
	zw.Close()
	return buf.Bytes()
}

// gzipFiller compresses n bytes of memFiller.
func gzipFiller(n int) []byte {
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestSpeed)
	writeFiller(zw, n)
	zw.Close()
	return buf.Bytes()
}

// writeFiller writes n bytes of memFiller, stopping when w fails.
func writeFiller(w io.Writer, n int) {
	for n > 0 {
		k, err := w.Write(memFiller[:min(n, len(memFiller))])
		if err != nil {
			return
		}
		n -= k
	}
}

// bodyCase is one way of serving a body to Get.
type bodyCase struct {
	name    string
	handler http.HandlerFunc // nil for file
	file    []byte           // served from an fs.FS when handler is nil
	wantLen int              // -1: refused as too large
	bound   func(limit int64) int64
}

// serveBytes sends b, with Content-Encoding gzip if ce.
func serveBytes(b []byte, ce bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if ce {
			w.Header().Set("Content-Encoding", "gzip")
		}
		w.Header().Set("Content-Length", strconv.Itoa(len(b)))
		w.Write(b)
	}
}

// servePlain sends n bytes of filler, announcing the length if withLength
// (without it net/http uses chunked encoding).
func servePlain(n int, withLength bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if withLength {
			w.Header().Set("Content-Length", strconv.Itoa(n))
		}
		writeFiller(w, n)
	}
}

// bodyCases are the cases for a limit; bomb expands well past it.
func bodyCases(limit int64, bomb []byte, plain int) []bodyCase {
	gzPlain := gzipFiller(plain)
	refused := func(limit int64) int64 { return limit + limit/4 + 512<<10 }
	exact := func(limit int64) int64 { return limit + limit/10 + 256<<10 }
	unknown := func(limit int64) int64 { return 2*limit + limit/10 + 512<<10 }
	return []bodyCase{
		{name: "gzip bomb, Content-Encoding", handler: serveBytes(bomb, true), wantLen: -1, bound: refused},
		{name: "gzip bomb, no Content-Encoding", handler: serveBytes(bomb, false), wantLen: -1, bound: refused},
		{name: "gzip bomb, gzipped again", handler: serveBytes(gzipped(bomb), true), wantLen: -1, bound: refused},
		{name: "gzip bomb file", file: bomb, wantLen: -1, bound: refused},
		{name: "plain, length over the limit", handler: servePlain(int(limit)+1, true), wantLen: -1,
			bound: func(int64) int64 { return 256 << 10 }},
		{name: "plain, length under the limit", handler: servePlain(plain, true), wantLen: plain, bound: exact},
		{name: "plain file under the limit", file: bytes.Repeat([]byte("<x/>"), plain/4), wantLen: plain / 4 * 4, bound: exact},
		// Without a length the body is read in chunks and joined at the end,
		// so it briefly takes twice its size.
		{name: "plain, chunked under the limit", handler: servePlain(plain, false), wantLen: plain, bound: unknown},
		{name: "gzip, Content-Encoding, under the limit", handler: serveBytes(gzPlain, true), wantLen: plain, bound: unknown},
	}
}

// memUse is what one call cost.
type memUse struct {
	alloc    uint64 // bytes allocated during the call, by any goroutine
	peakHeap uint64 // highest sampled heap-object bytes above the start; an estimate
	peakRSS  int64  // growth of the process's peak RSS; 0 unless rss was asked for
}

// measure runs f and reports what it cost. The heap is sampled every
// 100µs, which catches allocations of the size that matters here, since
// filling them takes longer.
func measure(f func(), rss bool) memUse {
	runtime.GC()
	var baseRSS int64
	if rss {
		procstat.ResetPeak()
		baseRSS = procstat.Peak()
	}
	const heapObjects = "/memory/classes/heap/objects:bytes"
	sample := []metrics.Sample{{Name: heapObjects}}
	metrics.Read(sample)
	baseHeap := sample[0].Value.Uint64()

	stop, peak := make(chan struct{}), make(chan uint64)
	go func() {
		s := []metrics.Sample{{Name: heapObjects}}
		var top uint64
		tick := time.NewTicker(100 * time.Microsecond)
		defer tick.Stop()
		for {
			metrics.Read(s)
			top = max(top, s[0].Value.Uint64())
			select {
			case <-stop:
				peak <- top
				return
			case <-tick.C:
			}
		}
	}()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	close(stop)
	u := memUse{alloc: after.TotalAlloc - before.TotalAlloc}
	if top := <-peak; top > baseHeap {
		u.peakHeap = top - baseHeap
	}
	if rss {
		u.peakRSS = procstat.Peak() - baseRSS
	}
	return u
}

// fetchCase sets up bc and returns a function doing one Get and checking
// its outcome.
func fetchCase(tb testing.TB, bc bodyCase, limit int64) func() {
	tb.Helper()
	opts := Options{MaxBodyBytes: limit, Timeout: time.Minute}
	target := "feed.xml"
	if bc.handler != nil {
		srv := httptest.NewServer(bc.handler)
		tb.Cleanup(srv.Close)
		target = srv.URL + "/feed"
	} else {
		opts.Files = fstest.MapFS{"feed.xml": {Data: bc.file}}
	}
	c := New(opts)
	return func() {
		res, err := c.Get(tb.Context(), target, Validators{})
		switch {
		case bc.wantLen < 0 && !errors.Is(err, ErrTooLarge):
			tb.Fatalf("Get = %v, want ErrTooLarge", err)
		case bc.wantLen >= 0 && err != nil:
			tb.Fatalf("Get: %v", err)
		case bc.wantLen >= 0 && len(res.Body) != bc.wantLen:
			tb.Fatalf("Get returned %d bytes, want %d", len(res.Body), bc.wantLen)
		}
	}
}

// TestBodyMemory is not parallel: it counts every allocation in the
// process, and top-level parallel tests only start once it is done.
func TestBodyMemory(t *testing.T) {
	const limit = 4 << 20
	bomb := gzipZeros(100<<20, gzip.BestSpeed)
	for _, bc := range bodyCases(limit, bomb, limit-1<<10) {
		t.Run(bc.name, func(t *testing.T) {
			get := fetchCase(t, bc, limit)
			get() // warm up: connection, gzip readers' tables
			u := measure(get, false)
			bound := bc.bound(limit)
			t.Logf("allocated %.2f MiB (%.2f× the limit), bound %.2f MiB", mib(u.alloc), float64(u.alloc)/limit, mib(uint64(bound)))
			if u.alloc > uint64(bound) {
				t.Errorf("Get allocated %d bytes with a %d byte limit, want at most %d", u.alloc, limit, bound)
			}
		})
	}
}

func mib[T int64 | uint64](n T) float64 { return float64(n) / (1 << 20) }

// bigBomb expands to 1 GiB, ten times the configuration's ceiling.
var bigBomb = sync.OnceValue(func() []byte { return gzipZeros(1<<30, gzip.BestSpeed) })

// BenchmarkBodyMemory reports, per Get at a 100 MiB limit (the ceiling on
// fetch.max_body): MiB allocated, peak heap growth and peak RSS growth.
func BenchmarkBodyMemory(b *testing.B) {
	const limit = 100 << 20 // config.MaxBodyCeiling
	for _, bc := range bodyCases(limit, bigBomb(), 50e6) {
		b.Run(bc.name, func(b *testing.B) {
			get := fetchCase(b, bc, limit)
			get()
			var alloc uint64
			var heap uint64
			var rss int64
			b.ResetTimer()
			for range b.N {
				u := measure(get, true)
				alloc += u.alloc
				heap = max(heap, u.peakHeap)
				rss = max(rss, u.peakRSS)
			}
			b.ReportMetric(mib(alloc)/float64(b.N), "alloc-MiB/op")
			b.ReportMetric(mib(heap), "peak-heap-MiB")
			b.ReportMetric(mib(rss), "peak-RSS-MiB")
		})
	}
}

// servePage sends n bytes of filler as text/html, announcing the length if
// withLength.
func servePage(n int, withLength bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		if withLength {
			w.Header().Set("Content-Length", strconv.Itoa(n))
		}
		writeFiller(w, n)
	}
}

// servePageBytes sends b as text/html, with Content-Encoding gzip if ce.
func servePageBytes(b []byte, ce bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		serveBytes(b, ce)(w, r)
	}
}

// TestPageMemory is TestBodyMemory for GetPage: a 100 MB page or a gzip
// bomb costs about the page limit, not what the server sends. Decoding
// adds the decoded copy. Not parallel, for the same reason.
func TestPageMemory(t *testing.T) {
	const limit = 4 << 20
	bomb := gzipZeros(100<<20, gzip.BestSpeed)
	cyrillic := bytes.Repeat([]byte("\xcf\xf0\xe5\xe7\xe8\xe4\xe5\xed\xf2 "), limit/2/10) // "Президент " in CP1251
	refused := func(limit int64) int64 { return limit + limit/4 + 512<<10 }
	tests := []struct {
		name    string
		handler http.HandlerFunc
		wantLen int // -1: refused as too large
		bound   int64
	}{
		{"100 MB page, chunked", servePage(100e6, false), -1, refused(limit)},
		{"100 MB page, announced", servePage(100e6, true), -1, 256 << 10},
		{"gzip bomb, Content-Encoding", servePageBytes(bomb, true), -1, refused(limit)},
		{"gzip bomb, no Content-Encoding", servePageBytes(bomb, false), -1, refused(limit)},
		{"page under the limit, announced", servePage(limit-1<<10, true), limit - 1<<10, limit + limit/10 + 256<<10},
		// Read into one buffer of its size, then decoded into one of
		// twice that.
		{"CP1251 page of half the limit", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=windows-1251")
			w.Header().Set("Content-Length", strconv.Itoa(len(cyrillic)))
			w.Write(cyrillic)
		}, len(cyrillic) / 10 * 19, 3*int64(len(cyrillic)) + 512<<10},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(tt.handler)
			t.Cleanup(srv.Close)
			c := New(Options{MaxPageBytes: limit, Timeout: time.Minute, IgnoreRobots: true})
			get := func() {
				page, err := c.GetPage(t.Context(), srv.URL+"/page")
				switch {
				case tt.wantLen < 0 && !errors.Is(err, ErrTooLarge):
					t.Fatalf("GetPage = %v, want ErrTooLarge", err)
				case tt.wantLen >= 0 && err != nil:
					t.Fatalf("GetPage: %v", err)
				case tt.wantLen >= 0 && len(page.Body) != tt.wantLen:
					t.Fatalf("GetPage returned %d bytes, want %d", len(page.Body), tt.wantLen)
				}
			}
			get() // warm up
			u := measure(get, false)
			t.Logf("allocated %.2f MiB (%.2f× the limit), bound %.2f MiB", mib(u.alloc), float64(u.alloc)/limit, mib(uint64(tt.bound)))
			if u.alloc > uint64(tt.bound) {
				t.Errorf("GetPage allocated %d bytes with a %d byte limit, want at most %d", u.alloc, limit, tt.bound)
			}
		})
	}
}
