package fetch

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/fstest"
	"time"

	"golang.org/x/text/encoding/charmap"
)

const pageHTML = "<!DOCTYPE html><html><head><title>Talks</title></head><body><p>Negotiators met again.</p></body></html>"

// serveSite serves h, with a robots.txt that allows everything.
func serveSite(t *testing.T, h http.HandlerFunc) *httptest.Server {
	t.Helper()
	return serve(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			io.WriteString(w, "User-agent: *\nDisallow: /private/\n")
			return
		}
		h(w, r)
	})
}

// htmlWith serves body with the given Content-Type ("" for none).
func htmlWith(contentType string, body []byte) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if contentType == "" {
			w.Header()["Content-Type"] = nil // keep net/http from sniffing one
		} else {
			w.Header().Set("Content-Type", contentType)
		}
		w.Write(body)
	}
}

func TestGetPage(t *testing.T) {
	t.Parallel()
	ru := strings.Join(russian, " ")
	uk := strings.Join(ukrainian, " ")
	tests := map[string]struct {
		handler http.HandlerFunc
		path    string // requested; default "/article"
		opts    Options
		want    Page // FinalURL relative to the server; Body compared as text
	}{
		"HTML in UTF-8": {
			handler: htmlWith("text/html; charset=utf-8", []byte(pageHTML)),
			want:    Page{Body: []byte(pageHTML), FinalURL: "/article", ContentType: "text/html; charset=utf-8", Charset: "utf-8", CharsetFrom: "header", Status: 200},
		},
		"XHTML": {
			handler: htmlWith("application/xhtml+xml", []byte(`<?xml version="1.0"?>`+pageHTML)),
			want:    Page{Body: []byte(`<?xml version="1.0"?>` + pageHTML), FinalURL: "/article", ContentType: "application/xhtml+xml; charset=utf-8", Charset: "utf-8", CharsetFrom: "detected", Status: 200},
		},
		"no Content-Type: sniffed": {
			handler: htmlWith("", []byte(pageHTML)),
			want:    Page{Body: []byte(pageHTML), FinalURL: "/article", ContentType: "text/html; charset=utf-8", Charset: "utf-8", CharsetFrom: "detected", Status: 200},
		},
		"XHTML as application/xml: sniffed": {
			handler: htmlWith("application/xml", []byte(`<?xml version="1.0"?>`+pageHTML)),
			want:    Page{Body: []byte(`<?xml version="1.0"?>` + pageHTML), FinalURL: "/article", ContentType: "text/html; charset=utf-8", Charset: "utf-8", CharsetFrom: "detected", Status: 200},
		},
		"HTML as text/plain: sniffed": {
			handler: htmlWith("text/plain", []byte("\n\n<meta charset=utf-8><title>T</title><p>Text")),
			want:    Page{Body: []byte("\n\n<meta charset=utf-8><title>T</title><p>Text"), FinalURL: "/article", ContentType: "text/html; charset=utf-8", Charset: "utf-8", CharsetFrom: "meta", Status: 200},
		},
		"CP1251 declared in the header": {
			handler: htmlWith("text/html; charset=windows-1251", encode(t, charmap.Windows1251, htmlPage("", ru))),
			want:    Page{Body: []byte(htmlPage("", ru)), FinalURL: "/article", ContentType: "text/html; charset=utf-8", Charset: "windows-1251", CharsetFrom: "header", Status: 200},
		},
		"KOI8-U undeclared": {
			handler: htmlWith("text/html", encode(t, charmap.KOI8U, htmlPage("", uk))),
			want:    Page{Body: []byte(htmlPage("", uk)), FinalURL: "/article", ContentType: "text/html; charset=utf-8", Charset: "koi8-u", CharsetFrom: "detected", Status: 200},
		},
		"CP1251 labelled UTF-8": {
			handler: htmlWith("text/html; charset=UTF-8", encode(t, charmap.Windows1251, htmlPage("", uk))),
			want:    Page{Body: []byte(htmlPage("", uk)), FinalURL: "/article", ContentType: "text/html; charset=utf-8", Charset: "windows-1251", CharsetFrom: "detected", Status: 200},
		},
		"gzip with Content-Encoding": {
			handler: func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "text/html")
				w.Header().Set("Content-Encoding", "gzip")
				w.Write(gzipped([]byte(pageHTML)))
			},
			want: Page{Body: []byte(pageHTML), FinalURL: "/article", ContentType: "text/html; charset=utf-8", Charset: "utf-8", CharsetFrom: "detected", Status: 200},
		},
		"redirects followed": {
			handler: func(w http.ResponseWriter, r *http.Request) {
				switch r.URL.Path {
				case "/article":
					http.Redirect(w, r, "/moved", http.StatusMovedPermanently)
				case "/moved":
					http.Redirect(w, r, "/final?id=1", http.StatusTemporaryRedirect)
				default:
					htmlWith("text/html", []byte(pageHTML))(w, r)
				}
			},
			want: Page{Body: []byte(pageHTML), FinalURL: "/final?id=1", ContentType: "text/html; charset=utf-8", Charset: "utf-8", CharsetFrom: "detected", Status: 200},
		},
		"redirects within a host with PerHost 1": {
			handler: func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path != "/c" {
					http.Redirect(w, r, map[string]string{"/article": "/b", "/b": "/c"}[r.URL.Path], http.StatusFound)
					return
				}
				htmlWith("text/html", []byte(pageHTML))(w, r)
			},
			opts: Options{PerHost: 1},
			want: Page{Body: []byte(pageHTML), FinalURL: "/c", ContentType: "text/html; charset=utf-8", Charset: "utf-8", CharsetFrom: "detected", Status: 200},
		},
		"at the page limit": {
			handler: htmlWith("text/html", []byte(pageHTML+strings.Repeat(" ", 4096-len(pageHTML)))),
			opts:    Options{MaxPageBytes: 4096},
			want:    Page{Body: []byte(pageHTML + strings.Repeat(" ", 4096-len(pageHTML))), FinalURL: "/article", ContentType: "text/html; charset=utf-8", Charset: "utf-8", CharsetFrom: "detected", Status: 200},
		},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			srv := serveSite(t, tt.handler)
			path := tt.path
			if path == "" {
				path = "/article"
			}
			got, err := newTestClient(tt.opts).GetPage(t.Context(), srv.URL+path)
			if err != nil {
				t.Fatal(err)
			}
			want := tt.want
			want.FinalURL = srv.URL + want.FinalURL
			if string(got.Body) != string(want.Body) {
				t.Errorf("Body = %q\nwant   %q", trim(got.Body), trim(want.Body))
			}
			got.Body, want.Body = nil, nil
			if !reflect.DeepEqual(*got, want) {
				t.Errorf("Page = %+v\nwant   %+v", *got, want)
			}
		})
	}
}

func TestGetPageErrors(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		handler    http.HandlerFunc
		opts       Options
		wantErr    error // checked with errors.Is unless nil
		status     int
		temporary  bool
		retryAfter time.Duration
		msg        string // prefix of the message after "fetch: <URL>: "; $URL is the server's
	}{
		"100 MB page, chunked": {
			handler: func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "text/html")
				writeN(w, 100e6)
			},
			wantErr: ErrTooLarge, status: 200, msg: "body exceeds 5 MiB limit",
		},
		"100 MB page, announced": {
			handler: func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "text/html")
				w.Header().Set("Content-Length", "100000000")
				writeN(w, 100e6)
			},
			wantErr: ErrTooLarge, status: 200, msg: "body exceeds 5 MiB limit",
		},
		"one byte over MaxPageBytes": {
			handler: func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "text/html")
				writeN(w, 64<<10+1)
			},
			opts:    Options{MaxPageBytes: 64 << 10},
			wantErr: ErrTooLarge, status: 200, msg: "body exceeds 64 KiB limit",
		},
		"MaxPageBytes, not MaxBodyBytes": {
			handler: func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "text/html")
				writeN(w, 64<<10+1)
			},
			opts:    Options{MaxBodyBytes: 1 << 20, MaxPageBytes: 64 << 10},
			wantErr: ErrTooLarge, status: 200, msg: "body exceeds 64 KiB limit",
		},
		"gzip bomb with Content-Encoding": {
			handler: func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "text/html")
				w.Header().Set("Content-Encoding", "gzip")
				w.Write(gzipBomb())
			},
			opts:    Options{MaxPageBytes: 64 << 10},
			wantErr: ErrTooLarge, status: 200, msg: "body exceeds 64 KiB limit",
		},
		"gzip bomb without Content-Encoding": {
			handler: func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "text/html")
				w.Write(gzipBomb())
			},
			opts:    Options{MaxPageBytes: 64 << 10},
			wantErr: ErrTooLarge, status: 200, msg: "body exceeds 64 KiB limit",
		},
		"body never finishes": {
			handler: func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "text/html")
				io.WriteString(w, "<html><body>"+strings.Repeat("<p>text</p>", 100))
				http.NewResponseController(w).Flush()
				<-r.Context().Done()
			},
			opts:      Options{Timeout: 200 * time.Millisecond},
			status:    200,
			temporary: true,
			msg:       "timed out after 200ms",
		},
		"body trickles": {
			handler: func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "text/html")
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
		"headers never come": {
			handler:   func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() },
			opts:      Options{Timeout: 200 * time.Millisecond},
			temporary: true,
			msg:       "timed out after 200ms",
		},
		"the timeout covers the redirects": {
			handler: func(w http.ResponseWriter, r *http.Request) {
				time.Sleep(80 * time.Millisecond)
				http.Redirect(w, r, r.URL.Path+"/r", http.StatusFound)
			},
			opts:      Options{Timeout: 200 * time.Millisecond, MaxRedirects: 20},
			temporary: true,
			msg:       "timed out after 200ms",
		},
		"redirect loop": {
			handler: func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path == "/article" {
					http.Redirect(w, r, "/elsewhere", http.StatusFound)
					return
				}
				http.Redirect(w, r, "/article", http.StatusFound)
			},
			wantErr: ErrTooManyRedirects,
			msg:     "redirect loop at $URL/article",
		},
		"too many redirects": {
			handler: func(w http.ResponseWriter, r *http.Request) {
				http.Redirect(w, r, r.URL.Path+"/more", http.StatusFound)
			},
			wantErr: ErrTooManyRedirects,
			msg:     "stopped after 5 redirects",
		},
		"redirect to another scheme": {
			handler: func(w http.ResponseWriter, r *http.Request) {
				http.Redirect(w, r, "ftp://example.com/a.html", http.StatusFound)
			},
			status: 302,
			msg:    `redirect to unsupported URL scheme "ftp"`,
		},
		"3xx without Location": {
			handler: func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(302) },
			status:  302,
			msg:     "HTTP 302 Found",
		},
		"PDF": {
			handler: htmlWith("application/pdf", []byte("%PDF-1.7\n...")),
			wantErr: ErrNotHTML, status: 200, msg: "not an HTML page: got application/pdf",
		},
		"JPEG": {
			handler: htmlWith("image/jpeg", []byte("\xff\xd8\xff\xe0...")),
			wantErr: ErrNotHTML, status: 200, msg: "not an HTML page: got image/jpeg",
		},
		"JSON": {
			handler: htmlWith("application/json; charset=utf-8", []byte(`{"title": "x"}`)),
			wantErr: ErrNotHTML, status: 200, msg: "not an HTML page: got application/json",
		},
		"RSS": {
			handler: htmlWith("application/rss+xml", []byte(rssBody)),
			wantErr: ErrNotHTML, status: 200, msg: "not an HTML page: got application/rss+xml",
		},
		"PDF without Content-Type": {
			handler: htmlWith("", []byte("%PDF-1.7\n1 0 obj")),
			wantErr: ErrNotHTML, status: 200, msg: "not an HTML page: got application/pdf (sniffed; declared none)",
		},
		"PNG as octet-stream": {
			handler: htmlWith("application/octet-stream", []byte("\x89PNG\x0d\x0a\x1a\x0a\x00\x00\x00\x0dIHDR")),
			wantErr: ErrNotHTML, status: 200, msg: "not an HTML page: got image/png (sniffed; declared application/octet-stream)",
		},
		"PDF labelled text/html": {
			handler: htmlWith("text/html", []byte("%PDF-1.7\n1 0 obj")),
			wantErr: ErrNotHTML, status: 200, msg: "not an HTML page: got application/pdf (sniffed; declared text/html)",
		},
		"plain text": {
			handler: htmlWith("text/plain", []byte("Just some text.")),
			wantErr: ErrNotHTML, status: 200, msg: "not an HTML page: got text/plain (sniffed; declared text/plain)",
		},
		"RSS as text/xml": {
			handler: htmlWith("text/xml", []byte(rssBody)),
			wantErr: ErrNotHTML, status: 200, msg: "not an HTML page: got text/xml (sniffed; declared text/xml)",
		},
		"empty page": {
			handler: htmlWith("text/html", nil),
			wantErr: ErrEmpty, status: 200, msg: "empty page",
		},
		"blank page": {
			handler: htmlWith("text/html; charset=utf-8", []byte(" \n\t\r\n "+strings.Repeat(" ", 2000))),
			wantErr: ErrEmpty, status: 200, msg: "empty page",
		},
		"empty page without Content-Type": {
			handler: htmlWith("", nil),
			wantErr: ErrEmpty, status: 200, msg: "empty page",
		},
		"404 is permanent": {handler: http.NotFound, status: 404, msg: "HTTP 404 Not Found"},
		"410 is permanent": {handler: robotsStatus(410), status: 410, msg: "HTTP 410 Gone"},
		"403 is permanent": {handler: robotsStatus(403), status: 403, msg: "HTTP 403 Forbidden"},
		"401 is permanent": {handler: robotsStatus(401), status: 401, msg: "HTTP 401 Unauthorized"},
		"500 is temporary": {handler: robotsStatus(500), status: 500, temporary: true, msg: "HTTP 500 Internal Server Error"},
		"502 is temporary": {handler: robotsStatus(502), status: 502, temporary: true, msg: "HTTP 502 Bad Gateway"},
		"503 with Retry-After": {
			handler: robotsStatus(503, "Retry-After", "90"), status: 503, temporary: true,
			retryAfter: 90 * time.Second, msg: "HTTP 503 Service Unavailable (retry after 1m30s)",
		},
		"429 with Retry-After": {
			handler: robotsStatus(429, "Retry-After", "120"), status: 429, temporary: true,
			retryAfter: 2 * time.Minute, msg: "HTTP 429 Too Many Requests (retry after 2m0s)",
		},
		"bot challenge": {
			handler: func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "text/html")
				w.Header().Set("Cf-Mitigated", "challenge")
				w.WriteHeader(503)
				io.WriteString(w, "<!DOCTYPE html><title>Just a moment...</title>")
			},
			wantErr: ErrChallenge, status: 503, msg: "got a bot challenge page",
		},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			srv := serveSite(t, tt.handler)
			start := time.Now()
			page, err := newTestClient(tt.opts).GetPage(t.Context(), srv.URL+"/article")
			if err == nil {
				t.Fatalf("GetPage succeeded with %d bytes, want an error", len(page.Body))
			}
			if elapsed := time.Since(start); tt.opts.Timeout > 0 && elapsed > 2*time.Second {
				t.Errorf("GetPage took %v with Timeout %v", elapsed, tt.opts.Timeout)
			}
			checkError(t, err, tt.wantErr, tt.status, tt.temporary)
			var fe *Error
			errors.As(err, &fe)
			if fe.RetryAfter != tt.retryAfter {
				t.Errorf("RetryAfter = %v, want %v", fe.RetryAfter, tt.retryAfter)
			}
			want := "fetch: " + srv.URL + "/article: " + strings.ReplaceAll(tt.msg, "$URL", srv.URL)
			if !strings.HasPrefix(err.Error(), want) {
				t.Errorf("message = %q\nwant prefix %q", err.Error(), want)
			}
		})
	}
}

// countingTransport counts the response body bytes the client reads.
type countingTransport struct {
	http.RoundTripper
	read atomic.Int64
}

type countingBody struct {
	io.ReadCloser
	n *atomic.Int64
}

func (b countingBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	b.n.Add(int64(n))
	return n, err
}

func (t *countingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := t.RoundTripper.RoundTrip(req)
	if err == nil {
		resp.Body = countingBody{resp.Body, &t.read}
	}
	return resp, err
}

func TestGetPageNotHTMLUnread(t *testing.T) {
	t.Parallel()
	const size = 50 << 20
	big := func(contentType string, magic string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			if contentType != "" {
				w.Header().Set("Content-Type", contentType)
			}
			io.WriteString(w, magic)
			writeN(w, size)
		}
	}
	tests := map[string]http.HandlerFunc{
		"PDF by Content-Type":   big("application/pdf", "%PDF-1.7\n"),
		"image by Content-Type": big("image/png", "\x89PNG\x0d\x0a\x1a\x0a"),
		"PDF by sniffing":       big("application/octet-stream", "%PDF-1.7\n"),
		"image by sniffing":     big("", "GIF89a"),
	}
	for name, h := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			srv := serveSite(t, h)
			tr := &countingTransport{RoundTripper: http.DefaultTransport.(*http.Transport).Clone()}
			_, err := newTestClient(Options{Transport: tr, IgnoreRobots: true}).GetPage(t.Context(), srv.URL+"/doc")
			checkError(t, err, ErrNotHTML, 200, false)
			if n := tr.read.Load(); n > 16<<10 {
				t.Errorf("read %d bytes of a refused body, want at most 16 KiB", n)
			}
		})
	}
}

func TestGetPageRequestHeaders(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	seen := map[string]http.Header{}
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		seen[r.URL.Path] = r.Header.Clone()
		mu.Unlock()
		if r.URL.Path == "/robots.txt" {
			w.WriteHeader(404)
			return
		}
		io.WriteString(w, pageHTML)
	})
	const ua = "newsdigest/2.0 (+https://example.com/bot)"
	if _, err := newTestClient(Options{UserAgent: ua}).GetPage(t.Context(), srv.URL+"/a"); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	for path, wantAccept := range map[string]string{"/a": "text/html, application/xhtml+xml", "/robots.txt": robotsAccept} {
		h := seen[path]
		if h == nil {
			t.Errorf("%s not requested", path)
			continue
		}
		if got := h.Get("User-Agent"); got != ua {
			t.Errorf("%s: User-Agent = %q, want %q", path, got, ua)
		}
		if got := h.Get("Accept"); got != wantAccept {
			t.Errorf("%s: Accept = %q, want %q", path, got, wantAccept)
		}
		if got := h.Get("Accept-Encoding"); got != "gzip" {
			t.Errorf("%s: Accept-Encoding = %q, want gzip", path, got)
		}
	}
}

func TestGetPageDenyPrivate(t *testing.T) {
	t.Parallel()
	var targetHits atomic.Int32
	target := serve(t, func(w http.ResponseWriter, r *http.Request) {
		targetHits.Add(1)
		io.WriteString(w, pageHTML)
	})
	redirector := serve(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			w.WriteHeader(404)
			return
		}
		http.Redirect(w, r, target.URL+"/article", http.StatusFound)
	})
	targetAddr := netip.MustParseAddrPort(target.Listener.Addr().String())
	for _, robots := range []bool{true, false} {
		tests := map[string]struct {
			url       string
			blockOnly netip.AddrPort // if valid, only this address is private
		}{
			"loopback":             {url: target.URL + "/article"},
			"redirect to loopback": {url: redirector.URL + "/article", blockOnly: targetAddr},
		}
		for name, tt := range tests {
			t.Run(fmt.Sprintf("%s, robots %v", name, robots), func(t *testing.T) {
				c := newTestClient(Options{DenyPrivate: true, IgnoreRobots: !robots})
				if tt.blockOnly.IsValid() {
					c.blocked = func(ap netip.AddrPort) bool { return ap == tt.blockOnly }
				}
				_, err := c.GetPage(t.Context(), tt.url)
				checkError(t, err, ErrPrivateAddress, 0, false)
				want := "fetch: " + tt.url + ": refusing to connect to private address " + targetAddr.String()
				if err != nil && err.Error() != want {
					t.Errorf("message = %q\nwant      %q", err, want)
				}
			})
		}
	}
	if n := targetHits.Load(); n != 0 {
		t.Errorf("the private server got %d requests, want 0", n)
	}
}

// TestPerHostLimitSharedWithPages checks that feeds, pages and robots.txt
// together never have more than PerHost requests open to one host.
func TestPerHostLimitSharedWithPages(t *testing.T) {
	t.Parallel()
	const limit, feeds, pages = 2, 4, 4
	var (
		inFlight, peak atomic.Int32
		arrived        = make(chan string, feeds+pages+1)
		release        = make(chan struct{})
	)
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		n := inFlight.Add(1)
		defer inFlight.Add(-1)
		for p := peak.Load(); n > p && !peak.CompareAndSwap(p, n); p = peak.Load() {
		}
		arrived <- r.URL.Path
		<-release
		switch {
		case r.URL.Path == "/robots.txt":
			io.WriteString(w, "User-agent: *\nAllow: /\n")
		case strings.HasPrefix(r.URL.Path, "/feed"):
			io.WriteString(w, rssBody)
		default:
			w.Header().Set("Content-Type", "text/html")
			io.WriteString(w, pageHTML)
		}
	})
	c := newTestClient(Options{PerHost: limit})

	var wg sync.WaitGroup
	errs := make(chan error, feeds+pages)
	for i := range feeds {
		wg.Go(func() {
			_, err := c.Get(t.Context(), fmt.Sprintf("%s/feed%d", srv.URL, i), Validators{})
			errs <- err
		})
	}
	for i := range pages {
		wg.Go(func() {
			_, err := c.GetPage(t.Context(), fmt.Sprintf("%s/page%d", srv.URL, i))
			errs <- err
		})
	}
	for range limit {
		<-arrived
	}
	select {
	case p := <-arrived:
		t.Errorf("a request (%s) beyond the limit of %d reached the server", p, limit)
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

func TestGetPageContextCancelled(t *testing.T) {
	t.Parallel()
	arrived := make(chan struct{}, 2)
	srv := serveSite(t, func(w http.ResponseWriter, r *http.Request) {
		arrived <- struct{}{}
		<-r.Context().Done()
	})
	// PerHost 1: while one request hangs, the next waits for a slot.
	c := newTestClient(Options{PerHost: 1, Timeout: time.Minute})

	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	_, err := c.GetPage(ctx, srv.URL+"/a")
	checkError(t, err, context.Canceled, 0, true)

	first, cancelFirst := context.WithCancel(t.Context())
	errFirst := make(chan error, 1)
	go func() {
		_, err := c.GetPage(first, srv.URL+"/a")
		errFirst <- err
	}()
	<-arrived
	second, cancelSecond := context.WithTimeout(t.Context(), 50*time.Millisecond)
	defer cancelSecond()
	_, err = c.GetPage(second, srv.URL+"/b")
	checkError(t, err, context.DeadlineExceeded, 0, true)
	cancelFirst()
	checkError(t, <-errFirst, context.Canceled, 0, true)
}

func TestGetPageFile(t *testing.T) {
	t.Parallel()
	article, err := os.ReadFile("testdata/pages/article.html")
	if err != nil {
		t.Fatal(err)
	}
	cp1251, err := os.ReadFile("testdata/pages/cp1251.html")
	if err != nil {
		t.Fatal(err)
	}
	abs, err := filepath.Abs("testdata/pages/article.html")
	if err != nil {
		t.Fatal(err)
	}
	// A local feed's relative link, resolved against the feed's file URL
	// as internal/parse does.
	feed := &url.URL{Scheme: "file", Path: filepath.ToSlash(filepath.Join(filepath.Dir(abs), "feed.xml"))}
	link := feed.ResolveReference(&url.URL{Path: "cp1251.html"}).String()
	files := fstest.MapFS{
		"feeds/site/article.html": {Data: article},
		"feeds/site/cp1251.htm":   {Data: cp1251},
		"feeds/site/noext":        {Data: article},
	}

	tests := map[string]struct {
		files   fstest.MapFS // nil: the OS file system
		target  string
		want    []byte // the UTF-8 text
		charset string
		from    string
	}{
		"relative OS path":          {target: "testdata/pages/article.html", want: article, charset: "utf-8", from: "meta"},
		"absolute OS path":          {target: abs, want: article, charset: "utf-8", from: "meta"},
		"file URL":                  {target: "file://" + filepath.ToSlash(abs), want: article, charset: "utf-8", from: "meta"},
		"link resolved from a feed": {target: link, want: utf8Of(t, cp1251), charset: "windows-1251", from: "detected"},
		"fs.FS path":                {files: files, target: "feeds/site/article.html", want: article, charset: "utf-8", from: "meta"},
		"fs.FS file URL":            {files: files, target: "file:///feeds/site/cp1251.htm", want: utf8Of(t, cp1251), charset: "windows-1251", from: "detected"},
		"no extension: sniffed":     {files: files, target: "feeds/site/noext", want: article, charset: "utf-8", from: "meta"},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			opts := Options{IgnoreRobots: false} // robots.txt does not apply to files
			if tt.files != nil {
				opts.Files = tt.files
			}
			page, err := newTestClient(opts).GetPage(t.Context(), tt.target)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(page.Body, tt.want) {
				t.Errorf("Body = %q\nwant   %q", trim(page.Body), trim(tt.want))
			}
			if page.Charset != tt.charset || page.CharsetFrom != tt.from {
				t.Errorf("charset %s from %s, want %s from %s", page.Charset, page.CharsetFrom, tt.charset, tt.from)
			}
			if page.FinalURL != tt.target || page.Status != 200 || page.ContentType != "text/html; charset=utf-8" {
				t.Errorf("FinalURL %q, Status %d, ContentType %q; want %q, 200, text/html; charset=utf-8",
					page.FinalURL, page.Status, page.ContentType, tt.target)
			}
		})
	}
}

// utf8Of decodes a Windows-1251 fixture.
func utf8Of(t *testing.T, b []byte) []byte {
	t.Helper()
	return []byte(misread(t, charmap.Windows1251, b))
}

func TestGetPageFileErrors(t *testing.T) {
	t.Parallel()
	files := fstest.MapFS{
		"doc.pdf":    {Data: []byte("%PDF-1.7\n")},
		"photo.jpg":  {Data: []byte("\xff\xd8\xff\xe0")},
		"data":       {Data: []byte("\x00\x01\x02binary")},
		"big.html":   {Data: bytes.Repeat([]byte("<p>x</p>"), 16<<10)},
		"empty.html": {Data: nil},
		"dir/a.html": {Data: []byte(pageHTML)},
	}
	tests := map[string]struct {
		target  string
		wantErr error
		msg     string
	}{
		"PDF":                  {"doc.pdf", ErrNotHTML, "not an HTML page: got application/pdf"},
		"JPEG":                 {"photo.jpg", ErrNotHTML, "not an HTML page: got image/jpeg"},
		"binary, no extension": {"data", ErrNotHTML, "not an HTML page: got application/octet-stream (sniffed; declared none)"},
		"over the limit":       {"big.html", ErrTooLarge, "body exceeds 64 KiB limit"},
		"empty":                {"empty.html", ErrEmpty, "empty page"},
		"missing":              {"nope.html", nil, "no such file"},
		"directory":            {"dir", nil, "not a regular file"},
		"other scheme":         {"ftp://example.com/a.html", nil, `unsupported URL scheme "ftp"`},
		"file URL with host":   {"file://example.com/a.html", nil, "invalid file URL"},
	}
	c := newTestClient(Options{Files: files, MaxPageBytes: 64 << 10})
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			_, err := c.GetPage(t.Context(), tt.target)
			checkError(t, err, tt.wantErr, 0, false)
			if want := "fetch: " + tt.target + ": " + tt.msg; err != nil && !strings.HasPrefix(err.Error(), want) {
				t.Errorf("message = %q\nwant prefix %q", err, want)
			}
		})
	}
}

func TestSniffHTML(t *testing.T) {
	t.Parallel()
	tests := map[string]bool{
		"<!DOCTYPE html><html>":                       true,
		"\ufeff<!DOCTYPE html>":                       true,
		`<?xml version="1.0"?><!DOCTYPE html PUBLIC>`: true,
		`<?xml version="1.0"?><html xmlns="x">`:       true,
		"<!-- generated --><HTML>":                    true,
		"\n\n<meta charset=utf-8><title>t</title>":    true,
		"<title>t</title>":                            true,
		`<?xml version="1.0"?><rss><channel><title>t`: false,
		`<feed xmlns="http://www.w3.org/2005/Atom">`:  false,
		"<!DOCTYPE rss>":                              false,
		"<svg xmlns='http://www.w3.org/2000/svg'>":    false,
		"just text <html>":                            false,
		"":                                            false,
		"<":                                           false,
	}
	for in, want := range tests {
		sniffed := pageMediaType(http.DetectContentType([]byte(in)))
		if got := sniffHTML([]byte(in), sniffed); got != want {
			t.Errorf("sniffHTML(%q) (sniffed %s) = %v, want %v", in, sniffed, got, want)
		}
	}
}
