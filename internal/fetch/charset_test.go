package fetch

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

// Sample news sentences, written for these tests, in the languages whose
// legacy encodings the detector tells apart.
var (
	russian = []string{
		"Правительство утвердило новый бюджет на следующий год после долгих обсуждений в парламенте.",
		"По словам министра, цены на электроэнергию для населения не изменятся до конца зимы.",
		"В столице прошла акция протеста против повышения налогов, полиция задержала несколько человек.",
		"Учёные обнаружили в Антарктиде следы древнего озера, которое существовало миллионы лет назад.",
		"Сборная страны вышла в полуфинал чемпионата, обыграв соперника со счётом два - один.",
		"Центральный банк сохранил ключевую ставку, сославшись на замедление инфляции.",
		"Жители пострадавших районов получат компенсацию в течение месяца, сообщили в мэрии.",
		"Переговоры о прекращении огня продолжатся в Стамбуле на следующей неделе.",
	}
	ukrainian = []string{
		"Уряд затвердив новий бюджет на наступний рік після тривалих обговорень у парламенті.",
		"За словами міністра, ціни на електроенергію для населення не зміняться до кінця зими.",
		"У столиці відбулася акція протесту проти підвищення податків, поліція затримала кількох людей.",
		"Науковці виявили в Антарктиді сліди давнього озера, яке існувало мільйони років тому.",
		"Збірна країни вийшла до півфіналу чемпіонату, обігравши суперника з рахунком два - один.",
		"Національний банк зберіг облікову ставку, пославшись на уповільнення інфляції.",
		"Мешканці постраждалих районів отримають компенсацію протягом місяця, повідомили в мерії.",
		"Переговори про припинення вогню продовжаться в Стамбулі наступного тижня, а Ґудзь їде до Євросоюзу.",
	}
	western = []string{
		"Le gouvernement a présenté mercredi un projet de réforme des retraites très contesté.",
		"Die Bundesregierung hat am Mittwoch einen umstrittenen Entwurf für die Rentenreform vorgestellt.",
		"El gobierno presentó el miércoles un proyecto de reforma de las pensiones muy polémico.",
		"O governo apresentou na quarta-feira um projeto de reforma da previdência muito polêmico.",
		"Il governo ha presentato mercoledì un progetto di riforma delle pensioni molto contestato.",
		"Müller sagte, die Straße bleibe bis Märzende gesperrt; Anwohner müssten Umwege fahren.",
	}
)

// encode encodes s, which must be encodable, with e.
func encode(t testing.TB, e encoding.Encoding, s string) []byte {
	t.Helper()
	b, err := e.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatalf("encoding %q: %v", s, err)
	}
	return b
}

// misread decodes b with e, whatever it is in.
func misread(t testing.TB, e encoding.Encoding, b []byte) string {
	t.Helper()
	s, err := e.NewDecoder().Bytes(b)
	if err != nil {
		t.Fatal(err)
	}
	return string(s)
}

// htmlPage is a page with head markup and body text.
func htmlPage(head, text string) string {
	return "<!DOCTYPE html>\n<html><head>" + head + "<title>News</title>" +
		`<link rel="stylesheet" href="/s.css"><script>var a = 1;</script></head>` +
		"<body><article><h1>Headline</h1><p>" + text + "</p></article></body></html>"
}

func TestGuessSingleByte(t *testing.T) {
	t.Parallel()
	check := func(t *testing.T, b []byte, want string) {
		t.Helper()
		if g := guessSingleByte(b); g.name != want {
			cyr, latin := wordShapes(b)
			t.Errorf("guessed %s, want %s (words: %d Cyrillic, %d Latin; scores: cp1251 %d, koi8 %d)",
				g.name, want, cyr, latin, cyrillicScore(b, charmap.Windows1251), cyrillicScore(b, charmap.KOI8U))
		}
	}
	// Every sentence on its own, so the detector works on short teasers too.
	for i, s := range russian {
		t.Run(fmt.Sprint("ru ", i), func(t *testing.T) {
			check(t, encode(t, charmap.Windows1251, s), "windows-1251")
			check(t, encode(t, charmap.KOI8R, s), "koi8-r")
		})
	}
	for i, s := range ukrainian {
		t.Run(fmt.Sprint("uk ", i), func(t *testing.T) {
			check(t, encode(t, charmap.Windows1251, s), "windows-1251")
			b := encode(t, charmap.KOI8U, s)
			if hasKOI8U(b) {
				check(t, b, "koi8-u")
			} else {
				check(t, b, "koi8-r") // no letter of Ukrainian's own
			}
		})
	}
	for i, s := range western {
		t.Run(fmt.Sprint("western ", i), func(t *testing.T) {
			check(t, encode(t, charmap.Windows1252, s), "windows-1252")
		})
	}
	t.Run("Russian title on an English page", func(t *testing.T) {
		page := htmlPage("", strings.Repeat("English words and more English words. ", 50)+russian[0])
		check(t, encode(t, charmap.Windows1251, page), "windows-1251")
	})
	t.Run("no letters beyond ASCII", func(t *testing.T) {
		check(t, []byte("plain \x97 dash \xab quotes \xbb \xa9 2025"), "windows-1252")
	})
}

func TestGuessSingleByteConfidence(t *testing.T) {
	t.Parallel()
	all := strings.Join(russian, " ")
	tests := map[string]struct {
		b    []byte
		want bool
	}{
		"whole Russian text in CP1251": {encode(t, charmap.Windows1251, all), true},
		"whole Russian text in KOI8-R": {encode(t, charmap.KOI8R, all), true},
		"Western text":                 {encode(t, charmap.Windows1252, strings.Repeat(strings.Join(western, " "), 3)), true},
		"one Russian sentence":         {encode(t, charmap.Windows1251, russian[0]), false},
		"one Western sentence":         {encode(t, charmap.Windows1252, western[0]), false},
		"ASCII":                        {[]byte("nothing to go by"), false},
	}
	for name, tt := range tests {
		if g := guessSingleByte(tt.b); g.confident != tt.want {
			t.Errorf("%s: guessed %s with confidence %v, want %v", name, g.name, g.confident, tt.want)
		}
	}
}

func TestDecodeHTML(t *testing.T) {
	t.Parallel()
	ru := strings.Join(russian, " ")
	uk := strings.Join(ukrainian, " ")
	fr := strings.Join(western, " ")
	cp1251 := func(s string) []byte { return encode(t, charmap.Windows1251, s) }
	koi8r := func(s string) []byte { return encode(t, charmap.KOI8R, s) }
	koi8u := func(s string) []byte { return encode(t, charmap.KOI8U, s) }
	cp1252 := func(s string) []byte { return encode(t, charmap.Windows1252, s) }
	utf8 := func(s string) []byte { return []byte(s) }

	tests := map[string]struct {
		contentType string
		body        []byte
		want        string // the body in UTF-8
		charset     string
		from        string
	}{
		"UTF-8, no declaration":           {"text/html", utf8(htmlPage("", ru)), htmlPage("", ru), "utf-8", fromDetected},
		"UTF-8 in the header":             {"text/html; charset=UTF-8", utf8(htmlPage("", ru)), htmlPage("", ru), "utf-8", fromHeader},
		"UTF-8 label utf8":                {"text/html; charset=utf8", utf8(htmlPage("", ru)), htmlPage("", ru), "utf-8", fromHeader},
		"ASCII only":                      {"", utf8(htmlPage("", "Hello")), htmlPage("", "Hello"), "utf-8", fromDetected},
		"UTF-8 BOM":                       {"text/html; charset=windows-1251", append([]byte("\ufeff"), htmlPage("", ru)...), htmlPage("", ru), "utf-8", fromBOM},
		"UTF-16LE BOM":                    {"text/html", encode(t, unicode.UTF16(unicode.LittleEndian, unicode.UseBOM), htmlPage("", uk)), htmlPage("", uk), "utf-16le", fromBOM},
		"UTF-16BE BOM":                    {"", encode(t, unicode.UTF16(unicode.BigEndian, unicode.UseBOM), htmlPage("", uk)), htmlPage("", uk), "utf-16be", fromBOM},
		"CP1251 in the header":            {"text/html; charset=windows-1251", cp1251(htmlPage("", ru)), htmlPage("", ru), "windows-1251", fromHeader},
		"CP1251 label cp1251, quoted":     {`text/html; charset="cp1251"`, cp1251(htmlPage("", uk)), htmlPage("", uk), "windows-1251", fromHeader},
		"KOI8-R in the header":            {"text/html; charset=koi8-r", koi8r(htmlPage("", ru)), htmlPage("", ru), "koi8-r", fromHeader},
		"KOI8-U in the header":            {"text/html; charset=KOI8-U", koi8u(htmlPage("", uk)), htmlPage("", uk), "koi8-u", fromHeader},
		"meta charset":                    {"text/html", cp1251(htmlPage(`<meta charset="windows-1251">`, ru)), htmlPage(`<meta charset="windows-1251">`, ru), "windows-1251", fromMeta},
		"meta charset unquoted, upper":    {"", cp1251(htmlPage(`<META CHARSET=WINDOWS-1251>`, uk)), htmlPage(`<META CHARSET=WINDOWS-1251>`, uk), "windows-1251", fromMeta},
		"meta http-equiv":                 {"text/html", koi8r(htmlPage(`<meta http-equiv="Content-Type" content="text/html; charset=koi8-r">`, ru)), htmlPage(`<meta http-equiv="Content-Type" content="text/html; charset=koi8-r">`, ru), "koi8-r", fromMeta},
		"meta after 2 KiB of scripts":     {"text/html", cp1251(htmlPage("<script>"+strings.Repeat("x();", 512)+"</script><meta charset=windows-1251>", ru)), htmlPage("<script>"+strings.Repeat("x();", 512)+"</script><meta charset=windows-1251>", ru), "windows-1251", fromMeta},
		"meta in a script does not count": {"text/html", cp1251(htmlPage(`<script>document.write('<meta charset="koi8-r">')</script>`, ru)), htmlPage(`<script>document.write('<meta charset="koi8-r">')</script>`, ru), "windows-1251", fromDetected},
		"XML declaration":                 {"application/xhtml+xml", koi8r(`<?xml version="1.0" encoding="KOI8-R"?>` + htmlPage("", ru)), `<?xml version="1.0" encoding="KOI8-R"?>` + htmlPage("", ru), "koi8-r", fromMeta},
		"header beats meta":               {"text/html; charset=koi8-r", koi8r(htmlPage(`<meta charset="windows-1251">`, ru)), htmlPage(`<meta charset="windows-1251">`, ru), "koi8-r", fromHeader},
		"unknown label, CP1251":           {"text/html; charset=x-no-such", cp1251(htmlPage("", ru)), htmlPage("", ru), "windows-1251", fromDetected},
		"meta claims UTF-16":              {"", utf8(htmlPage(`<meta charset="utf-16">`, ru)), htmlPage(`<meta charset="utf-16">`, ru), "utf-8", fromMeta},
		"Latin-1 in the header":           {"text/html; charset=ISO-8859-1", cp1252(htmlPage("", fr)), htmlPage("", fr), "windows-1252", fromHeader},

		// No declaration: detected.
		"CP1251 Russian, undeclared":   {"text/html", cp1251(htmlPage("", ru)), htmlPage("", ru), "windows-1251", fromDetected},
		"CP1251 Ukrainian, undeclared": {"", cp1251(htmlPage("", uk)), htmlPage("", uk), "windows-1251", fromDetected},
		"KOI8-R Russian, undeclared":   {"text/html", koi8r(htmlPage("", ru)), htmlPage("", ru), "koi8-r", fromDetected},
		"KOI8-U Ukrainian, undeclared": {"text/html", koi8u(htmlPage("", uk)), htmlPage("", uk), "koi8-u", fromDetected},
		"Windows-1252, undeclared":     {"text/html", cp1252(htmlPage("", fr+" \u201cquoted\u201d \u20ac5")), htmlPage("", fr+" \u201cquoted\u201d \u20ac5"), "windows-1252", fromDetected},

		// Declarations the bytes contradict.
		"header UTF-8, body CP1251":         {"text/html; charset=utf-8", cp1251(htmlPage("", ru)), htmlPage("", ru), "windows-1251", fromDetected},
		"meta UTF-8, body KOI8-U":           {"text/html", koi8u(htmlPage(`<meta charset="utf-8">`, uk)), htmlPage(`<meta charset="utf-8">`, uk), "koi8-u", fromDetected},
		"header UTF-8, body Windows-1252":   {"text/html; charset=utf-8", cp1252(htmlPage("", fr)), htmlPage("", fr), "windows-1252", fromDetected},
		"header CP1251, body UTF-8":         {"text/html; charset=windows-1251", utf8(htmlPage("", uk)), htmlPage("", uk), "utf-8", fromDetected},
		"meta KOI8-R, body UTF-8":           {"text/html", utf8(htmlPage(`<meta charset="koi8-r">`, ru)), htmlPage(`<meta charset="koi8-r">`, ru), "utf-8", fromDetected},
		"header Latin-1, body CP1251":       {"text/html; charset=iso-8859-1", cp1251(htmlPage("", ru)), htmlPage("", ru), "windows-1251", fromDetected},
		"header CP1251, body KOI8-R":        {"text/html; charset=windows-1251", koi8r(htmlPage("", ru)), htmlPage("", ru), "koi8-r", fromDetected},
		"meta KOI8-R, body CP1251":          {"text/html", cp1251(htmlPage(`<meta charset="koi8-r">`, uk)), htmlPage(`<meta charset="koi8-r">`, uk), "windows-1251", fromDetected},
		"header CP1251, body Windows-1252":  {"text/html; charset=windows-1251", cp1252(htmlPage("", strings.Repeat(fr, 3))), htmlPage("", strings.Repeat(fr, 3)), "windows-1252", fromDetected},
		"too little to overrule a declared": {"text/html; charset=koi8-r", cp1251("<p>" + russian[0]), "<p>" + misread(t, charmap.KOI8R, cp1251(russian[0])), "koi8-r", fromHeader},

		// Mostly UTF-8 with stray bytes.
		"UTF-8 with stray Windows-1252 quotes": {"text/html; charset=utf-8", []byte(htmlPage("", "Caf\u00e9 \x93quoted\x94 \u2014 na\u00efve \u00e9t\u00e9")), htmlPage("", "Caf\u00e9 \u201cquoted\u201d \u2014 na\u00efve \u00e9t\u00e9"), "utf-8", fromDetected},
		"UTF-8 with a CP1251 fragment":         {"text/html", append(append([]byte(htmlPage("", uk)), cp1251("<aside>Реклама: купуйте</aside>")...), []byte(ru)...), htmlPage("", uk) + "<aside>Реклама: купуйте</aside>" + ru, "utf-8", fromDetected},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			got, cs, from := decodeHTML(tt.body, tt.contentType)
			if string(got) != tt.want {
				t.Errorf("text = %q\nwant   %q", trim(got), trim([]byte(tt.want)))
			}
			if cs != tt.charset || from != tt.from {
				t.Errorf("charset = %s from %s, want %s from %s", cs, from, tt.charset, tt.from)
			}
		})
	}
}

// trim shortens a page for a message.
func trim(b []byte) string {
	if i := bytes.Index(b, []byte("<p>")); i >= 0 {
		b = b[i:]
	}
	if r := []rune(string(b)); len(r) > 120 {
		return string(r[:120]) + "…"
	}
	return string(b)
}

func TestMetaCharset(t *testing.T) {
	t.Parallel()
	tests := map[string]string{
		`<meta charset="koi8-r">`:         "koi8-r",
		`<meta charset=' windows-1251 '>`: "windows-1251",
		`<meta charset=utf-8/>`:           "utf-8/", // as written; Lookup refuses it
		`<meta http-equiv=content-type content="text/html;charset=cp1251">`:    "cp1251",
		`<meta content="text/html; charset=koi8-u" http-equiv="Content-Type">`: "koi8-u",
		`<meta http-equiv="refresh" content="0; charset=koi8-r">`:              "",
		`<meta name="description" content="charset=koi8-r">`:                   "",
		`<!-- <meta charset="koi8-r"> --><p>`:                                  "",
		`<?xml version='1.0' encoding='windows-1251'?><html>`:                  "windows-1251",
		`<html><head><title>none</title></head>`:                               "",
		`<meta charset="koi8-r"><meta charset="utf-8">`:                        "koi8-r",
	}
	for in, want := range tests {
		if got := metaCharset([]byte(in)); got != want {
			t.Errorf("metaCharset(%s) = %q, want %q", in, got, want)
		}
	}
}

func TestContentCharset(t *testing.T) {
	t.Parallel()
	tests := map[string]string{
		"text/html; charset=windows-1251":     "windows-1251",
		"text/html; charset=windows-1251;":    "windows-1251",
		"text/html;CHARSET = 'koi8-r'":        "koi8-r",
		`text/html; charset="utf-8"`:          "utf-8",
		"text/html; charset=":                 "",
		`text/html; charset="unclosed`:        "",
		"text/html; charsetx; charset=cp1251": "cp1251",
		"text/html":                           "",
	}
	for in, want := range tests {
		if got := contentCharset(in); got != want {
			t.Errorf("contentCharset(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestMostlyUTF8(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		b    []byte
		want bool
	}{
		"valid":                   {[]byte("Київ"), true},
		"one stray byte":          {[]byte("Київ \x93"), true},
		"CP1251":                  {encode(t, charmap.Windows1251, ukrainian[0]), false},
		"KOI8-R":                  {encode(t, charmap.KOI8R, russian[0]), false},
		"Windows-1252, ASCII too": {[]byte("caf\xe9"), false},
		"ASCII":                   {[]byte("abc"), false},
	}
	for name, tt := range tests {
		if got := mostlyUTF8(tt.b); got != tt.want {
			t.Errorf("%s: mostlyUTF8 = %v, want %v", name, got, tt.want)
		}
	}
}
