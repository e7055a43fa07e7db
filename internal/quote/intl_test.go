package quote

import (
	"encoding/json"
	"os"
	"testing"
)

// intlCases are news sentences in the languages with a lexicon; lang is
// given to ExtractLang, and every case must also pass with the language
// detected from the text.
var intlCases = []struct {
	name, lang, text string
	want             []want
}{
	// Ukrainian
	{
		name: "uk quote then dash, verb, role and name",
		lang: "uk",
		text: "«Ми не дозволимо Росії перемогти», — заявив генсек НАТО Марк Рютте.",
		want: []want{{text: "Ми не дозволимо Росії перемогти", speaker: "Марк Рютте", role: "генсек НАТО"}},
	},
	{
		name: "uk capitalised title before the name and a colon",
		lang: "uk",
		text: "Генеральний секретар НАТО Марк Рютте наголосив: «Альянс залишається єдиним».\n«Ми збільшимо допомогу Україні», — додав він.",
		want: []want{
			{text: "Альянс залишається єдиним", speaker: "Марк Рютте", role: "Генеральний секретар НАТО"},
			{text: "Ми збільшимо допомогу Україні", speaker: "Марк Рютте"},
		},
	},
	{
		name: "uk за словами with a genitive name",
		lang: "uk",
		text: "За словами Володимира Зеленського, «партнери мають діяти швидше».",
		want: []want{{text: "партнери мають діяти швидше", speaker: "Володимир Зеленський"}},
	},
	{
		name: "uk Putin's words inside Rutte's quote stay Rutte's",
		lang: "uk",
		text: "«Путін — жорсткий переговірник. Він сказав нам: „Ми не відступимо“, але ми теж не відступимо», — зазначив Рютте.",
		want: []want{{text: "Путін — жорсткий переговірник. Він сказав нам: „Ми не відступимо“, але ми теж не відступимо", speaker: "Рютте"}},
	},
	{
		name: "uk dash-led speech and a feminine verb",
		lang: "uk",
		text: "Прем'єр-міністр Юлія Свириденко прибула до Брюсселя.\n— Ми очікуємо рішень уже цього тижня, — сказала вона. — Часу обмаль.",
		want: []want{{text: "Ми очікуємо рішень уже цього тижня. Часу обмаль.", speaker: "Юлія Свириденко"}},
	},
	// Russian
	{
		name: "ru quote then dash, verb, role and name",
		lang: "ru",
		text: "«Мы готовы к переговорам, но не любой ценой», — заявил генсек НАТО Марк Рютте.",
		want: []want{{text: "Мы готовы к переговорам, но не любой ценой", speaker: "Марк Рютте", role: "генсек НАТО"}},
	},
	{
		name: "ru по словам with a genitive name, then a surname",
		lang: "ru",
		text: "По словам Владимира Путина, «Россия открыта для диалога».\n«Мы ничего не боимся», — сказал Путин.",
		want: []want{
			{text: "Россия открыта для диалога", speaker: "Владимир Путин"},
			{text: "Мы ничего не боимся", speaker: "Владимир Путин"},
		},
	},
	{
		name: "ru как заявил and an interruption inside guillemets",
		lang: "ru",
		text: "Как заявил Марк Рютте, «альянс будет поддерживать Украину».\n«Это важно, — подчеркнул Рютте, — для всей Европы».",
		want: []want{
			{text: "альянс будет поддерживать Украину", speaker: "Марк Рютте"},
			{text: "Это важно, для всей Европы", speaker: "Марк Рютте"},
		},
	},
	{
		name: "ru Putin quoted inside Rutte's quote",
		lang: "ru",
		text: "Марк Рютте рассказал о встрече с журналистами.\n«Путин сказал: „Мы хотим мира“. Но я ему не верю», — отметил Рютте.",
		want: []want{{text: "Путин сказал: „Мы хотим мира“. Но я ему не верю", speaker: "Марк Рютте"}},
	},
	{
		name: "ru minister with the country in the role",
		lang: "ru",
		text: "Министр иностранных дел России Сергей Лавров заявил журналистам: «Решение за Вашингтоном».",
		want: []want{{text: "Решение за Вашингтоном", speaker: "Сергей Лавров", role: "Министр иностранных дел России"}},
	},
	// German
	{
		name: "de sagte with a compound title",
		lang: "de",
		text: "„Wir werden die Ukraine weiter unterstützen“, sagte NATO-Generalsekretär Mark Rutte am Montag in Brüssel.",
		want: []want{{text: "Wir werden die Ukraine weiter unterstützen", speaker: "Mark Rutte", role: "NATO-Generalsekretär"}},
	},
	{
		name: "de so Rutte and fügte er hinzu",
		lang: "de",
		text: "Mark Rutte sprach in Brüssel.\n„Putin ist ein harter Verhandler“, so Rutte. „Aber wir sind geduldig“, fügte er hinzu.",
		want: []want{
			{text: "Putin ist ein harter Verhandler", speaker: "Mark Rutte"},
			{text: "Aber wir sind geduldig", speaker: "Mark Rutte"},
		},
	},
	{
		name: "de reversed guillemets and a colon",
		lang: "de",
		text: "Bundeskanzler Friedrich Merz erklärte: »Europa muss mehr tun.«\n»Das ist keine Frage des Geldes«, sagte Merz.",
		want: []want{
			{text: "Europa muss mehr tun.", speaker: "Friedrich Merz", role: "Bundeskanzler"},
			{text: "Das ist keine Frage des Geldes", speaker: "Friedrich Merz"},
		},
	},
	{
		name: "de interrupted quote with a nested Putin remark",
		lang: "de",
		text: "„Putin sagt ‚Wir wollen Frieden‘“, sagte Rutte, „aber seine Taten sprechen eine andere Sprache.“",
		want: []want{{text: "Putin sagt ‚Wir wollen Frieden‘ aber seine Taten sprechen eine andere Sprache.", speaker: "Rutte"}},
	},
	// French
	{
		name: "fr guillemets with no-break spaces, role then name",
		lang: "fr",
		text: "«\u00a0Nous ne laisserons pas tomber l'Ukraine\u00a0», a déclaré le secrétaire général de l'Otan, Mark Rutte.",
		want: []want{{text: "Nous ne laisserons pas tomber l'Ukraine", speaker: "Mark Rutte", role: "secrétaire général de l'Otan"}},
	},
	{
		name: "fr a-t-il déclaré and selon",
		lang: "fr",
		text: "Mark Rutte était à Bruxelles lundi.\n«\u202fPoutine est un négociateur coriace\u202f», a-t-il déclaré.\nSelon Emmanuel Macron, « l'Europe doit se réveiller ».",
		want: []want{
			{text: "Poutine est un négociateur coriace", speaker: "Mark Rutte"},
			{text: "l'Europe doit se réveiller", speaker: "Emmanuel Macron"},
		},
	},
	{
		name: "fr speaker before a colon with a space",
		lang: "fr",
		text: "Le président ukrainien Volodymyr Zelensky a affirmé : « Nous avons besoin de défense aérienne. »",
		want: []want{{text: "Nous avons besoin de défense aérienne.", speaker: "Volodymyr Zelensky"}},
	},
	{
		name: "fr Putin's words quoted by Rutte",
		lang: "fr",
		text: "« Poutine m'a dit : “nous ne reculerons pas”, mais nous non plus », a souligné Mark Rutte.",
		want: []want{{text: "Poutine m'a dit : “nous ne reculerons pas”, mais nous non plus", speaker: "Mark Rutte"}},
	},
	// Spanish
	{
		name: "es role, comma and name after the verb",
		lang: "es",
		text: "«No vamos a abandonar a Ucrania», afirmó el secretario general de la OTAN, Mark Rutte.",
		want: []want{{text: "No vamos a abandonar a Ucrania", speaker: "Mark Rutte", role: "secretario general de la OTAN"}},
	},
	{
		name: "es según and a dropped subject",
		lang: "es",
		text: "Según Pedro Sánchez, \"Europa debe estar unida\".\n\"No hay alternativa\", añadió.",
		want: []want{
			{text: "Europa debe estar unida", speaker: "Pedro Sánchez"},
			{text: "No hay alternativa", speaker: "Pedro Sánchez"},
		},
	},
	{
		name: "es dijo with a nested Putin quote",
		lang: "es",
		text: "Mark Rutte dijo: «Putin me dijo “no pararemos”, pero nosotros tampoco».",
		want: []want{{text: "Putin me dijo “no pararemos”, pero nosotros tampoco", speaker: "Mark Rutte"}},
	},
	{
		name: "es dash-led speech",
		lang: "es",
		text: "—Estamos preparados para cualquier escenario —dijo Rutte—. La alianza está unida.",
		want: []want{{text: "Estamos preparados para cualquier escenario La alianza está unida.", speaker: "Rutte"}},
	},
	// Turkish
	{
		name: "tr speaker before the quote, verb after",
		lang: "tr",
		text: "NATO Genel Sekreteri Mark Rutte, Brüksel'de düzenlenen basın toplantısında, \"Ukrayna'yı yalnız bırakmayacağız\" dedi.",
		want: []want{{text: "Ukrayna'yı yalnız bırakmayacağız", speaker: "Mark Rutte", role: "NATO Genel Sekreteri"}},
	},
	{
		name: "tr göre with a suffixed name",
		lang: "tr",
		text: "Rutte'ye göre, \"Putin zorlu bir müzakereci\".",
		want: []want{{text: "Putin zorlu bir müzakereci", speaker: "Rutte"}},
	},
	{
		name: "tr single quotes, diye konuştu and a dropped subject",
		lang: "tr",
		text: "Cumhurbaşkanı Recep Tayyip Erdoğan, 'Barış için her şeyi yapacağız' diye konuştu.\n\"Putin bana 'Hazırız' dedi, ama bunu göreceğiz\" ifadelerini kullandı.",
		want: []want{
			{text: "Barış için her şeyi yapacağız", speaker: "Recep Tayyip Erdoğan", role: "Cumhurbaşkanı"},
			{text: "Putin bana 'Hazırız' dedi, ama bunu göreceğiz", speaker: "Recep Tayyip Erdoğan"},
		},
	},
	{
		name: "tr şunları söyledi before a colon",
		lang: "tr",
		text: "Dışişleri Bakanı Hakan Fidan şunları söyledi: \"Müzakereler devam edecek.\"",
		want: []want{{text: "Müzakereler devam edecek.", speaker: "Hakan Fidan", role: "Dışişleri Bakanı"}},
	},
}

func TestExtractLang(t *testing.T) {
	for _, tc := range intlCases {
		t.Run(tc.name, func(t *testing.T) {
			if got := detectLang(tc.text); got != tc.lang {
				t.Errorf("detectLang = %q, want %q", got, tc.lang)
			}
			checkQuotes(t, tc.text, ExtractLang(tc.text, tc.lang), tc.want)
		})
	}
}

func checkQuotes(t *testing.T, text string, got []Quote, want []want) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("got %d quotes, want %d: %+v", len(got), len(want), got)
	}
	for i, w := range want {
		g := got[i]
		if g.Text != w.text || g.Speaker != w.speaker || w.role != "" && g.Role != w.role {
			t.Errorf("quote %d = %q by %q (%q), want %q by %q (%q)", i, g.Text, g.Speaker, g.Role, w.text, w.speaker, w.role)
		}
		checkSpan(t, text, g)
	}
}

// TestExtractLangArticles runs whole articles, with pronouns, roles and
// surnames that refer back to the people named first.
func TestExtractLangArticles(t *testing.T) {
	data, err := os.ReadFile("testdata/articles.json")
	if err != nil {
		t.Fatal(err)
	}
	var cases []struct {
		Name, Lang, Text string
		Want             []struct{ Text, Speaker, Role string }
	}
	if err := json.Unmarshal(data, &cases); err != nil {
		t.Fatal(err)
	}
	for _, tc := range cases {
		t.Run(tc.Name, func(t *testing.T) {
			if got := detectLang(tc.Text); got != tc.Lang {
				t.Errorf("detectLang = %q, want %q", got, tc.Lang)
			}
			var ws []want
			for _, w := range tc.Want {
				ws = append(ws, want{text: w.Text, speaker: w.Speaker, role: w.Role})
			}
			checkQuotes(t, tc.Text, Extract(tc.Text), ws)
		})
	}
}
