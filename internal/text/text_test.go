package text

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestWords(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		in   string
		want []string
	}{
		"empty":               {"", nil},
		"punctuation only":    {" -- ... ", nil},
		"simple":              {"Mark Rutte spoke.", []string{"Mark", "Rutte", "spoke"}},
		"inner apostrophe":    {"don't it’s Rutte's", []string{"don't", "it’s", "Rutte's"}},
		"inner hyphen":        {"Minsk-3 full-scale", []string{"Minsk-3", "full-scale"}},
		"edge marks dropped":  {"-x- 'quoted' ’tis", []string{"x", "quoted", "tis"}},
		"dash between":        {"a—b a - b", []string{"a", "b", "a", "b"}},
		"digits":              {"32 members, 2025", []string{"32", "members", "2025"}},
		"decimal splits":      {"3.5%", []string{"3", "5"}},
		"non-Latin":           {"Генсек НАТО Рютте", []string{"Генсек", "НАТО", "Рютте"}},
		"combining marks":     {"cafe\u0301 na\u0308ive", []string{"cafe\u0301", "na\u0308ive"}},
		"CJK run":             {"北约秘书长", []string{"北约秘书长"}},
		"trailing apostrophe": {"allies' plans", []string{"allies", "plans"}},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			if got := Words(tt.in); !slices.Equal(got, tt.want) {
				t.Errorf("Words(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestTerms(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		in, lang string
		want     []string
	}{
		"stop words and stems":                  {"The allies were running the talks", "en", []string{"alli", "run", "talk"}},
		"default is English":                    {"Negotiations continued", "", []string{"negoti", "continu"}},
		"possessive":                            {"Rutte's and Ukraine’s plans", "en", []string{"rutt", "ukrain", "plan"}},
		"case folded":                           {"NATO Nato nato", "en", []string{"nato", "nato", "nato"}},
		"single letters":                        {"a b c x", "en", nil},
		"single digit kept":                     {"5 of 7", "en", []string{"5", "7"}},
		"numbers":                               {"2025 budget", "en", []string{"2025", "budget"}},
		"reporting verbs":                       {"Rutte said, told and says", "en", []string{"rutt"}},
		"other language":                        {"Die Häuser laufen", "de", []string{"haus", "lauf"}},
		"English stop words in other languages": {"the Häuser", "de", []string{"haus"}},
		"no stemmer":                            {"Domy stoją", "pl", []string{"domy", "stoją"}},
		"empty":                                 {"", "en", nil},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			if got := Terms(tt.in, tt.lang); !slices.Equal(got, tt.want) {
				t.Errorf("Terms(%q, %q) = %q, want %q", tt.in, tt.lang, got, tt.want)
			}
		})
	}
}

func TestIsStopWord(t *testing.T) {
	t.Parallel()
	for w, want := range map[string]bool{"the": true, "said": true, "monday": true, "rutte": false, "nato": false, "The": false} {
		if got := IsStopWord(w, "en"); got != want {
			t.Errorf("IsStopWord(%q) = %v, want %v", w, got, want)
		}
	}
}

func TestNames(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		in   string
		want []string
	}{
		"empty": {"", nil},
		"two-word names": {
			"NATO Secretary General Mark Rutte met Pete Hegseth at the White House.",
			[]string{"NATO", "Mark Rutte", "Pete Hegseth", "White House"},
		},
		"sentence-initial stop word": {"The White House said. But Rutte disagreed.", []string{"White House", "Rutte"}},
		"sentence-initial name":      {"Rutte spoke.", []string{"Rutte"}},
		"titles dropped": {
			"President Volodymyr Zelensky met Prime Minister Keir Starmer and Dr. Smith.",
			[]string{"Volodymyr Zelensky", "Keir Starmer", "Smith"},
		},
		"possessive":            {"Mark Rutte’s deputy met Ukraine's envoy.", []string{"Mark Rutte’s", "Ukraine's"}},
		"comma ends a name":     {"Rutte, Hegseth and Vance met.", []string{"Rutte", "Hegseth", "Vance"}},
		"quotes break a name":   {"\"Mark Rutte\" met (Pete Hegseth) in Brussels.", []string{"Mark Rutte", "Pete Hegseth", "Brussels"}},
		"The inside a sentence": {"It was held in The Hague.", []string{"Hague"}},
		"lower-case words":      {"nothing here at all", nil},
		"lines are separate":    {"Mark\nRutte", []string{"Mark", "Rutte"}},
		"non-Latin":             {"Генсек НАТО Марк Рютте заявил.", []string{"Генсек НАТО Марк Рютте"}},
		// Closing marks are several bytes long: they used to be missed, so
		// names ran on across them.
		"curly quote ends a name": {"“Mark Rutte” Pete Hegseth said", []string{"Mark Rutte", "Pete Hegseth"}},
		"guillemet ends a name":   {"«Macron» Scholz said", []string{"Macron", "Scholz"}},
		"quote ends a sentence":   {"“We will go.” Then Rutte stayed.", []string{"Rutte"}},
		// Initials belong to the name; a rank is a title.
		"initial ends a sentence": {"They chose Plan B. Then Rutte left.", []string{"Plan B.", "Rutte"}},
		"middle initial":          {"U.S. President Donald J. Trump met Gen. Keith Kellogg.", []string{"U.S", "Donald J. Trump", "Keith Kellogg"}},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			if got := Names(tt.in); !slices.Equal(got, tt.want) {
				t.Errorf("Names(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestNameKey(t *testing.T) {
	t.Parallel()
	tests := map[string]string{
		"Mark Rutte":              "rutte",
		"Rutte":                   "rutte",
		"Secretary General Rutte": "rutte",
		"Rutte's":                 "rutte",
		"Mark Rutte’s":            "rutte",
		"RUTTE":                   "rutte",
		"Donald J. Trump":         "trump",
		"":                        "",
		"   ":                     "",
		"Рютте":                   "рютте",
	}
	for in, want := range tests {
		if got := NameKey(in); got != want {
			t.Errorf("NameKey(%q) = %q, want %q", in, got, want)
		}
	}
	// Variants of one name meet at one key.
	for _, n := range Names("Mark Rutte spoke. Later Rutte’s aides and Secretary General Rutte agreed.") {
		if k := NameKey(n); k != "rutte" {
			t.Errorf("NameKey(%q) = %q, want rutte", n, k)
		}
	}
}

func TestClip(t *testing.T) {
	for _, tc := range []struct {
		in   string
		max  int
		want string
	}{
		{"peace talks", 20, "peace talks"},
		{"  peace \n\t talks  ", 20, "peace talks"},
		{"what is new on the peace talks", 20, "what is new on the…"},
		{"Зеленський і Рютте говорили", 12, "Зеленський…"},
		{"abcdefghijklmnopqrstuvwxyz", 10, "abcdefghi…"},
		{strings.Repeat("x ", 50000), 80, strings.TrimSpace(strings.Repeat("x ", 39)) + "…"},
	} {
		got := Clip(tc.in, tc.max)
		if got != tc.want {
			t.Errorf("Clip(%.30q, %d) = %q, want %q", tc.in, tc.max, got, tc.want)
		}
		if n := utf8.RuneCountInString(got); n > tc.max {
			t.Errorf("Clip(%.30q, %d) has %d runes", tc.in, tc.max, n)
		}
	}
}
