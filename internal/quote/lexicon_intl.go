package quote

import "strings"

// Word lists of news writing in Ukrainian, Russian, German, French,
// Spanish and Turkish, as lexicon describes them. Like lexicon.go they
// describe how reporters attribute speech, not any particular article.

var lexicons = map[string]*lexicon{
	"uk": {
		lang: "uk",
		verbs: slavicPast("сказа", "заяви", "зазначи", "наголоси", "дода", "повідоми", "підкресли",
			"поясни", "розпові", "написа", "відпові", "уточни", "визна", "попереди", "нагада",
			"зауважи", "запевни", "вказа", "резюмува", "констатува", "заклика").
			with("каже", "говорить", "заявляє", "зазначає", "наголошує", "додає", "підкреслює",
				"пише", "вважає", "переконаний", "переконана"),
		frames:     [][]string{{"за", "словами"}, {"на", "думку"}},
		pronouns:   map[string]gender{"він": male, "вона": female},
		roles:      roleSet(slavicRolesUK),
		connectors: set("і", "та", "з", "у", "в"),
		particles:  set("фон", "дер", "ван", "де", "да", "ді", "ла", "ле", "аль", "бін"),
		stops: set("за", "на", "у", "в", "з", "із", "зі", "до", "від", "про", "для", "по", "під",
			"над", "перед", "після", "через", "як", "що", "і", "й", "та", "але", "а", "коли",
			"якщо", "цей", "ця", "це", "ці", "той", "та", "його", "її", "їх", "вже", "також",
			"тому", "адже", "щодо", "при", "біля", "між", "проти", "без", "серед", "навіть",
			"минулого", "наступного", "сьогодні", "вчора", "раніше", "нині", "водночас"),
		skip: set("також", "ще", "вже", "тоді", "потім", "згодом", "далі", "раніше", "сьогодні",
			"вчора", "журналістам", "репортерам", "агентству", "виданню", "телеканалу"),
		roleAliases: map[string]string{"генсек": "секретар"},
		noArticles:  true, cyrillic: true, dashQuotes: true,
	},
	"ru": {
		lang: "ru",
		verbs: slavicPast("сказа", "заяви", "отмети", "подчеркну", "добави", "сообщи", "поясни",
			"указа", "замети", "призна", "рассказа", "написа", "уточни", "ответи", "констатирова",
			"предупреди", "напомни", "завери", "резюмирова", "призва", "признава").
			with("говорит", "заявляет", "отмечает", "подчеркивает", "подчёркивает", "добавляет",
				"пишет", "считает", "уверен", "уверена"),
		frames:     [][]string{{"по", "словам"}, {"по", "мнению"}},
		pronouns:   map[string]gender{"он": male, "она": female},
		roles:      roleSet(slavicRolesRU),
		connectors: set("и", "по", "в"),
		particles:  set("фон", "дер", "ван", "де", "да", "ди", "ла", "ле", "аль", "бен"),
		stops: set("по", "на", "в", "во", "с", "со", "к", "ко", "до", "от", "о", "об", "про", "для",
			"под", "над", "перед", "после", "через", "как", "что", "и", "но", "а", "когда", "если",
			"этот", "эта", "это", "эти", "тот", "его", "ее", "её", "их", "уже", "также", "тоже",
			"поэтому", "ведь", "при", "у", "между", "против", "без", "среди", "даже", "прошлой",
			"сегодня", "вчера", "ранее", "теперь", "между", "из", "за"),
		skip: set("также", "тоже", "еще", "ещё", "уже", "затем", "потом", "далее", "ранее",
			"сегодня", "вчера", "журналистам", "репортерам", "агентству", "изданию", "телеканалу"),
		roleAliases: map[string]string{"генсек": "секретарь"},
		noArticles:  true, cyrillic: true, dashQuotes: true,
	},
	"de": {
		lang: "de",
		verbs: set("sagte", "sagt", "sagten", "erklärte", "erklärt", "betonte", "betont", "fügte",
			"meinte", "meint", "warnte", "warnt", "unterstrich", "ergänzte", "ergänzt", "bekräftigte",
			"versicherte", "schrieb", "schreibt", "mahnte", "forderte", "antwortete", "verkündete",
			"bestätigte", "versprach", "kritisierte", "räumte", "stellte", "teilte", "sprach",
			"betonten", "erklärten", "sagen", "gesagt", "erklärt", "betonte", "argumentierte"),
		afterOnly:  set("so"),
		frames:     [][]string{{"laut"}, {"nach", "worten"}},
		postFrames: set("zufolge"),
		pronouns:   map[string]gender{"er": male, "sie": female},
		articles:   set("der", "die", "das", "dem", "den", "des", "ein", "eine", "einer", "eines"),
		definite:   set("der", "die", "das", "dem", "den", "des"),
		roles: set("präsident", "präsidentin", "kanzler", "kanzlerin", "minister", "ministerin",
			"sprecher", "sprecherin", "chef", "chefin", "generalsekretär", "generalsekretärin",
			"vorsitzende", "vorsitzender", "botschafter", "botschafterin", "bürgermeister",
			"bürgermeisterin", "regierungschef", "regierungschefin", "sekretär", "berater",
			"beraterin", "ukrainische", "ukrainischen", "russische", "russischen", "amerikanische",
			"französische", "deutsche", "frühere", "ehemalige", "designierte", "stellvertretende"),
		titleSuffixes: []string{"präsident", "präsidentin", "kanzler", "kanzlerin", "minister",
			"ministerin", "sprecher", "sprecherin", "chef", "chefin", "sekretär", "sekretärin",
			"vorsitzende", "vorsitzender", "botschafter", "botschafterin", "meister", "meisterin",
			"berater", "beraterin", "leiter", "leiterin"},
		connectors:   set("der", "des", "für", "und"),
		particles:    set("von", "van", "der", "de", "zu", "vom", "den"),
		ownerEndings: []string{"s"},
		stops: set("am", "im", "in", "an", "auf", "aus", "bei", "mit", "nach", "seit", "von", "vor",
			"zu", "zum", "zur", "über", "unter", "für", "gegen", "ohne", "um", "und", "oder", "aber",
			"als", "wie", "wenn", "dass", "ob", "es", "ich", "wir", "ihr", "man", "dies", "diese",
			"dieser", "dieses", "auch", "noch", "schon", "dann", "doch", "so", "laut", "zudem",
			"gestern", "heute", "morgen", "montag", "dienstag", "mittwoch", "donnerstag", "freitag",
			"samstag", "sonntag", "journalisten", "reportern"),
		skip: set("auch", "noch", "dann", "zudem", "weiter", "hinzu", "ebenfalls", "später", "gestern",
			"heute", "bereits", "schon", "hat", "habe", "hatte", "mit", "klar", "ein", "danach",
			"anschließend", "zuvor", "damals"),
	},
	"fr": {
		lang: "fr",
		verbs: set("déclaré", "déclare", "dit", "affirmé", "affirme", "souligné", "souligne", "ajouté",
			"ajoute", "expliqué", "explique", "estimé", "estime", "indiqué", "indique", "assuré",
			"assure", "insisté", "insiste", "martelé", "martèle", "prévenu", "averti", "lancé",
			"lance", "confié", "confie", "précisé", "précise", "rappelé", "rappelle", "poursuivi",
			"poursuit", "conclu", "conclut", "répondu", "répond", "reconnu", "reconnaît", "jugé",
			"juge", "écrit", "déclarait", "disait", "affirmait", "commenté", "tranché", "observé",
			"plaidé", "plaide", "dénoncé", "dénonce", "regretté", "regrette", "ironisé", "tonné",
			"résumé", "fustigé"),
		frames:   [][]string{{"selon"}, {"d'après"}, {"d’après"}},
		pronouns: map[string]gender{"il": male, "elle": female},
		articles: set("le", "la", "les", "l'", "l’", "un", "une", "du", "des"),
		definite: set("le", "la", "les", "l'", "l’"),
		roles: set("président", "présidente", "secrétaire", "général", "générale", "ministre",
			"porte-parole", "chef", "cheffe", "chancelier", "chancelière", "premier", "première",
			"ambassadeur", "ambassadrice", "gouverneur", "gouverneure", "directeur", "directrice", "maire", "conseiller",
			"conseillère", "dirigeant", "dirigeante", "patron", "patronne", "responsable",
			"commissaire", "député", "députée", "sénateur", "sénatrice", "ancien", "ancienne",
			"chef d'état-major", "homologue", "négociateur", "diplomate"),
		connectors: set("de", "du", "des", "d'", "la", "l'", "l’", "et", "aux", "à"),
		particles:  set("de", "du", "des", "le", "la", "von", "van", "der", "d'"),
		stops: set("à", "au", "aux", "en", "dans", "sur", "sous", "avec", "pour", "par", "chez",
			"vers", "contre", "sans", "après", "avant", "depuis", "pendant", "et", "ou", "mais",
			"que", "qui", "quand", "si", "comme", "ce", "cette", "ces", "il", "elle", "ils", "nous",
			"on", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche", "selon",
			"lors", "puis", "alors", "ainsi", "mais", "devant"),
		skip: set("a", "ont", "avait", "encore", "aussi", "également", "alors", "ensuite", "déjà",
			"lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche", "hier"),
		postAdjectives: true,
	},
	"es": {
		lang: "es",
		verbs: set("dijo", "afirmó", "declaró", "señaló", "aseguró", "añadió", "agregó", "explicó",
			"indicó", "subrayó", "destacó", "advirtió", "sostuvo", "manifestó", "expresó", "apuntó",
			"insistió", "recalcó", "reconoció", "comentó", "respondió", "dice", "afirma", "asegura",
			"señala", "explica", "añade", "sentenció", "concluyó", "precisó", "remarcó", "enfatizó",
			"dicho", "afirmado", "declarado", "señalado", "asegurado", "añadido", "explicado",
			"escribió", "reiteró", "defendió", "aseveró", "admitió", "lamentó", "criticó"),
		frames:   [][]string{{"según"}},
		pronouns: map[string]gender{"él": male, "ella": female},
		articles: set("el", "la", "los", "las", "un", "una", "del"),
		definite: set("el", "la", "los", "las", "del"),
		roles: set("presidente", "presidenta", "secretario", "secretaria", "general", "ministro",
			"ministra", "portavoz", "jefe", "jefa", "canciller", "primer", "primera", "embajador",
			"embajadora", "director", "directora", "alcalde", "alcaldesa", "asesor", "asesora",
			"mandatario", "mandataria", "dirigente", "líder", "responsable", "comisario",
			"comisaria", "diputado", "diputada", "senador", "senadora", "vicepresidente",
			"vicepresidenta", "expresidente", "exministro", "negociador", "diplomático"),
		connectors: set("de", "del", "la", "las", "los", "y", "para"),
		particles:  set("de", "del", "la", "las", "los", "y", "von", "van", "der"),
		stops: set("a", "al", "en", "con", "por", "para", "sobre", "sin", "tras", "ante", "desde",
			"hasta", "entre", "y", "o", "pero", "que", "quien", "cuando", "si", "como", "este",
			"esta", "estos", "ese", "esa", "lo", "se", "su", "sus", "según", "lunes", "martes",
			"miércoles", "jueves", "viernes", "sábado", "domingo", "durante"),
		skip: set("ha", "había", "también", "además", "luego", "después", "ayer", "hoy", "este",
			"lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"),
		dashQuotes: true, postAdjectives: true,
	},
	"tr": {
		lang: "tr",
		verbs: set("dedi", "söyledi", "açıkladı", "etti", "belirtti", "vurguladı", "kaydetti",
			"ekledi", "konuştu", "kullandı", "bulundu", "aktardı", "getirdi", "sordu", "yanıtladı",
			"uyardı", "diyerek", "diye", "yazdı", "paylaştı", "savundu", "demişti", "cevapladı",
			"hatırlattı", "bildirdi", "duyurdu", "seslendi", "anlattı",
			"söylemişti", "belirtmişti", "ifade", "ifadelerini", "ifadesini",
			"şeklinde", "sözlerini", "değerlendirmesinde"),
		// "…" yanıtını verdi, "…" mesajını verdi, "…" tepkisini gösterdi.
		speechNouns: set("yanıt", "yanıtı", "yanıtını", "cevap", "cevabı", "cevabını", "karşılık",
			"karşılığını", "mesaj", "mesajı", "mesajını", "tepki", "tepkisini"),
		lightVerbs:        set("verdi", "vermişti", "gösterdi", "göstermişti"),
		postFrames:        set("göre"),
		participleEndings: []string{"an", "en"},
		participles:       set("diyen", "kullanan", "konuşan", "belirten", "vurgulayan", "söyleyen", "kaydeden", "ekleyen", "açıklayan"),
		pronouns:          map[string]gender{"o": unknown},
		roles: set("genel", "sekreteri", "sekreter", "cumhurbaşkanı", "başbakanı", "başbakan",
			"bakanı", "bakan", "başkanı", "başkan", "sözcüsü", "sözcü", "büyükelçisi", "lideri",
			"yardımcısı", "dışişleri", "savunma", "devlet", "komutanı", "müsteşarı", "danışmanı",
			"şansölye", "şansölyesi", "kremlin", "eski", "genelkurmay"),
		titleSuffixes: []string{"bakanı", "başkanı", "sekreteri", "sözcüsü", "elçisi", "lideri",
			"yardımcısı", "komutanı", "danışmanı"},
		connectors:   set("ve"),
		ownerEndings: []string{""},
		particles:    set("von", "van", "der", "de", "al", "bin"),
		stops: set("ve", "ile", "bu", "şu", "bir", "için", "ama", "ancak", "fakat", "da", "de", "ki",
			"gibi", "olarak", "daha", "çok", "en", "ise", "sonra", "önce", "dün", "bugün", "pazartesi",
			"salı", "çarşamba", "perşembe", "cuma", "cumartesi", "pazar"),
		skip: set("şunları", "şöyle", "şu", "da", "de", "ayrıca", "bir", "kez", "daha", "sözlerine",
			"konuşmasında", "açıklamasında", "dün", "bugün"),
		noArticles: true, verbFinal: true, singleQuotes: true,
	},
}

// Offices in Ukrainian and Russian, in the nominative; a role in another
// case ("генсека НАТО") does not mark a speaker.
var (
	slavicRolesUK = "генсек генеральний секретар президент президентка міністр міністерка прем'єр-міністр " +
		"прем’єр-міністр прем'єр прем’єр речник речниця голова канцлер канцлерка посол посолка радник " +
		"радниця керівник керівниця очільник очільниця лідер мер директор директорка командувач " +
		"спікер віцепрем'єр-міністр віце-прем'єр заступник заступниця колишній колишня глава " +
		"представник представниця депутат депутатка сенатор сенаторка експрезидент економіст " +
		"економістка аналітик аналітикиня експерт експертка політолог політологиня професор " +
		"професорка засновник засновниця співзасновник співзасновниця партнер партнерка"
	slavicRolesRU = "генсек генеральный секретарь президент министр премьер-министр премьер пресс-секретарь " +
		"представитель представительница глава канцлер посол советник советница руководитель " +
		"лидер мэр директор командующий спикер вице-премьер заместитель бывший бывшая официальный " +
		"депутат сенатор экс-президент председатель официальная экономист аналитик эксперт " +
		"политолог профессор основатель сооснователь партнер партнёр"
)

func roleSet(words string) map[string]bool { return set(strings.Fields(words)...) }

// slavicPast returns the past forms of Ukrainian or Russian verb stems:
// masculine ("заявив", "заявил"), feminine ("заявила") and plural.
func slavicPast(stems ...string) verbSet {
	m := verbSet{}
	for _, s := range stems {
		m[s+"в"], m[s+"л"], m[s+"ла"], m[s+"ли"] = true, true, true, true
	}
	return m
}

type verbSet map[string]bool

func (v verbSet) with(words ...string) map[string]bool {
	for _, w := range words {
		v[w] = true
	}
	return v
}
