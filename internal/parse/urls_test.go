package parse

import "testing"

func TestCanonicalURL(t *testing.T) {
	t.Parallel()
	tests := map[string]struct{ raw, base, want string }{
		"unchanged":                {"https://example.com/a/b", "", "https://example.com/a/b"},
		"empty":                    {"", "https://example.com/", ""},
		"spaces trimmed":           {"  https://example.com/x \n", "", "https://example.com/x"},
		"empty path":               {"https://example.com", "", "https://example.com/"},
		"scheme and host case":     {"HTTPS://News.Example.COM/Path", "", "https://news.example.com/Path"},
		"fragment":                 {"https://example.com/a#comments", "", "https://example.com/a"},
		"http default port":        {"http://example.com:80/a", "", "http://example.com/a"},
		"https default port":       {"https://example.com:443/a", "", "https://example.com/a"},
		"other port kept":          {"https://example.com:8443/a", "", "https://example.com:8443/a"},
		"crossed port kept":        {"http://example.com:443/a", "", "http://example.com:443/a"},
		"empty port":               {"https://example.com:/a", "", "https://example.com/a"},
		"IPv6 default port":        {"http://[2001:db8::1]:80/a", "", "http://[2001:db8::1]/a"},
		"IPv6 other port":          {"http://[2001:db8::1]:8080/a", "", "http://[2001:db8::1]:8080/a"},
		"user info":                {"https://user:secret@example.com/a", "", "https://example.com/a"},
		"utm params":               {"https://example.com/a?utm_source=rss&utm_medium=feed&UTM_Campaign=x", "", "https://example.com/a"},
		"click ids":                {"https://example.com/a?fbclid=1&gclid=2&msclkid=3&yclid=4&igshid=5&id=9", "", "https://example.com/a?id=9"},
		"tracking param case":      {"https://example.com/a?FBCLID=1&Ref=x&id=9", "", "https://example.com/a?id=9"},
		"query sorted":             {"https://example.com/a?b=2&a=1&c=3", "", "https://example.com/a?a=1&b=2&c=3"},
		"repeated keys keep order": {"https://example.com/a?t=2&s=0&t=1", "", "https://example.com/a?s=0&t=2&t=1"},
		"empty query":              {"https://example.com/a?", "", "https://example.com/a"},
		"only tracking":            {"https://example.com/a?utm_source=x", "", "https://example.com/a"},
		"empty pairs dropped":      {"https://example.com/a?&&a=1&", "", "https://example.com/a?a=1"},
		"valueless key kept":       {"https://example.com/article?12345", "", "https://example.com/article?12345"},
		"empty value kept":         {"https://example.com/a?a=", "", "https://example.com/a?a="},
		"escapes kept":             {"https://example.com/a?q=a+b&r=a%20b%26c", "", "https://example.com/a?q=a+b&r=a%20b%26c"},
		// These used to lose their whole query, so distinct articles shared a URL and an ID.
		"semicolons":            {"https://example.com/news.php?id=1;lang=en", "", "https://example.com/news.php?id=1;lang=en"},
		"invalid escape":        {"https://example.com/a?q=100%&id=2", "", "https://example.com/a?id=2&q=100%"},
		"path escapes":          {"https://example.com/%7Euser/a%2Fb", "", "https://example.com/%7Euser/a%2Fb"},
		"unicode path":          {"https://example.com/новости/1", "", "https://example.com/%D0%BD%D0%BE%D0%B2%D0%BE%D1%81%D1%82%D0%B8/1"},
		"relative path":         {"news/2", "https://example.com/dir/index.html", "https://example.com/dir/news/2"},
		"absolute path":         {"/news/2?utm_source=x", "https://example.com/dir/", "https://example.com/news/2"},
		"scheme-relative":       {"//cdn.example.com/x", "https://example.com/", "https://cdn.example.com/x"},
		"query-relative":        {"?p=2", "https://example.com/list?p=1", "https://example.com/list?p=2"},
		"relative no base":      {"/news/2", "", ""},
		"relative base":         {"/news/2", "/", ""},
		"bad base":              {"/news/2", "http://[::1", ""},
		"absolute ignores base": {"https://a.example/x", "https://b.example/", "https://a.example/x"},
		"javascript":            {"javascript:alert(1)", "https://example.com/", ""},
		"mailto":                {"mailto:news@example.com", "https://example.com/", ""},
		"ftp":                   {"ftp://example.com/file", "", ""},
		"data":                  {"data:text/html,<p>x</p>", "", ""},
		"no host":               {"http:///path", "", ""},
		"unparseable":           {"http://exa mple.com/", "", ""},
		"control chars":         {"https://example.com/\x00", "", ""},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			if got := CanonicalURL(tt.raw, tt.base); got != tt.want {
				t.Errorf("CanonicalURL(%q, %q) = %q, want %q", tt.raw, tt.base, got, tt.want)
			}
		})
	}
}

func TestCanonicalURLIdempotent(t *testing.T) {
	t.Parallel()
	for _, raw := range []string{
		"HTTPS://Example.com:443/a?b=2&a=1&utm_source=x#f",
		"https://example.com/news.php?id=1;lang=en",
		"https://example.com/a?q=a+b&r=a%20b",
		"http://[2001:db8::1]:80/a",
		"https://example.com/новости?тема=мир",
	} {
		once := CanonicalURL(raw, "")
		if twice := CanonicalURL(once, ""); twice != once {
			t.Errorf("CanonicalURL(%q) = %q, but again gives %q", raw, once, twice)
		}
	}
}
