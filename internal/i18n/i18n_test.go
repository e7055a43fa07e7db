package i18n

import (
	"go/ast"
	"go/parser"
	"go/token"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

// What a translation must keep: fmt verbs, HTML tags and /commands (not
// the slash of a closing tag or of "Europe/Kyiv").
var (
	verbs    = regexp.MustCompile(`%(?:\[\d+\])?[-+# 0]*\d*(?:\.\d+)?[a-zA-Z%]`)
	tags     = regexp.MustCompile(`</?[a-z]+[^>]*>`)
	commands = regexp.MustCompile(`(?:^|[^\w<])(/[a-z_]+)`)
)

func placeholdersOf(s string) []string {
	out := append(verbs.FindAllString(s, -1), tags.FindAllString(s, -1)...)
	for _, m := range commands.FindAllStringSubmatch(s, -1) {
		out = append(out, m[1])
	}
	slices.Sort(out)
	return out
}

// pluralForms is how many plural forms each language has (see pluralForm).
func pluralForms(lang string) int {
	switch lang {
	case "tr":
		return 1
	case "uk", "ru":
		return 3
	default:
		return 2
	}
}

func checkTranslation(t *testing.T, k Key, lang, en, tr string) {
	t.Helper()
	if strings.TrimSpace(tr) == "" {
		t.Errorf("%s: %s is empty", k, lang)
		return
	}
	if want, got := placeholdersOf(en), placeholdersOf(tr); !slices.Equal(got, want) {
		t.Errorf("%s: %s has placeholders %q, English %q", k, lang, got, want)
	}
}

func TestCatalogComplete(t *testing.T) {
	for k, tr := range messages {
		if len(tr) != len(Languages) {
			t.Errorf("%s: %d translations for %d languages", k, len(tr), len(Languages))
		}
		for _, l := range Languages {
			s, ok := tr[l.Code]
			if !ok {
				t.Errorf("%s: no %s translation", k, l.Code)
				continue
			}
			checkTranslation(t, k, l.Code, tr[English], s)
		}
	}
	for k, tr := range plurals {
		if len(tr) != len(Languages) {
			t.Errorf("%s: %d translations for %d languages", k, len(tr), len(Languages))
		}
		for _, l := range Languages {
			forms := tr[l.Code]
			if len(forms) != pluralForms(l.Code) {
				t.Errorf("%s: %s has %d plural forms, want %d", k, l.Code, len(forms), pluralForms(l.Code))
				continue
			}
			for _, f := range forms {
				checkTranslation(t, k, l.Code, tr[English][0], f)
			}
		}
	}
	for _, l := range Languages {
		if _, ok := calendars[l.Code]; !ok {
			t.Errorf("no calendar for %s", l.Code)
		}
	}
}

// TestEveryKeyInCatalog checks that each declared Key has its messages,
// so that no reply comes out as a bare key.
func TestEveryKeyInCatalog(t *testing.T) {
	f, err := parser.ParseFile(token.NewFileSet(), "messages.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.CONST {
			continue
		}
		for _, spec := range g.Specs {
			for _, name := range spec.(*ast.ValueSpec).Names {
				n++
				k := Key(strings.Trim(spec.(*ast.ValueSpec).Values[0].(*ast.BasicLit).Value, `"`))
				_, msg := messages[k]
				_, plural := plurals[k]
				if msg == plural {
					t.Errorf("%s (%q): in messages %v, in plurals %v; want exactly one", name.Name, k, msg, plural)
				}
			}
		}
	}
	if n != len(messages)+len(plurals) {
		t.Errorf("%d keys declared, %d in the catalogs", n, len(messages)+len(plurals))
	}
}

func TestMatch(t *testing.T) {
	for code, want := range map[string]string{
		"uk": "uk", "ru": "ru", "de-AT": "de", "DE": "de", "es-419": "es", "fr-CA": "fr", "tr": "tr", "en-GB": "en",
		"pt-br": "en", "": "en", "zz": "en", "de_CH": "de",
	} {
		if got := Normalize(code); got != want {
			t.Errorf("Normalize(%q) = %q, want %q", code, got, want)
		}
	}
	if _, ok := Match("pt-BR"); ok {
		t.Error(`Match("pt-BR") is ok`)
	}
}

func TestLookup(t *testing.T) {
	if got := T("pt", DeleteButton); got != "Delete my data" {
		t.Errorf("unknown language: %q", got)
	}
	if got := T("fr-CA", DeleteButton); got != "Supprimer mes données" {
		t.Errorf("regional tag: %q", got)
	}
	if got := T("uk", UnknownCommand, "foo"); got != "Я не знаю команди /foo. Спробуйте /help." {
		t.Errorf("uk: %q", got)
	}
	for _, c := range []struct {
		lang string
		n    int
		want string
	}{
		{"en", 1, "1 outlet"}, {"en", 7, "7 outlets"},
		{"uk", 1, "1 видання"}, {"uk", 3, "3 видання"}, {"uk", 11, "11 видань"}, {"uk", 21, "21 видання"}, {"uk", 25, "25 видань"},
		{"ru", 1, "1 издание"}, {"ru", 2, "2 издания"}, {"ru", 5, "5 изданий"}, {"ru", 12, "12 изданий"}, {"ru", 22, "22 издания"},
		{"fr", 0, "0 média"}, {"fr", 2, "2 médias"}, {"de", 1, "1 Medium"}, {"tr", 4, "4 yayın organı"}, {"xx", 2, "2 outlets"},
	} {
		if got := N(c.lang, Outlets, c.n); got != c.want {
			t.Errorf("N(%s, %d) = %q, want %q", c.lang, c.n, got, c.want)
		}
	}
}

func TestDates(t *testing.T) {
	day := time.Date(2026, 12, 4, 9, 0, 0, 0, time.UTC)
	first := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	for _, c := range []struct{ lang, long, short string }{
		{"en", "4 December 2026", "4 Dec 2026"},
		{"uk", "4 грудня 2026", "4 груд. 2026"},
		{"ru", "4 декабря 2026", "4 дек. 2026"},
		{"de", "4. Dezember 2026", "4. Dez. 2026"},
		{"fr", "4 décembre 2026", "4 déc. 2026"},
		{"es", "4 de diciembre de 2026", "4 dic 2026"},
		{"tr", "4 Aralık 2026", "4 Ara 2026"},
		{"pt", "4 December 2026", "4 Dec 2026"},
	} {
		if got := Date(c.lang, day); got != c.long {
			t.Errorf("Date(%s) = %q, want %q", c.lang, got, c.long)
		}
		if got := ShortDate(c.lang, day); got != c.short {
			t.Errorf("ShortDate(%s) = %q, want %q", c.lang, got, c.short)
		}
	}
	if got := Date("fr", first); got != "1er mars 2026" {
		t.Errorf("Date(fr, 1 March) = %q", got)
	}
	if got, want := Date("en", day), day.Format("2 January 2006"); got != want {
		t.Errorf("English Date = %q, time.Format %q", got, want)
	}
}
