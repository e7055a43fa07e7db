package parse

import (
	"bytes"
	"testing"
)

func TestToUTF8(t *testing.T) {
	t.Parallel()
	tests := map[string]struct{ in, want string }{
		"UTF-8 untouched":             {`<?xml version="1.0" encoding="UTF-8"?><rss>é</rss>`, `<?xml version="1.0" encoding="UTF-8"?><rss>é</rss>`},
		"no declaration untouched":    {"<rss>é</rss>", "<rss>é</rss>"},
		"legacy body left to decoder": {"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss>\xe9</rss>", "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss>\xe9</rss>"},
		"ASCII body, legacy label":    {`<?xml version="1.0" encoding="koi8-r"?><rss>a</rss>`, `<?xml version="1.0" encoding="koi8-r"?><rss>a</rss>`},
		"UTF-8 body, legacy label":    {`<?xml version="1.0" encoding="ISO-8859-1"?><rss>é</rss>`, `<?xml version="1.0" encoding="utf-8"?><rss>é</rss>`},
		"single quotes":               {`<?xml version='1.0' encoding='windows-1251'?><rss>é</rss>`, `<?xml version='1.0' encoding='utf-8'?><rss>é</rss>`},
		"BOM and spaces":              {"\ufeff  <?xml version=\"1.0\"  encoding = \"latin1\" ?><rss>é</rss>", "\ufeff  <?xml version=\"1.0\"  encoding = \"utf-8\" ?><rss>é</rss>"},
		"unknown label, ASCII":        {`<?xml version="1.0" encoding="nope"?><rss>a</rss>`, `<?xml version="1.0" encoding="utf-8"?><rss>a</rss>`},
		"unknown label, Latin-1":      {"<?xml version=\"1.0\" encoding=\"nope\"?><rss>\xe9</rss>", `<?xml version="1.0" encoding="utf-8"?><rss>é</rss>`},
		"stray bytes, no declaration": {"<rss>caf\xe9 \x80 \x93ok\x94 é</rss>", "<rss>café € “ok” é</rss>"},
		"stray bytes, UTF-8 declared": {"<?xml version=\"1.0\" encoding=\"utf8\"?><rss>\xe9</rss>", "<?xml version=\"1.0\" encoding=\"utf8\"?><rss>é</rss>"},
		"truncated UTF-8 sequence":    {"<rss>\xe2\x80</rss>", "<rss>â\u20ac</rss>"},
		"encoding outside the prolog": {"<rss encoding=\"latin1\">\xe9</rss>", "<rss encoding=\"latin1\">é</rss>"},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			if got := toUTF8([]byte(tt.in)); !bytes.Equal(got, []byte(tt.want)) {
				t.Errorf("toUTF8(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
