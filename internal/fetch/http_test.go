package fetch

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

const rssBody = `<?xml version="1.0"?><rss version="2.0"><channel><title>t</title></channel></rss>`

// newTestClient returns a client whose limits keep the suite fast; fields
// set in opts win.
func newTestClient(opts Options) *Client {
	if opts.Timeout == 0 {
		opts.Timeout = 2 * time.Second
	}
	if opts.MaxBodyBytes == 0 {
		opts.MaxBodyBytes = 64 << 10
	}
	return New(opts)
}

func serve(t *testing.T, h http.HandlerFunc) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

func gzipped(b []byte) []byte {
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	zw.Write(b)
	zw.Close()
	return buf.Bytes()
}

// gzipBomb is 1 MiB of zeros, 16 times the test limit, in about 1 KiB.
var gzipBomb = sync.OnceValue(func() []byte { return gzipped(make([]byte, 1<<20)) })

// writeN streams n bytes of XML-ish filler, stopping when the client leaves.
func writeN(w io.Writer, n int) {
	chunk := bytes.Repeat([]byte("<x/>"), 64<<10)
	for n > 0 {
		k, err := w.Write(chunk[:min(n, len(chunk))])
		if err != nil {
			return
		}
		n -= k
	}
}

func TestGet(t *testing.T) {
	t.Parallel()
	const etag, lastMod = `"v1"`, "Mon, 02 Jan 2006 15:04:05 GMT"
	tests := map[string]struct {
		handler http.HandlerFunc
		path    string // requested; default "/feed"
		v       Validators
		want    Result // FinalURL relative to the server
	}{
		"200 with validators and max-age": {
			handler: func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/rss+xml")
				w.Header().Set("ETag", etag)
				w.Header().Set("Last-Modified", lastMod)
				w.Header().Set("Cache-Control", "public, max-age=600")
				io.WriteString(w, rssBody)
			},
			want: Result{Body: []byte(rssBody), Validators: Validators{etag, lastMod}, ContentType: "application/rss+xml",
				FinalURL: "/feed", Status: 200, TTL: 10 * time.Minute},
		},
		"304 on If-None-Match keeps validators": {
			handler: func(w http.ResponseWriter, r *http.Request) {
				if r.Header.Get("If-None-Match") == etag {
					w.WriteHeader(http.StatusNotModified)
					return
				}
				io.WriteString(w, rssBody)
			},
			v:    Validators{etag, lastMod},
			want: Result{NotModified: true, Validators: Validators{etag, lastMod}, FinalURL: "/feed", Status: 304},
		},
		"304 on If-Modified-Since": {
			handler: func(w http.ResponseWriter, r *http.Request) {
				if r.Header.Get("If-Modified-Since") == lastMod {
					w.WriteHeader(http.StatusNotModified)
					return
				}
				io.WriteString(w, rssBody)
			},
			v:    Validators{LastModified: lastMod},
			want: Result{NotModified: true, Validators: Validators{LastModified: lastMod}, FinalURL: "/feed", Status: 304},
		},
		"304 with a new ETag": {
			handler: func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("ETag", `"v2"`)
				w.WriteHeader(http.StatusNotModified)
			},
			v:    Validators{etag, lastMod},
			want: Result{NotModified: true, Validators: Validators{`"v2"`, lastMod}, FinalURL: "/feed", Status: 304},
		},
		"RSS served as text/html": {
			handler: func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "text/html; charset=utf-8")
				io.WriteString(w, "\n  "+rssBody)
			},
			want: Result{Body: []byte("\n  " + rssBody), ContentType: "text/html; charset=utf-8", FinalURL: "/feed", Status: 200},
		},
		"gzip with Content-Encoding": {
			handler: func(w http.ResponseWriter, r *http.Request) {
				if !strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
					http.Error(w, "no gzip asked for", http.StatusBadRequest)
					return
				}
				w.Header().Set("Content-Type", "application/rss+xml")
				w.Header().Set("Content-Encoding", "gzip")
				w.Write(gzipped([]byte(rssBody)))
			},
			want: Result{Body: []byte(rssBody), ContentType: "application/rss+xml", FinalURL: "/feed", Status: 200},
		},
		"gzip without Content-Encoding": {
			handler: func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/gzip")
				w.Write(gzipped([]byte(rssBody)))
			},
			want: Result{Body: []byte(rssBody), ContentType: "application/gzip", FinalURL: "/feed", Status: 200},
		},
		"redirect followed": {
			handler: func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path == "/old" {
					http.Redirect(w, r, "/feed", http.StatusMovedPermanently)
					return
				}
				w.Header().Set("Content-Type", "application/rss+xml")
				io.WriteString(w, rssBody)
			},
			path: "/old",
			want: Result{Body: []byte(rssBody), ContentType: "application/rss+xml", FinalURL: "/feed", Status: 200},
		},
		"body exactly at the limit": {
			handler: func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/xml")
				writeN(w, 64<<10)
			},
			want: Result{Body: bytes.Repeat([]byte("<x/>"), 16<<10), ContentType: "application/xml", FinalURL: "/feed", Status: 200},
		},
		"TTL from Expires against the server's Date": {
			handler: func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/rss+xml")
				w.Header().Set("Date", "Mon, 02 Jan 2006 15:04:05 GMT")
				w.Header().Set("Expires", "Mon, 02 Jan 2006 16:04:05 GMT")
				io.WriteString(w, rssBody)
			},
			want: Result{Body: []byte(rssBody), ContentType: "application/rss+xml", FinalURL: "/feed", Status: 200, TTL: time.Hour},
		},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			srv := serve(t, tt.handler)
			path := tt.path
			if path == "" {
				path = "/feed"
			}
			got, err := newTestClient(Options{}).Get(t.Context(), srv.URL+path, tt.v)
			if err != nil {
				t.Fatalf("Get: %v", err)
			}
			got.FinalURL = strings.TrimPrefix(got.FinalURL, srv.URL)
			if !reflect.DeepEqual(*got, tt.want) {
				t.Errorf("Get =\n %+v\nwant\n %+v", *got, tt.want)
			}
		})
	}
}

func TestGetErrors(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		handler    http.HandlerFunc
		opts       Options
		wantErr    error // checked with errors.Is unless nil
		status     int
		temporary  bool
		retryAfter time.Duration // to within 2s, for HTTP dates
		msg        string        // prefix of the message after "fetch: <URL>: "; $URL is the server's
	}{
		"500 is temporary": {
			handler:   func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(500) },
			status:    500,
			temporary: true,
			msg:       "HTTP 500 Internal Server Error",
		},
		"404 is permanent": {
			handler: http.NotFound,
			status:  404,
			msg:     "HTTP 404 Not Found",
		},
		"410 is permanent": {
			handler: func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(410) },
			status:  410,
			msg:     "HTTP 410 Gone",
		},
		"429 with Retry-After in seconds": {
			handler: func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Retry-After", "120")
				w.WriteHeader(429)
			},
			status:     429,
			temporary:  true,
			retryAfter: 2 * time.Minute,
			msg:        "HTTP 429 Too Many Requests (retry after 2m0s)",
		},
		"503 with Retry-After as HTTP date": {
			handler: func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Retry-After", time.Now().Add(90*time.Second).UTC().Format(http.TimeFormat))
				w.WriteHeader(503)
			},
			status:     503,
			temporary:  true,
			retryAfter: 90 * time.Second,
			msg:        "HTTP 503 Service Unavailable (retry after 1m",
		},
		"429 without Retry-After": {
			handler:   func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(429) },
			status:    429,
			temporary: true,
			msg:       "HTTP 429 Too Many Requests",
		},
		"HTML page": {
			handler: func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "text/html; charset=utf-8")
				io.WriteString(w, "<!DOCTYPE html>\n<html><head><title>Home</title></head><body>News</body></html>")
			},
			wantErr: ErrNotFeed,
			status:  200,
			msg:     "not a feed: got an HTML page (text/html)",
		},
		"Cloudflare challenge by header": {
			handler: func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "text/html; charset=UTF-8")
				w.Header().Set("Cf-Mitigated", "challenge")
				w.WriteHeader(403)
				io.WriteString(w, "<!DOCTYPE html><html><head><title>Just a moment...</title></head></html>")
			},
			wantErr: ErrNotFeed,
			status:  403,
			msg:     "not a feed: got a bot challenge page (text/html)",
		},
		"challenge page by its content": {
			handler: func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "text/html")
				io.WriteString(w, `<html><head><title>Just a moment...</title>`+
					`<script src="/cdn-cgi/challenge-platform/h/g/orchestrate/chl_page/v1"></script></head></html>`)
			},
			wantErr: ErrNotFeed,
			status:  200,
			msg:     "not a feed: got a bot challenge page (text/html)",
		},
		"login page": {
			handler: func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "text/html")
				io.WriteString(w, `<html><body><form><input name="user"><input type="password" name="pw"></form></body></html>`)
			},
			wantErr: ErrNotFeed,
			status:  200,
			msg:     "not a feed: got a login page (text/html)",
		},
		"empty body": {
			handler: func(w http.ResponseWriter, r *http.Request) { w.Header().Set("Content-Type", "application/rss+xml") },
			wantErr: ErrEmpty,
			status:  200,
			msg:     "empty body",
		},
		"20 MB body over a 10 MiB limit": {
			handler: func(w http.ResponseWriter, r *http.Request) { writeN(w, 20e6) },
			opts:    Options{MaxBodyBytes: 10 << 20},
			wantErr: ErrTooLarge,
			status:  200,
			msg:     "body exceeds 10 MiB limit",
		},
		"body one byte over the limit": {
			handler: func(w http.ResponseWriter, r *http.Request) { writeN(w, 64<<10+1) },
			wantErr: ErrTooLarge,
			status:  200,
			msg:     "body exceeds 64 KiB limit",
		},
		"gzip bomb with Content-Encoding": {
			handler: func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Encoding", "gzip")
				w.Write(gzipBomb())
			},
			wantErr: ErrTooLarge,
			status:  200,
			msg:     "body exceeds 64 KiB limit",
		},
		"gzip bomb without Content-Encoding": {
			handler: func(w http.ResponseWriter, r *http.Request) { w.Write(gzipBomb()) },
			wantErr: ErrTooLarge,
			status:  200,
			msg:     "body exceeds 64 KiB limit",
		},
		"slow body cut off by Timeout": {
			handler: func(w http.ResponseWriter, r *http.Request) {
				rc := http.NewResponseController(w)
				for range 100 { // 1 byte per 50ms: 5s if nothing stops it
					if _, err := io.WriteString(w, "<"); err != nil || rc.Flush() != nil {
						return
					}
					select {
					case <-r.Context().Done():
						return
					case <-time.After(50 * time.Millisecond):
					}
				}
			},
			opts:      Options{Timeout: 200 * time.Millisecond},
			status:    200,
			temporary: true,
			msg:       "timed out after 200ms",
		},
		"slow headers cut off by Timeout": {
			handler: func(w http.ResponseWriter, r *http.Request) {
				select {
				case <-r.Context().Done():
				case <-time.After(5 * time.Second):
				}
			},
			opts:      Options{Timeout: 200 * time.Millisecond},
			temporary: true,
			msg:       "timed out after 200ms",
		},
		"redirect loop": {
			handler: func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path == "/feed" {
					http.Redirect(w, r, "/elsewhere", http.StatusFound)
					return
				}
				http.Redirect(w, r, "/feed", http.StatusFound)
			},
			wantErr: ErrTooManyRedirects,
			msg:     "redirect loop at $URL/feed",
		},
		"too many redirects": {
			handler: func(w http.ResponseWriter, r *http.Request) {
				http.Redirect(w, r, r.URL.Path+"/more", http.StatusFound)
			},
			wantErr: ErrTooManyRedirects,
			msg:     "stopped after 5 redirects",
		},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			srv := serve(t, tt.handler)
			start := time.Now()
			res, err := newTestClient(tt.opts).Get(t.Context(), srv.URL+"/feed", Validators{})
			if err == nil {
				t.Fatalf("Get succeeded with %d bytes, want an error", len(res.Body))
			}
			// The slow servers would take 5s; leave room for a loaded machine.
			if elapsed := time.Since(start); tt.opts.Timeout > 0 && elapsed > 2*time.Second {
				t.Errorf("Get took %v with Timeout %v", elapsed, tt.opts.Timeout)
			}
			checkError(t, err, tt.wantErr, tt.status, tt.temporary)
			var fe *Error
			errors.As(err, &fe)
			if d := fe.RetryAfter - tt.retryAfter; d > 0 || d < -2*time.Second {
				t.Errorf("RetryAfter = %v, want %v", fe.RetryAfter, tt.retryAfter)
			}
			want := "fetch: " + srv.URL + "/feed: " + strings.ReplaceAll(tt.msg, "$URL", srv.URL)
			if !strings.HasPrefix(err.Error(), want) {
				t.Errorf("message = %q\nwant prefix %q", err.Error(), want)
			}
		})
	}
}

// checkError checks that err is an *Error with the given status and
// temporariness that matches wantErr (if not nil).
func checkError(t *testing.T, err, wantErr error, status int, temporary bool) {
	t.Helper()
	var fe *Error
	if !errors.As(err, &fe) {
		t.Fatalf("error %v (%T) is not a *fetch.Error", err, err)
	}
	if wantErr != nil && !errors.Is(err, wantErr) {
		t.Errorf("error %q is not %v", err, wantErr)
	}
	if fe.Status != status {
		t.Errorf("Status = %d, want %d", fe.Status, status)
	}
	if fe.Temporary != temporary {
		t.Errorf("Temporary = %v, want %v (error %q)", fe.Temporary, temporary, err)
	}
}

func TestGetConnectionRefused(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.NotFoundHandler())
	srv.Close()
	_, err := newTestClient(Options{}).Get(t.Context(), srv.URL+"/feed", Validators{})
	checkError(t, err, nil, 0, true)
}

func TestRequestHeaders(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		opts      Options
		v         Validators
		wantUA    string
		wantCache http.Header // conditional headers; absent ones must not be sent
	}{
		"defaults, first poll": {
			wantUA:    defaultUserAgent,
			wantCache: http.Header{},
		},
		"custom agent, both validators": {
			opts:   Options{UserAgent: "test-agent/2"},
			v:      Validators{ETag: `W/"abc"`, LastModified: "Tue, 03 Jan 2006 10:00:00 GMT"},
			wantUA: "test-agent/2",
			wantCache: http.Header{
				"If-None-Match":     {`W/"abc"`},
				"If-Modified-Since": {"Tue, 03 Jan 2006 10:00:00 GMT"},
			},
		},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			seen := make(chan http.Header, 1)
			srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
				seen <- r.Header.Clone()
				w.WriteHeader(http.StatusNotModified)
			})
			if _, err := newTestClient(tt.opts).Get(t.Context(), srv.URL, tt.v); err != nil {
				t.Fatal(err)
			}
			h := <-seen
			if got := h.Get("User-Agent"); got != tt.wantUA {
				t.Errorf("User-Agent = %q, want %q", got, tt.wantUA)
			}
			if got := h.Get("Accept"); !strings.HasPrefix(got, "application/rss+xml, application/atom+xml") {
				t.Errorf("Accept = %q, want feed types first", got)
			}
			if got := h.Get("Accept-Encoding"); got != "gzip" {
				t.Errorf("Accept-Encoding = %q, want gzip", got)
			}
			for _, k := range []string{"If-None-Match", "If-Modified-Since"} {
				if !reflect.DeepEqual(h.Values(k), tt.wantCache.Values(k)) {
					t.Errorf("%s = %q, want %q", k, h.Values(k), tt.wantCache.Values(k))
				}
			}
		})
	}
}

func TestErrorHidesSecrets(t *testing.T) {
	t.Parallel()
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(500) })
	target := strings.Replace(srv.URL, "://", "://alice:s3cret@", 1) + "/feed?page=2&api_token=hunter2"
	_, err := newTestClient(Options{}).Get(t.Context(), target, Validators{})
	want := "fetch: " + srv.URL + "/feed?page=2&api_token=REDACTED: HTTP 500 Internal Server Error"
	if err == nil || err.Error() != want {
		t.Errorf("error = %v\nwant    %s", err, want)
	}
}

func TestDenyPrivate(t *testing.T) {
	t.Parallel()
	var targetHits atomic.Int32
	target := serve(t, func(w http.ResponseWriter, r *http.Request) {
		targetHits.Add(1)
		io.WriteString(w, rssBody)
	})
	redirector := serve(t, func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, target.URL+"/feed", http.StatusFound)
	})
	targetAddr := netip.MustParseAddrPort(target.Listener.Addr().String())

	tests := map[string]struct {
		url string
		// blockOnly, if valid, narrows the check to that address, so that
		// the loopback redirector stays reachable.
		blockOnly netip.AddrPort
		msg       string
	}{
		"loopback": {
			url: target.URL + "/feed",
			msg: "fetch: " + target.URL + "/feed: refusing to connect to private address " + targetAddr.String(),
		},
		"redirect to loopback": {
			url:       redirector.URL + "/feed",
			blockOnly: targetAddr,
			msg:       "fetch: " + redirector.URL + "/feed: refusing to connect to private address " + targetAddr.String(),
		},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			c := newTestClient(Options{DenyPrivate: true})
			if tt.blockOnly.IsValid() {
				c.blocked = func(ap netip.AddrPort) bool { return ap == tt.blockOnly }
			}
			_, err := c.Get(t.Context(), tt.url, Validators{})
			checkError(t, err, ErrPrivateAddress, 0, false)
			if err != nil && err.Error() != tt.msg {
				t.Errorf("message = %q\nwant      %q", err, tt.msg)
			}
		})
	}
	if n := targetHits.Load(); n != 0 {
		t.Errorf("the private server got %d requests, want 0", n)
	}
}

func TestPerHostLimit(t *testing.T) {
	t.Parallel()
	const limit, requests = 2, 6
	var (
		inFlight, peak atomic.Int32
		arrived        = make(chan struct{}, requests)
		release        = make(chan struct{})
	)
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		n := inFlight.Add(1)
		defer inFlight.Add(-1)
		for p := peak.Load(); n > p && !peak.CompareAndSwap(p, n); p = peak.Load() {
		}
		arrived <- struct{}{}
		<-release
		io.WriteString(w, rssBody)
	})
	c := newTestClient(Options{PerHost: limit})

	var wg sync.WaitGroup
	errs := make(chan error, requests)
	for i := range requests {
		wg.Go(func() {
			_, err := c.Get(t.Context(), fmt.Sprintf("%s/feed%d", srv.URL, i), Validators{})
			errs <- err
		})
	}
	for range limit {
		<-arrived
	}
	select {
	case <-arrived:
		t.Errorf("a request beyond the limit of %d reached the server", limit)
	case <-time.After(50 * time.Millisecond):
	}
	close(release)
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	if p := peak.Load(); p != limit {
		t.Errorf("peak concurrency = %d, want %d", p, limit)
	}
}

func TestGetContextCancelled(t *testing.T) {
	t.Parallel()
	var hits atomic.Int32
	arrived := make(chan struct{}, 2)
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		arrived <- struct{}{}
		<-r.Context().Done()
	})
	// PerHost 1: while one request hangs, the next has to wait for a slot.
	c := newTestClient(Options{PerHost: 1})

	t.Run("before the call", func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		cancel()
		_, err := c.Get(ctx, srv.URL, Validators{})
		checkError(t, err, context.Canceled, 0, true)
		if n := hits.Load(); n != 0 {
			t.Errorf("server got %d requests, want 0", n)
		}
	})

	t.Run("waiting for the server, then for a host slot", func(t *testing.T) {
		first, cancelFirst := context.WithCancel(t.Context())
		errFirst := make(chan error, 1)
		go func() {
			_, err := c.Get(first, srv.URL+"/a", Validators{})
			errFirst <- err
		}()
		<-arrived

		second, cancelSecond := context.WithTimeout(t.Context(), 50*time.Millisecond)
		defer cancelSecond()
		_, err := c.Get(second, srv.URL+"/b", Validators{})
		checkError(t, err, context.DeadlineExceeded, 0, true)

		cancelFirst()
		checkError(t, <-errFirst, context.Canceled, 0, true)
		if n := hits.Load(); n != 1 {
			t.Errorf("server got %d requests, want 1", n)
		}
	})
}

func TestCheckRedirectAllowsMax(t *testing.T) {
	t.Parallel()
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		if len(r.URL.Path) < len("/feed/r/r/r") {
			http.Redirect(w, r, r.URL.Path+"/r", http.StatusFound)
			return
		}
		io.WriteString(w, rssBody)
	})
	res, err := newTestClient(Options{MaxRedirects: 3}).Get(t.Context(), srv.URL+"/feed", Validators{})
	if err != nil {
		t.Fatal(err)
	}
	if want := srv.URL + "/feed/r/r/r"; res.FinalURL != want {
		t.Errorf("FinalURL = %q, want %q", res.FinalURL, want)
	}
}
