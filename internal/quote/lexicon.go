package quote

import (
	"slices"
	"strings"

	"github.com/kljensen/snowball/english"
)

// Word lists of general English news writing. They describe how reporters
// attribute speech; none of them is tuned to a particular article.

// speechVerbs holds every form of the verbs that introduce or close a
// quote ("say", "says", "said", "saying").
var speechVerbs = inflect(
	"say", "tell", "add", "note", "stress", "warn", "state", "emphasize",
	"emphasise", "respond", "reply", "explain", "ask", "write", "tweet",
	"continue", "insist", "argue", "claim", "declare", "announce", "recall",
	"reiterate", "acknowledge", "admit", "conclude", "clarify", "assure",
	"urge", "quip", "joke", "remark", "observe", "predict", "vow", "promise",
	"concede", "complain", "counter", "suggest", "comment", "caution",
	"exclaim", "shout", "yell", "testify", "boast", "lament", "muse", "post",
	"recount", "assert", "confirm", "deny", "mention", "pledge", "proclaim",
	"report", "answer", "retort", "scoff", "contend", "maintain", "opine",
	"echo", "sing", "chant", "cry", "thunder", "gush", "plead", "read",
	"summarize", "summarise", "interject", "demand", "scold", "react", "bark",
	"beam", "press", "exhort", "needle", "agree", "snap", "chime",
)

// nounBases are speech verbs whose bare form is more often a noun ("state
// Rep.", "press secretary"); only their other forms count.
var nounBases = []string{"state", "note", "post", "report", "comment",
	"answer", "claim", "counter", "echo", "press", "beam", "bark", "snap",
	"needle", "chime", "read", "cry", "thunder", "promise", "pledge"}

// irregularSpeech are the forms inflect cannot derive.
var irregularSpeech = []string{"said", "told", "wrote", "written", "sang", "sung", "pled"}

// takesObject are speech verbs whose next words are a listener or a title
// rather than the words said: `told "Fox and Friends"`.
var takesObject = set("tell", "tells", "told", "telling")

// passiveMarkers before a speech verb make it passive or temporal ("when
// asked", "was told"), so its subject is not the speaker.
var passiveMarkers = set("when", "was", "were", "is", "are", "be", "being",
	"been", "if", "after", "once", "to", "while", "before", "not")

// skippable words may stand between a subject and its speech verb.
var skippable = set("also", "later", "then", "has", "have", "had", "would",
	"will", "did", "does", "do", "once", "again", "further", "just", "still",
	"even", "never", "can", "could", "may", "might", "should", "must",
	"previously", "recently", "simply", "earlier", "often",
	"reportedly", "repeatedly", "subsequently", "on", "out")

// phrasalSpeech are verbs that introduce speech with a particle: "Trump
// went on", "Sanders shot back".
var phrasalSpeech = map[string]string{"go": "on", "goes": "on", "went": "on",
	"going": "on", "shot": "back", "shoots": "back", "fired": "back",
	"fires": "back", "hit": "back", "hits": "back"}

// prepositions before a noun phrase make it an object, not a subject.
var prepositions = set("in", "on", "at", "from", "to", "with", "by", "for",
	"about", "into", "over", "under", "against", "via", "during", "through",
	"after", "before", "toward", "towards", "across", "near", "upon",
	"without", "within", "while", "among", "amid", "despite")

// auxiliaries begin a verb phrase.
var auxiliaries = set("is", "was", "has", "had", "will", "would", "can",
	"could", "did", "does", "should", "must", "may", "might")

// timeWords say when something was said.
var timeWords = set("monday", "tuesday", "wednesday", "thursday", "friday",
	"saturday", "sunday", "today", "yesterday", "tonight", "tomorrow",
	"morning", "afternoon", "evening", "night", "recently", "earlier",
	"later", "now")

// pronounGender maps the subject pronouns that can stand for a named
// speaker to their gender.
var pronounGender = map[string]gender{"he": male, "she": female}

// nonSpeakerPronouns never resolve to a named speaker.
var nonSpeakerPronouns = set("i", "we", "you", "they", "it", "one", "who",
	"which", "that", "this", "someone", "somebody", "everyone", "nobody")

// determiners open a noun phrase.
var determiners = set("the", "a", "an", "this", "that", "these", "those",
	"his", "her", "their", "its", "our", "my", "your", "one", "another",
	"some", "many", "several", "each", "every", "both", "all", "other")

// clauseStops end a noun phrase when scanning away from its verb.
var clauseStops = set("and", "but", "or", "nor", "that", "which", "who",
	"whom", "whose", "when", "while", "because", "if", "as", "to", "for",
	"in", "on", "at", "with", "by", "from", "after", "before", "than", "so",
	"into", "about", "during", "since", "until", "of", "where", "whether",
	"said", "says", "told", "asked", "how", "why", "what", "then", "though",
	"although", "unless", "via", "like", "over", "under", "against", "upon",
	"without", "within", "among", "amid", "despite", "through")

// capitalStops are words capitalised only because they start a sentence or
// a heading; they never begin a name.
var capitalStops = set("the", "a", "an", "this", "that", "these", "those",
	"when", "while", "if", "but", "and", "or", "so", "however", "in", "on",
	"at", "for", "from", "with", "as", "after", "before", "it", "he", "she",
	"they", "we", "i", "you", "his", "her", "their", "our", "my", "your",
	"its", "there", "here", "what", "why", "how", "who", "where", "which",
	"despite", "meanwhile", "earlier", "later", "also", "then", "now",
	"yesterday", "today", "tomorrow", "according", "during", "since",
	"although", "though", "because", "not", "no", "yes", "some", "many",
	"all", "both", "each", "every", "one", "two", "three", "to", "of", "by",
	"asked", "speaking", "responding", "regarding", "following", "last",
	"next", "said", "says", "quote", "source", "details", "background",
	"update", "read", "watch", "follow", "subscribe", "photo", "video",
	"mr", "mrs", "ms", "dr", "let", "do", "does", "did", "is", "are", "was",
	"were", "will", "would", "can", "could", "should", "must", "may",
	"monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
	"sunday", "january", "february", "march", "april", "june", "july",
	"august", "september", "october", "november", "december", "well",
	"thank", "thanks", "dear", "oh", "ok", "okay", "please", "even", "just",
	"only", "still", "again", "more", "most", "after", "under", "over",
	"without", "within", "about", "into", "through", "among", "between",
	"like", "unlike", "instead", "rather", "whether", "once", "until",
	"god", "breaking", "exclusive", "opinion", "analysis", "editorial",
	"maybe", "perhaps", "indeed", "instead", "finally", "thus", "hence",
	"besides", "moreover", "furthermore", "certainly", "clearly",
	"obviously", "apparently", "nevertheless", "nonetheless", "otherwise",
	"previously", "recently", "separately", "similarly", "likewise",
	"overall", "ultimately", "eventually", "initially", "sometimes", "often",
	"yet", "already", "especially", "particularly", "unfortunately",
	"fortunately", "notably", "specifically", "actually", "basically")

// titleWords are capitalised words of an office or honorific. In a run of
// capitalised words the name starts after the last of them: "NATO Secretary
// General Mark Rutte", "US Secretary of Defense Pete Hegseth".
var titleWords = set("mr", "mrs", "ms", "miss", "dr", "prof", "professor",
	"sen", "senator", "rep", "representative", "gov", "governor", "president",
	"vice", "prime", "minister", "secretary", "general", "secretary-general",
	"chancellor", "mayor", "judge", "justice", "chief", "director", "speaker",
	"leader", "king", "queen", "prince", "princess", "pope", "rev",
	"reverend", "sir", "dame", "lord", "lady", "ambassador", "commissioner",
	"chairman", "chairwoman", "chair", "spokesman", "spokeswoman",
	"spokesperson", "attorney", "lt", "col", "gen", "adm", "sgt", "capt",
	"maj", "major", "colonel", "captain", "admiral", "sheriff", "pastor",
	"father", "bishop", "cardinal", "premier", "deputy", "assistant",
	"acting", "former", "senior", "press", "foreign", "defense", "defence",
	"state", "interior", "treasury", "homeland", "security", "health",
	"energy", "commerce", "labor", "labour", "education", "transportation",
	"agriculture", "affairs", "congressman", "congresswoman", "councilman",
	"councilwoman", "candidate", "nominee", "founder", "ceo", "executive",
	"officer", "adviser", "advisor", "minority", "majority", "whip", "supt",
	"superintendent", "gov.-elect", "president-elect", "sens", "reps",
	"first", "chairperson", "host", "anchor", "coach", "envoy", "emir",
	"sheikh", "sultan", "ayatollah", "rabbi", "imam", "archbishop",
	"officials", "counsel", "inspector", "commander", "marshal", "dean",
	"principal", "detective", "sergeant", "corporal", "private",
	"lieutenant", "brig", "gens", "hon", "honorable", "excellency", "del",
	"delegate", "republican", "democratic", "democrat", "gop", "libertarian")

// honorifics are titles always followed by a name, even one that is itself
// a title word: "Mr. King", "Sen. Major".
var honorifics = set("mr", "mrs", "ms", "miss", "dr", "prof", "sen", "rep",
	"gov", "rev", "sir", "dame", "del", "lt", "col", "gen", "capt", "sgt",
	"adm", "maj", "president", "senator", "governor", "mayor", "judge")

// roleNouns head a description of a person ("the NATO chief", "a campaign
// spokesman"); they also form the lowercase part of a role before a name.
var roleNouns = set("president", "secretary", "general", "minister", "chief",
	"leader", "head", "spokesman", "spokeswoman", "spokesperson", "senator",
	"governor", "mayor", "chairman", "chairwoman", "chair", "director",
	"official", "officer", "ambassador", "adviser", "advisor", "aide",
	"analyst", "expert", "professor", "candidate", "nominee", "host",
	"anchor", "pollster", "strategist", "businessman", "businesswoman",
	"billionaire", "lawyer", "attorney", "judge", "commissioner",
	"congressman", "congresswoman", "representative", "lawmaker", "diplomat",
	"dictator", "king", "queen", "prince", "negotiator", "chancellor",
	"premier", "founder", "executive", "ceo", "manager", "economist",
	"researcher", "scientist", "doctor", "activist", "commander", "envoy",
	"campaigner", "organizer", "operative", "consultant", "author", "writer",
	"journalist", "reporter", "editor", "columnist", "commentator", "actor",
	"actress", "singer", "star", "coach", "pastor", "priest", "bishop",
	"pope", "rabbi", "imam", "sheriff", "prosecutor", "counsel", "mogul",
	"magnate", "tycoon", "boss", "politician", "legislator", "statesman",
	"strongman", "veteran", "candidate", "frontrunner", "front-runner",
	"contender", "challenger", "incumbent", "surrogate", "backer", "donor",
	"supporter", "critic", "rival", "opponent", "founder", "owner",
	"comedian", "rapper", "musician", "pundit", "physician", "surgeon",
	"student", "teacher", "mother", "father", "wife", "husband", "son",
	"daughter", "sister", "brother", "widow", "chairperson", "whip", "member",
	"deputy", "assistant", "secretary-general", "manager", "producer",
	"president-elect", "investigator", "detective", "officer", "general",
	"colonel", "captain", "admiral", "soldier", "marine", "pilot")

// roleModifiers may precede the noun of a role: "former", "top", "chief".
var roleModifiers = set("former", "then", "late", "acting", "deputy", "senior",
	"chief", "top", "longtime", "veteran", "current", "outgoing", "incoming",
	"interim", "assistant", "vice", "presidential", "press", "campaign",
	"communications", "national", "foreign", "policy", "political", "federal",
	"state", "party", "defense", "election", "security", "finance", "general",
	"legal", "spokesman", "independent", "conservative", "liberal",
	"progressive", "prime", "executive")

// genericHeads name a leading role without saying which.
var genericHeads = set("chief", "leader", "head", "boss", "official", "chair")

// genderedWords reveal a person's gender when they appear in the person's
// role or title.
var genderedWords = map[string]gender{
	"mr": male, "spokesman": male, "congressman": male, "chairman": male,
	"businessman": male, "king": male, "prince": male, "father": male,
	"husband": male, "son": male, "brother": male, "councilman": male,
	"sir": male, "lord": male, "actor": male, "statesman": male,
	"mrs": female, "ms": female, "miss": female, "spokeswoman": female,
	"congresswoman": female, "chairwoman": female, "businesswoman": female,
	"queen": female, "princess": female, "mother": female, "wife": female,
	"daughter": female, "sister": female, "widow": female, "dame": female,
	"lady": female, "actress": female, "councilwoman": female,
}

// orgWords mark a capitalised run as an organisation or place, not a person.
var orgWords = set("house", "department", "party", "committee", "campaign",
	"news", "times", "post", "journal", "street", "university", "council",
	"ministry", "office", "agency", "commission", "court", "congress",
	"senate", "administration", "foundation", "institute", "center",
	"centre", "association", "union", "group", "bank", "company", "inc",
	"corp", "network", "press", "reuters", "television", "radio", "magazine",
	"daily", "herald", "tribune", "guardian", "club", "organization",
	"organisation", "alliance", "nations", "states", "republic", "kingdom",
	"city", "county", "state", "service", "school", "college", "church",
	"army", "navy", "force", "forces", "police", "fund", "board", "bureau",
	"corporation", "ltd", "llc", "media", "channel", "tv", "cnn", "fox",
	"nbc", "abc", "cbs", "msnbc", "npr", "bbc", "ap", "afp", "politico",
	"twitter", "facebook", "youtube", "instagram", "google", "apple",
	"microsoft", "amazon", "project", "movement", "coalition", "caucus",
	"pac", "review", "gazette", "chronicle", "observer", "telegraph",
	"mail", "express", "standard", "today", "weekly", "monthly", "report",
	"hall", "tower", "airport", "island", "river", "mountain", "park",
	"square", "avenue", "road", "bridge", "museum", "hospital", "library",
	"ministries", "parliament", "assembly", "cabinet", "kremlin", "pentagon",
	"council", "federation", "community", "region", "province", "district",
	"east", "west", "north", "south", "america", "europe", "africa", "asia",
	"world", "war", "act", "law", "bill", "day", "summit", "conference",
	"meeting", "debate", "forum", "show", "program", "programme", "series",
	"prize", "award", "awards", "cup", "league", "games", "olympics")

// placePrepositions before a capitalised run usually introduce a place.
var placePrepositions = set("in", "at", "from", "near", "across",
	"throughout", "outside", "inside", "into", "to", "toward", "towards")

// firstSecondPerson are words by which speech refers to the speaker or the
// listener.
var firstSecondPerson = set("i", "i'm", "i’m", "me", "my", "we", "we're",
	"we’re", "us", "our", "let's", "let’s", "you", "your", "we'll", "we’ll",
	"i'll", "i’ll", "i've", "i’ve", "we've", "we’ve")

// labelWords start a line that names a part of the article rather than a
// speaker ("Quote:", "Source:").
var labelWords = set("quote", "source", "details", "background", "update",
	"note", "editor's", "transcript", "context", "read", "watch", "related",
	"see", "photo", "video", "caption", "credit", "tags", "share", "comments")

// nameParticles may stand between the capitalised words of one name.
var nameParticles = set("de", "da", "di", "del", "della", "der", "den",
	"van", "von", "bin", "ibn", "al", "el", "la", "le", "du", "dos", "das",
	"ter", "ten", "y", "of")

// abbreviations end with a period that does not end a sentence.
var abbreviations = set("mr", "mrs", "ms", "dr", "prof", "sen", "rep", "gov",
	"gen", "lt", "col", "sgt", "capt", "maj", "adm", "rev", "st", "jr", "sr",
	"no", "vs", "etc", "inc", "corp", "co", "ltd", "jan", "feb", "mar",
	"apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "ft",
	"mt", "u.s", "u.k", "u.n", "a.m", "p.m", "d.c", "supt", "brig", "hon",
	"approx", "dept", "est", "fig", "e.g", "i.e", "ave", "blvd", "sens",
	"reps", "gens", "del")

// set builds a lookup set of words.
func set(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

// inflect returns the set of the forms of regular English verbs, with the
// irregular speech verbs added and the bare nounBases left out. It
// over-generates ("sayed"), which is harmless for a lookup set.
func inflect(bases ...string) map[string]bool {
	m := set(irregularSpeech...)
	for _, b := range bases {
		stemE := strings.TrimSuffix(b, "e")
		last := b[len(b)-1:]
		m[b], m[b+"s"], m[b+"es"] = true, true, true
		m[stemE+"ed"], m[stemE+"ing"] = true, true
		m[b+last+"ed"], m[b+last+"ing"] = true, true // quipped, quipping
		if y := strings.TrimSuffix(b, "y"); y != b {
			m[y+"ies"], m[y+"ied"] = true, true
		}
	}
	for _, b := range nounBases {
		delete(m, b)
	}
	return m
}

// stem returns the Snowball English stem of a lowercase word.
func stem(w string) string {
	return english.Stem(w, true)
}

// isSpeechVerb reports whether a lowercase word is a form of a speech verb.
func isSpeechVerb(w string) bool {
	return speechVerbs[w]
}

// isVerbish reports whether a lowercase word after a name looks like its
// verb: a speech verb, an auxiliary, or a past or third-person form.
func isVerbish(w string) bool {
	return isSpeechVerb(w) || auxiliaries[w] || strings.HasSuffix(w, "ed") ||
		strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") && !clauseStops[w]
}

// isVerbForm reports whether a lowercase word is a speech verb in a form
// no noun shares ("said", "stated", "saying"), unlike "state" or "reports",
// which may stand in a noun phrase ("state Rep. Jim Smith").
func isVerbForm(w string) bool {
	return isSpeechVerb(w) && (strings.HasSuffix(w, "ed") || strings.HasSuffix(w, "ing") ||
		slices.Contains(irregularSpeech, w) || w == "says")
}
