package fetch

import (
	"net/http"
	"net/netip"
	"testing"
	"time"
)

var now = time.Date(2026, 8, 20, 12, 0, 0, 0, time.UTC)

func TestRetryAfter(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		header string
		want   time.Duration
	}{
		"absent":          {"", 0},
		"seconds":         {"120", 2 * time.Minute},
		"zero":            {"0", 0},
		"padded":          {" 5 ", 5 * time.Second},
		"negative":        {"-5", 0},
		"garbage":         {"soon", 0},
		"HTTP date":       {now.Add(90 * time.Second).Format(http.TimeFormat), 90 * time.Second},
		"HTTP date past":  {now.Add(-time.Hour).Format(http.TimeFormat), 0},
		"overflowing":     {"99999999999999999999", 0},
		"capped at a day": {"604800", maxHint},
		"capped date":     {now.Add(30 * 24 * time.Hour).Format(http.TimeFormat), maxHint},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			if got := retryAfter(tt.header, now); got != tt.want {
				t.Errorf("retryAfter(%q) = %v, want %v", tt.header, got, tt.want)
			}
		})
	}
}

func TestCacheTTL(t *testing.T) {
	t.Parallel()
	date := now.Format(http.TimeFormat)
	inAnHour := now.Add(time.Hour).Format(http.TimeFormat)
	tests := map[string]struct {
		header http.Header
		want   time.Duration
	}{
		"none":                    {http.Header{}, 0},
		"max-age":                 {http.Header{"Cache-Control": {"public, max-age=300"}}, 5 * time.Minute},
		"quoted max-age":          {http.Header{"Cache-Control": {`max-age="60"`}}, time.Minute},
		"max-age in second field": {http.Header{"Cache-Control": {"public", "MAX-AGE=60"}}, time.Minute},
		"no-cache wins":           {http.Header{"Cache-Control": {"max-age=300, no-cache"}}, 0},
		"no-store wins":           {http.Header{"Cache-Control": {"no-store, max-age=300"}}, 0},
		"max-age over Expires":    {http.Header{"Cache-Control": {"max-age=60"}, "Expires": {inAnHour}}, time.Minute},
		"Expires against Date":    {http.Header{"Date": {date}, "Expires": {inAnHour}}, time.Hour},
		"Expires against now":     {http.Header{"Expires": {inAnHour}}, time.Hour},
		"Expires in the past":     {http.Header{"Date": {inAnHour}, "Expires": {date}}, 0},
		"invalid Expires":         {http.Header{"Expires": {"0"}}, 0},
		"max-age capped":          {http.Header{"Cache-Control": {"max-age=99999999"}}, maxHint},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			if got := cacheTTL(tt.header, now); got != tt.want {
				t.Errorf("cacheTTL(%v) = %v, want %v", tt.header, got, tt.want)
			}
		})
	}
}

func TestHTMLKind(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		body string
		want string
	}{
		"RSS":                     {rssBody, ""},
		"Atom":                    {`<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title></feed>`, ""},
		"JSON Feed":               {`{"version": "https://jsonfeed.org/version/1.1"}`, ""},
		"RSS with stylesheet":     {`<?xml version="1.0"?><?xml-stylesheet href="s.xsl"?><rss/>`, ""},
		"RSS mentioning html":     {`<rss><item><description>&lt;html&gt;</description></item></rss>`, ""},
		"doctype":                 {"<!DOCTYPE html><title>x</title>", "an HTML page"},
		"lower-case doctype":      {"<!doctype html>", "an HTML page"},
		"html tag after BOM":      {"\xef\xbb\xbf\n <HTML lang=en>", "an HTML page"},
		"after a comment":         {"<!-- generated -->\n<html>", "an HTML page"},
		"XHTML":                   {`<?xml version="1.0"?>` + "\n" + `<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN">`, "an HTML page"},
		"unterminated comment":    {"<!-- <html>", ""},
		"Cloudflare":              {`<!DOCTYPE html><html><head><title>Just a moment...</title>`, "a bot challenge page"},
		"captcha":                 {`<html><div class="g-recaptcha"></div></html>`, "a bot challenge page"},
		"login":                   {`<html><form><input type=password name=p></form></html>`, "a login page"},
		"empty":                   {"", ""},
		"plain text":              {"Service temporarily unavailable", ""},
		"marker past sniff limit": {"<html>" + string(make([]byte, sniffLimit)) + "captcha", "an HTML page"},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			if got := htmlKind([]byte(tt.body)); got != tt.want {
				t.Errorf("htmlKind = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestIsPrivate(t *testing.T) {
	t.Parallel()
	tests := map[string]bool{
		"127.0.0.1":        true,
		"::1":              true,
		"::ffff:127.0.0.1": true,
		"10.1.2.3":         true,
		"172.16.0.1":       true,
		"192.168.1.1":      true,
		"169.254.169.254":  true, // cloud metadata
		"fe80::1":          true,
		"fd00::1":          true,
		"0.0.0.0":          true,
		"::":               true,
		"100.64.0.1":       true,
		"224.0.0.1":        true,
		"8.8.8.8":          false,
		"2606:4700::1111":  false,
		"100.128.0.1":      false,
		"::ffff:1.1.1.1":   false,
	}
	for addr, want := range tests {
		if got := isPrivate(netip.MustParseAddr(addr)); got != want {
			t.Errorf("isPrivate(%s) = %v, want %v", addr, got, want)
		}
	}
}

func TestRedactString(t *testing.T) {
	t.Parallel()
	tests := map[string]string{
		"https://example.org/feed":                         "https://example.org/feed",
		"https://bob:pw@example.org/feed":                  "https://example.org/feed",
		"https://bob@example.org/feed?Token=x&a=1&key":     "https://example.org/feed?Token=REDACTED&a=1&key",
		"https://example.org/rss?sig=abc&auth=def#frag":    "https://example.org/rss?sig=REDACTED&auth=REDACTED#frag",
		"https://bob:pw@exa mple.org/%zz":                  "(invalid URL)",
		"feeds/local.xml":                                  "feeds/local.xml",
		"https://example.org/feed?api_key=1&password=2&q=": "https://example.org/feed?api_key=REDACTED&password=REDACTED&q=",
	}
	for in, want := range tests {
		if got := redactString(in); got != want {
			t.Errorf("redactString(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestFormatSize(t *testing.T) {
	t.Parallel()
	tests := map[int64]string{10 << 20: "10 MiB", 64 << 10: "64 KiB", 1536: "1536 bytes", 99: "99 bytes", 3 << 19: "1536 KiB"}
	for n, want := range tests {
		if got := formatSize(n); got != want {
			t.Errorf("formatSize(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestNewDefaults(t *testing.T) {
	t.Parallel()
	got := New(Options{}).opts
	want := Options{Timeout: 20 * time.Second, MaxBodyBytes: 10 << 20, UserAgent: defaultUserAgent, MaxRedirects: 5, PerHost: 2, MaxPageBytes: 5 << 20}
	if got != want {
		t.Errorf("defaults = %+v, want %+v", got, want)
	}
}
