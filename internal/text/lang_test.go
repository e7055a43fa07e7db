package text

import (
	"strings"
	"testing"
)

func TestStem(t *testing.T) {
	tests := []struct {
		lang  string
		words []string // forms of one word: all must get one stem
	}{
		{"uk", []string{"україна", "україни", "україні", "україну", "україною"}},
		{"uk", []string{"переговори", "переговорів", "переговорах", "переговорами"}},
		{"uk", []string{"генеральний", "генерального", "генеральному"}},
		{"uk", []string{"заявив", "заявила", "заявили"}},
		{"ru", []string{"переговоры", "переговоров", "переговорах"}},
		{"ru", []string{"украина", "украины", "украине", "украину"}},
		{"de", []string{"verhandlung", "verhandlungen"}},
		{"de", []string{"generalsekretär", "generalsekretärs"}},
		{"fr", []string{"négociation", "négociations"}},
		{"es", []string{"negociación", "negociaciones"}},
		{"tr", []string{"müzakereler", "müzakerelerde"}},
		{"tr", []string{"ukrayna", "ukrayna'nın", "ukrayna'ya"}},
		{"en", []string{"negotiation", "negotiations"}},
		{"ar", []string{"المفاوضات", "بالمفاوضات"}},
		{"ar", []string{"الحكومة", "حكومة", "للحكومة"}},
	}
	for _, tt := range tests {
		want := Stem(tt.words[0], tt.lang)
		for _, w := range tt.words[1:] {
			if got := Stem(w, tt.lang); got != want {
				t.Errorf("%s: Stem(%q) = %q, Stem(%q) = %q; want one stem", tt.lang, w, got, tt.words[0], want)
			}
		}
	}
	if got := Stem("слово", "xx"); got != "слово" {
		t.Errorf("a language without a stemmer changed the word: %q", got)
	}
}

func TestDetect(t *testing.T) {
	tests := []struct{ text, want string }{
		{"Генеральний секретар НАТО Марк Рютте заявив, що Україна має бути в найсильнішій позиції перед переговорами.", "uk"},
		{"Генеральный секретарь НАТО Марк Рютте заявил, что Украина должна быть в сильнейшей позиции перед переговорами.", "ru"},
		{"NATO-Generalsekretär Mark Rutte sagte, die Ukraine müsse vor den Verhandlungen in der stärksten Position sein.", "de"},
		{"Le secrétaire général de l'Otan, Mark Rutte, a déclaré que l'Ukraine devait être en position de force avant les négociations.", "fr"},
		{"El secretario general de la OTAN, Mark Rutte, dijo que Ucrania debe estar en la posición más fuerte antes de las negociaciones.", "es"},
		{"NATO Genel Sekreteri Mark Rutte, Ukrayna'nın müzakerelerden önce en güçlü konumda olması gerektiğini söyledi.", "tr"},
		{"NATO Secretary General Mark Rutte said Ukraine must be in the strongest possible position before talks begin.", "en"},
	}
	for _, tt := range tests {
		if got := Detect(tt.text); got != tt.want {
			t.Errorf("Detect(%.40q…) = %q, want %q", tt.text, got, tt.want)
		}
	}
	if got := Detect("Рютте заявив, що Україна має бути в найсильнішій позиції", "uk", "ru"); got != "uk" {
		t.Errorf("Detect among uk and ru = %q, want uk", got)
	}
}

func TestCrossKey(t *testing.T) {
	tests := []struct {
		lang  string
		names []string // one entity's names: all must get one key
	}{
		{"", []string{"Mark Rutte", "Rutte"}},
		{"uk", []string{"Марк Рютте"}},
		{"ru", []string{"Рютте"}},
		{"tr", []string{"Rutte'nin", "Rutte'ye"}},
		{"uk", []string{"Зеленський", "Зеленського"}},
		{"ru", []string{"Зеленский", "Зеленского"}},
		{"", []string{"Zelensky", "Selenskyj", "Zelenskyy", "Zelenskiy"}},
		{"uk", []string{"Путін", "Путіна"}},
		{"ru", []string{"Путин", "Путина"}},
		{"", []string{"Putin"}},
		{"uk", []string{"Трамп"}},
		{"", []string{"Donald Trump"}},
		{"uk", []string{"НАТО"}},
		{"fr", []string{"OTAN"}},
		{"", []string{"NATO"}},
		{"de", []string{"Macron"}},
		{"ru", []string{"Макрон"}},
		{"de", []string{"Russland", "Russlands"}},
		{"", []string{"Russia", "Russian"}},
		{"ru", []string{"Россия", "России"}},
		{"uk", []string{"Росії"}},
		{"tr", []string{"Rusya'nın"}},
		{"de", []string{"Deutschland", "Deutschlands"}},
		{"", []string{"Germany"}},
		{"fr", []string{"Allemagne"}},
		{"uk", []string{"Німеччини"}},
		{"de", []string{"Österreich"}},
		{"", []string{"Austria"}},
	}
	keys := map[string]string{}
	for _, tt := range tests {
		for _, n := range tt.names {
			keys[n+"/"+tt.lang] = CrossKey(n, tt.lang)
		}
	}
	same := [][]string{
		{"Mark Rutte/", "Rutte/", "Марк Рютте/uk", "Рютте/ru", "Rutte'nin/tr", "Rutte'ye/tr"},
		{"Зеленський/uk", "Зеленського/uk", "Зеленский/ru", "Зеленского/ru", "Zelensky/", "Selenskyj/", "Zelenskyy/", "Zelenskiy/"},
		{"Путін/uk", "Путіна/uk", "Путин/ru", "Путина/ru", "Putin/"},
		{"Трамп/uk", "Donald Trump/"},
		{"НАТО/uk", "OTAN/fr", "NATO/"},
		{"Macron/de", "Макрон/ru"},
		{"Russland/de", "Russlands/de", "Russia/", "Russian/", "Россия/ru", "России/ru", "Росії/uk", "Rusya'nın/tr"},
		{"Deutschland/de", "Deutschlands/de", "Germany/", "Allemagne/fr", "Німеччини/uk"},
		{"Österreich/de", "Austria/"},
	}
	if got := CrossKeys("Чорнобильської", "uk"); len(got) != 2 || got[1] != CrossKey("Chornobyl", "") {
		t.Errorf("CrossKeys(Чорнобильської) = %q, want the adjective's key and Chornobyl's %q", got, CrossKey("Chornobyl", ""))
	}
	if CrossKey("МАГАТЕ", "uk") != CrossKey("IAEA", "") {
		t.Error("МАГАТЕ and IAEA differ")
	}
	var heads []string
	for _, group := range same {
		for _, n := range group[1:] {
			if keys[n] != keys[group[0]] {
				t.Errorf("CrossKey(%s) = %q, CrossKey(%s) = %q; want one key", n, keys[n], group[0], keys[group[0]])
			}
		}
		heads = append(heads, keys[group[0]])
	}
	for i := range heads {
		for j := i + 1; j < len(heads); j++ {
			if heads[i] == heads[j] {
				t.Errorf("%s and %s share the key %q", same[i][0], same[j][0], heads[i])
			}
		}
	}
}

// TestCountriesCoverLanguages: countries.go (go generate) has the names
// of countries in every language an article may be in.
func TestCountriesCoverLanguages(t *testing.T) {
	for _, lang := range Languages {
		if n := strings.Count(countryNames[lang], "|"); n < 100 {
			t.Errorf("countryNames[%q] has %d names; run go generate ./internal/text/", lang, n)
		}
	}
}
