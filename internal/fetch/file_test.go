package fetch

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

func TestGetFile(t *testing.T) {
	t.Parallel()
	fixture, err := os.ReadFile("testdata/rss.xml")
	if err != nil {
		t.Fatal(err)
	}
	abs, err := filepath.Abs("testdata/rss.xml")
	if err != nil {
		t.Fatal(err)
	}
	mtime := time.Date(2026, 8, 1, 12, 0, 0, 0, time.UTC)

	tests := map[string]struct {
		files  fstest.MapFS // nil: the OS file system
		target string
	}{
		"relative OS path":   {target: "testdata/rss.xml"},
		"absolute OS path":   {target: abs},
		"file URL":           {target: "file://" + filepath.ToSlash(abs)},
		"file URL localhost": {target: "file://localhost" + filepath.ToSlash(abs)},
		"fs.FS path": {
			files:  fstest.MapFS{"feeds/rss.xml": {Data: fixture, ModTime: mtime}},
			target: "feeds/rss.xml",
		},
		"fs.FS file URL": {
			files:  fstest.MapFS{"feeds/rss.xml": {Data: fixture, ModTime: mtime}},
			target: "file:///feeds/rss.xml",
		},
		"fs.FS gzipped file": {
			files:  fstest.MapFS{"feeds/rss.xml.gz": {Data: gzipped(fixture), ModTime: mtime}},
			target: "feeds/rss.xml.gz",
		},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			opts := Options{}
			if tt.files != nil {
				opts.Files = tt.files
			}
			c := newTestClient(opts)

			first, err := c.Get(t.Context(), tt.target, Validators{})
			if err != nil {
				t.Fatal(err)
			}
			if first.Status != 200 || first.NotModified || string(first.Body) != string(fixture) ||
				first.FinalURL != tt.target {
				t.Fatalf("first Get = %+v, want status 200 with the fixture", first)
			}
			if first.Validators.ETag == "" || first.Validators.LastModified == "" {
				t.Fatalf("first Get validators = %+v, want both", first.Validators)
			}

			for _, v := range []Validators{first.Validators, {LastModified: first.Validators.LastModified}} {
				again, err := c.Get(t.Context(), tt.target, v)
				if err != nil {
					t.Fatal(err)
				}
				if !again.NotModified || again.Body != nil || again.Status != 304 || again.Validators != first.Validators {
					t.Errorf("Get with %+v = %+v, want NotModified with the same validators", v, again)
				}
			}
		})
	}
}

// A rewrite within the same second keeps Last-Modified but must still be
// seen, so the ETag carries the size and the mtime in nanoseconds.
func TestGetFileChangedWithinASecond(t *testing.T) {
	t.Parallel()
	mtime := time.Date(2026, 8, 1, 12, 0, 0, 0, time.UTC)
	files := fstest.MapFS{"feed.xml": {Data: []byte(rssBody), ModTime: mtime}}
	c := newTestClient(Options{Files: files})
	first, err := c.Get(t.Context(), "feed.xml", Validators{})
	if err != nil {
		t.Fatal(err)
	}

	files["feed.xml"] = &fstest.MapFile{Data: []byte(rssBody), ModTime: mtime.Add(time.Millisecond)}
	second, err := c.Get(t.Context(), "feed.xml", first.Validators)
	if err != nil {
		t.Fatal(err)
	}
	if second.NotModified || second.Validators.ETag == first.Validators.ETag {
		t.Errorf("after a rewrite Get = %+v, want the body with a new ETag", second)
	}
	if second.Validators.LastModified != first.Validators.LastModified {
		t.Errorf("Last-Modified changed within a second: %q, %q", first.Validators.LastModified, second.Validators.LastModified)
	}
}

func TestGetFileErrors(t *testing.T) {
	t.Parallel()
	files := fstest.MapFS{
		"feeds/page.html":  {Data: []byte("<!doctype html><html><body>hi</body></html>")},
		"feeds/empty.xml":  {Data: nil},
		"feeds/large.xml":  {Data: []byte(strings.Repeat("<x/>", 30))},
		"feeds/nested/a.x": {Data: []byte(rssBody)},
	}
	tests := map[string]struct {
		files   fs.FS
		target  string
		wantErr error
		msg     string
	}{
		"missing OS file": {
			target:  "testdata/missing.xml",
			wantErr: fs.ErrNotExist,
			msg:     "fetch: testdata/missing.xml: no such file",
		},
		"missing file URL": {
			target:  "file:///nonexistent/newsdigest/feed.xml",
			wantErr: fs.ErrNotExist,
			msg:     "fetch: file:///nonexistent/newsdigest/feed.xml: no such file",
		},
		"missing fs.FS file": {
			files:   files,
			target:  "feeds/missing.xml",
			wantErr: fs.ErrNotExist,
			msg:     "fetch: feeds/missing.xml: no such file",
		},
		"path escaping fs.FS": {
			files:   files,
			target:  "../etc/passwd",
			wantErr: fs.ErrNotExist,
			msg:     "fetch: ../etc/passwd: no such file",
		},
		"directory": {
			files:  files,
			target: "feeds/nested",
			msg:    "fetch: feeds/nested: not a regular file",
		},
		"HTML file": {
			files:   files,
			target:  "feeds/page.html",
			wantErr: ErrNotFeed,
			msg:     "fetch: feeds/page.html: not a feed: got an HTML page (text/html)",
		},
		"empty file": {
			files:   files,
			target:  "feeds/empty.xml",
			wantErr: ErrEmpty,
			msg:     "fetch: feeds/empty.xml: empty body",
		},
		"file over the limit": {
			files:   files,
			target:  "feeds/large.xml",
			wantErr: ErrTooLarge,
			msg:     "fetch: feeds/large.xml: body exceeds 100 bytes limit",
		},
		"file URL with a host": {
			target: "file://feeds/x.xml",
			msg:    "fetch: file://feeds/x.xml: invalid file URL, want file:///path",
		},
		"HTTP URL without a host": {
			target: "http:///feed.xml",
			msg:    "fetch: http:///feed.xml: URL has no host",
		},
		"unsupported scheme": {
			target: "ftp://example.org/feed.xml",
			msg:    `fetch: ftp://example.org/feed.xml: unsupported URL scheme "ftp"`,
		},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			c := newTestClient(Options{Files: tt.files, MaxBodyBytes: 100})
			_, err := c.Get(t.Context(), tt.target, Validators{})
			checkError(t, err, tt.wantErr, 0, false)
			if err != nil && err.Error() != tt.msg {
				t.Errorf("message = %q\nwant      %q", err, tt.msg)
			}
		})
	}
}
