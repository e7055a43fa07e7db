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
	// Ukrainian and Russian: a bare short role names the person given the
	// full role before, and the other way round.
	{
		name: "uk bare генсек after a full role",
		lang: "uk",
		text: "Генеральний секретар ООН Антоніу Гутерреш виступив у Женеві перед делегатами.\n«Гуманітарна допомога має надходити до Гази без жодних перешкод», — сказав генсек.",
		want: []want{{text: "Гуманітарна допомога має надходити до Гази без жодних перешкод", speaker: "Антоніу Гутерреш", role: "Генеральний секретар ООН"}},
	},
	{
		name: "ru full role after генсек",
		lang: "ru",
		text: "Генсек ООН Антониу Гутерриш прибыл в Женеву.\n«Мир не может ждать, пока стороны договорятся», — отметил генеральный секретарь.",
		want: []want{{text: "Мир не может ждать, пока стороны договорятся", speaker: "Антониу Гутерриш", role: "Генсек ООН"}},
	},
	// A Latin-script company inside a Cyrillic role; a capitalised word
	// opening a sentence is no person.
	{
		name: "uk role with a Latin company, adverb opening a sentence before",
		lang: "uk",
		text: "Пальне на АЗС за тиждень подорожчало на 3%. Найшвидше зростали ціни на дизель.\n«Ринок реагує на логістичні ризики, а не на попит», — пояснила економістка ICU Group Вікторія Бондар.\n«Ціни стабілізуються до літа», — вважає аналітик Concorde Capital Ігор Мельник.",
		want: []want{
			{text: "Ринок реагує на логістичні ризики, а не на попит", speaker: "Вікторія Бондар", role: "економістка ICU Group"},
			{text: "Ціни стабілізуються до літа", speaker: "Ігор Мельник", role: "аналітик Concorde Capital"},
		},
	},
	{
		name: "ru role with a Latin company",
		lang: "ru",
		text: "«Рубль останется под давлением до конца квартала», — сказал аналитик Freedom Finance Георгий Ващенко.",
		want: []want{{text: "Рубль останется под давлением до конца квартала", speaker: "Георгий Ващенко", role: "аналитик Freedom Finance"}},
	},
	{
		name: "uk adverb opening a sentence is no antecedent",
		lang: "uk",
		text: "Найдорожче коштує імпортне обладнання для енергетики.\n«Ми шукаємо нових постачальників», — сказала вона.",
		want: []want{{text: "Ми шукаємо нових постачальників", speaker: ""}},
	},
	// Turkish: a participle clause before the subject and its comma; a
	// converb before the quote; a noun and a light verb that speak.
	{
		name: "tr participle, role, name and comma before the quote",
		lang: "tr",
		text: "Gazetecilerin Suriye ile ilgili sorularını yanıtlayan Dışişleri Bakanı Hakan Fidan, \"Bölgede kalıcı bir ateşkes için çalışıyoruz\" dedi.",
		want: []want{{text: "Bölgede kalıcı bir ateşkes için çalışıyoruz", speaker: "Hakan Fidan", role: "Dışişleri Bakanı"}},
	},
	{
		name: "tr organisation before the role, converb and yanıtını verdi",
		lang: "tr",
		text: "Faiz kararına ilişkin soruları yanıtlayan Merkez Bankası Başkanı Fatih Karahan, toplantının ardından açıklama yaptı.\nEnflasyonun düşeceğini belirten Karahan, yıl sonu hedefini hatırlatarak \"Sıkı para politikası devam edecek\" yanıtını verdi.\nAçıklama yapan Karahan, \"Piyasalar bu kararı bekliyordu\" diye yanıtladı.",
		want: []want{
			{text: "Sıkı para politikası devam edecek", speaker: "Fatih Karahan", role: "Merkez Bankası Başkanı"},
			{text: "Piyasalar bu kararı bekliyordu", speaker: "Fatih Karahan"},
		},
	},
	{
		name: "tr mesajını verdi with the speaker opening the sentence",
		lang: "tr",
		text: "Fransa Cumhurbaşkanı Emmanuel Macron, Paris'te düzenlenen zirvede \"Avrupa kendi savunmasını üstlenmeli\" mesajını verdi.",
		want: []want{{text: "Avrupa kendi savunmasını üstlenmeli", speaker: "Emmanuel Macron", role: "Fransa Cumhurbaşkanı"}},
	},
	// Spanish: an organisation of several words, and connectors, before
	// the comma and the name; particles inside the name.
	{
		name: "es organisation of several words before the name",
		lang: "es",
		text: "«La inflación todavía no está bajo control», señaló la directora gerente del Fondo Monetario Internacional, Kristalina Georgieva.\n«No habrá rescate para nadie», dijo el ministro de Finanzas de los Países Bajos, Eelco van der Berg.",
		want: []want{
			{text: "La inflación todavía no está bajo control", speaker: "Kristalina Georgieva", role: "directora gerente del Fondo Monetario Internacional"},
			{text: "No habrá rescate para nadie", speaker: "Eelco van der Berg", role: "ministro de Finanzas de los Países Bajos"},
		},
	},
	// French: a hyphenated role with an adjective and initials; a pronoun
	// for the person of the sentence before; a definite role for the
	// person named with it, or for the person of the paragraph named
	// without a role, or for no one.
	{
		name: "fr pronoun for the person with a hyphenated role and initials",
		lang: "fr",
		text: "Lors d'un meeting à Chicago, l'ex-gouverneur démocrate JB Pritzker a répondu aux critiques de la Maison Blanche. « Nous ne céderons pas aux menaces », a-t-il martelé devant ses partisans.",
		want: []want{{text: "Nous ne céderons pas aux menaces", speaker: "JB Pritzker"}},
	},
	{
		name: "fr definite role with an adjective",
		lang: "fr",
		text: "Le président ukrainien Volodymyr Zelensky était mercredi à Paris pour une réunion avec les alliés.\n« Nous avons besoin de garanties solides », a plaidé le président ukrainien.",
		want: []want{{text: "Nous avons besoin de garanties solides", speaker: "Volodymyr Zelensky", role: "président ukrainien"}},
	},
	{
		name: "fr definite role for the person of the paragraph named without one",
		lang: "fr",
		text: "Olaf Scholz, qui recevait le Premier ministre polonais Donald Tusk, a promis une aide aux agriculteurs. « Personne ne sera laissé de côté », a insisté le chancelier allemand.",
		want: []want{{text: "Personne ne sera laissé de côté", speaker: "Olaf Scholz", role: "chancelier allemand"}},
	},
	{
		name: "fr definite role for no one",
		lang: "fr",
		text: "Les négociations ont repris mardi dans la soirée. « Nous sommes proches d'un accord », a plaidé la ministre française.",
		want: []want{{text: "Nous sommes proches d'un accord", speaker: ""}},
	},
	// German: a genitive owner opens the role; the subject that opens a
	// sentence ending with a colon speaks the quote after it.
	{
		name: "de genitive place before the role, subject before a colon",
		lang: "de",
		text: "„Europa muss seine Verteidigung selbst in die Hand nehmen“, sagte Frankreichs Präsident Emmanuel Macron am Freitag in Berlin.\nBundespräsident Frank-Walter Steinmeier rief zur Besonnenheit auf: „Wir dürfen uns nicht spalten lassen.“",
		want: []want{
			{text: "Europa muss seine Verteidigung selbst in die Hand nehmen", speaker: "Emmanuel Macron", role: "Frankreichs Präsident"},
			{text: "Wir dürfen uns nicht spalten lassen.", speaker: "Frank-Walter Steinmeier", role: "Bundespräsident"},
		},
	},
	{
		name: "de genitive person before the role is no speaker",
		lang: "de",
		text: "Emmanuel Macron traf am Montag den Kanzler in Berlin.\n„Das Treffen war sehr konstruktiv“, sagte Macrons Sprecherin danach.",
		want: []want{{text: "Das Treffen war sehr konstruktiv", speaker: ""}},
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
