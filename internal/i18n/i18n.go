// Package i18n holds every text the bot shows people, in each language it
// speaks, and picks the reader's: a catalog of messages keyed by Key with a
// translation per language, plural forms, and dates with month names.
// Unknown languages get English.
package i18n // import "github.com/newsdigest/newsdigest/internal/i18n"

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// English is the language of last resort.
const English = "en"

// Language is one language the bot speaks.
type Language struct {
	Code string // ISO 639-1, as stored and as Telegram's language_code starts
	Name string // in the language itself, for buttons and lists
}

// Languages are the languages the bot speaks, English first.
var Languages = []Language{
	{"en", "English"},
	{"uk", "Українська"},
	{"ru", "Русский"},
	{"de", "Deutsch"},
	{"fr", "Français"},
	{"es", "Español"},
	{"tr", "Türkçe"},
}

// Match returns the supported language a code names: Telegram's
// language_code is an IETF tag ("de-AT", "es-419", "pt-br"), of which
// the primary subtag decides. ok is false for a language the bot does not
// speak.
func Match(code string) (lang string, ok bool) {
	primary, _, _ := strings.Cut(strings.ToLower(strings.TrimSpace(code)), "-")
	primary, _, _ = strings.Cut(primary, "_") // "de_AT", as some clients send
	for _, l := range Languages {
		if l.Code == primary {
			return l.Code, true
		}
	}
	return "", false
}

// Normalize is Match falling back to English.
func Normalize(code string) string {
	if lang, ok := Match(code); ok {
		return lang
	}
	return English
}

// Name is the language's name in itself; an unknown language is English.
func Name(lang string) string {
	lang = Normalize(lang)
	return Languages[slices.IndexFunc(Languages, func(l Language) bool { return l.Code == lang })].Name
}

// T returns message k in lang (a code as Normalize takes), formatted with
// args when there are any.
func T(lang string, k Key, args ...any) string {
	tr, ok := messages[k]
	if !ok {
		return string(k) // a missing message shows its key, not nothing
	}
	s := tr[Normalize(lang)]
	if len(args) == 0 {
		return s
	}
	return fmt.Sprintf(s, args...)
}

// N returns plural message k in lang in the form that n takes, formatted
// with n.
func N(lang string, k Key, n int) string {
	tr, ok := plurals[k]
	if !ok {
		return string(k)
	}
	lang = Normalize(lang)
	return fmt.Sprintf(tr[lang][pluralForm(lang, n)], n)
}

// pluralForm picks the index of n's form in a language's plural forms,
// which are listed in the order: one, few, many (uk, ru); one, other (en,
// de, es, fr); the only one (tr, whose nouns stay singular after numbers).
func pluralForm(lang string, n int) int {
	if n < 0 {
		n = -n
	}
	switch lang {
	case "tr":
		return 0
	case "fr":
		if n <= 1 {
			return 0
		}
		return 1
	case "uk", "ru":
		switch d, dd := n%10, n%100; {
		case d == 1 && dd != 11:
			return 0
		case d >= 2 && d <= 4 && (dd < 12 || dd > 14):
			return 1
		default:
			return 2
		}
	default:
		if n == 1 {
			return 0
		}
		return 1
	}
}

// Date writes t's day as in "4 December 2026", the way lang does
// ("4. Dezember 2026", "4 de diciembre de 2026", "4 грудня 2026").
func Date(lang string, t time.Time) string {
	c := calendars[Normalize(lang)]
	return c.format(c.layout, c.months, t)
}

// ShortDate is Date with abbreviated months: "4 Dec 2026".
func ShortDate(lang string, t time.Time) string {
	c := calendars[Normalize(lang)]
	return c.format(c.shortLayout, c.short, t)
}

// calendar is how a language writes a date: a layout takes the day, the
// month's name and the year.
type calendar struct {
	layout, shortLayout string
	first               string // how the first day of a month is written
	months, short       [12]string
}

func (c calendar) format(layout string, months [12]string, t time.Time) string {
	day := fmt.Sprint(t.Day())
	if t.Day() == 1 && c.first != "" {
		day = c.first
	}
	return fmt.Sprintf(layout, day, months[t.Month()-1], t.Year())
}

// calendars use the month names a date takes: the genitive in Ukrainian
// and Russian.
var calendars = map[string]calendar{
	"en": {"%s %s %d", "%s %s %d", "",
		[12]string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"},
		[12]string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}},
	"uk": {"%s %s %d", "%s %s %d", "",
		[12]string{"січня", "лютого", "березня", "квітня", "травня", "червня", "липня", "серпня", "вересня", "жовтня", "листопада", "грудня"},
		[12]string{"січ.", "лют.", "бер.", "квіт.", "трав.", "черв.", "лип.", "серп.", "вер.", "жовт.", "лист.", "груд."}},
	"ru": {"%s %s %d", "%s %s %d", "",
		[12]string{"января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября", "ноября", "декабря"},
		[12]string{"янв.", "февр.", "мар.", "апр.", "мая", "июн.", "июл.", "авг.", "сент.", "окт.", "нояб.", "дек."}},
	"de": {"%s. %s %d", "%s. %s %d", "",
		[12]string{"Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"},
		[12]string{"Jan.", "Feb.", "März", "Apr.", "Mai", "Juni", "Juli", "Aug.", "Sept.", "Okt.", "Nov.", "Dez."}},
	"fr": {"%s %s %d", "%s %s %d", "1er", // le 1er décembre
		[12]string{"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"},
		[12]string{"janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."}},
	"es": {"%s de %s de %d", "%s %s %d", "",
		[12]string{"enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"},
		[12]string{"ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sept", "oct", "nov", "dic"}},
	"tr": {"%s %s %d", "%s %s %d", "",
		[12]string{"Ocak", "Şubat", "Mart", "Nisan", "Mayıs", "Haziran", "Temmuz", "Ağustos", "Eylül", "Ekim", "Kasım", "Aralık"},
		[12]string{"Oca", "Şub", "Mar", "Nis", "May", "Haz", "Tem", "Ağu", "Eyl", "Eki", "Kas", "Ara"}},
}
