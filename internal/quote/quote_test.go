package quote

import (
	"strings"
	"testing"
)

// want is one expected quote: its text and speaker, and its role when the
// case sets one.
type want struct {
	text, speaker, role string
}

var extractCases = []struct {
	name string
	text string
	want []want
}{
	{
		name: "said after, inverted",
		text: "Talks resumed on Monday.\n“We will not give up,” said Mark Rutte.",
		want: []want{{text: "We will not give up", speaker: "Mark Rutte"}},
	},
	{
		name: "surname after the quote takes the full name given earlier",
		text: "Economist Anna Berg spoke in Oslo.\n\"Prices will fall next year,\" Berg said.",
		want: []want{{text: "Prices will fall next year", speaker: "Anna Berg", role: "Economist"}},
	},
	{
		name: "name said colon",
		text: "Mark Rutte said: \"Let's do it behind closed doors.\"",
		want: []want{{text: "Let's do it behind closed doors.", speaker: "Mark Rutte"}},
	},
	{
		name: "name said comma",
		text: "Asked about the summit, Jane Doe said, “It went better than we hoped.”",
		want: []want{{text: "It went better than we hoped.", speaker: "Jane Doe"}},
	},
	{
		name: "dash attribution",
		text: "“Peace needs patience.” — Mark Rutte",
		want: []want{{text: "Peace needs patience.", speaker: "Mark Rutte"}},
	},
	{
		name: "according to",
		text: "According to Pete Hegseth, “the accession is not on the table.”",
		want: []want{{text: "the accession is not on the table.", speaker: "Pete Hegseth"}},
	},
	{
		name: "verbs of attribution",
		text: "Olga Petrova told reporters: “The grid held.”\n“Repairs will take weeks,” Petrova warned.\n“We need generators,” she stressed.\n“Winter is coming,” Petrova emphasized.",
		want: []want{
			{text: "The grid held.", speaker: "Olga Petrova"},
			{text: "Repairs will take weeks", speaker: "Olga Petrova"},
			{text: "We need generators", speaker: "Olga Petrova"},
			{text: "Winter is coming", speaker: "Olga Petrova"},
		},
	},
	{
		name: "titles with noun-like words and appositives",
		text: "“We will vote no,” said state Sen. Maria Lopez, a Democrat.\n“It is over,” White House press secretary Josh Earnest said.\n“Not again,” Tom Smith, 58, told reporters.\nLopez later went on to say: “The bill is dead.”",
		want: []want{
			{text: "We will vote no", speaker: "Maria Lopez", role: "state Sen."},
			{text: "It is over", speaker: "Josh Earnest", role: "White House press secretary"},
			{text: "Not again", speaker: "Tom Smith"},
			{text: "The bill is dead.", speaker: "Maria Lopez"},
		},
	},
	{
		name: "title before the name is the role",
		text: "NATO Secretary General Mark Rutte said: “We stand united.”\nUS Secretary of Defense Pete Hegseth added: “Europe must do more.”",
		want: []want{
			{text: "We stand united.", speaker: "Mark Rutte", role: "NATO Secretary General"},
			{text: "Europe must do more.", speaker: "Pete Hegseth", role: "US Secretary of Defense"},
		},
	},
	{
		name: "the place after a title's of belongs to the title",
		text: "A drone hit the plant at night, President of Ukraine Volodymyr Zelensky has said.\n\"The damage is significant,\" Zelensky wrote.\nMayor of New York Eric Adams said: \"We are ready.\"",
		want: []want{
			{text: "The damage is significant", speaker: "Volodymyr Zelensky", role: "President of Ukraine"},
			{text: "We are ready.", speaker: "Eric Adams", role: "Mayor of New York"},
		},
	},
	{
		name: "interrupted quote is one quote",
		text: "Mark Rutte spoke after the meeting.\n“The talks will take time,” he said. “They will not end on day one.”",
		want: []want{{text: "The talks will take time. They will not end on day one.", speaker: "Mark Rutte"}},
	},
	{
		name: "interrupted mid-sentence",
		text: "“If talks start,” Rutte said, “they will not end quickly.”",
		want: []want{{text: "If talks start, they will not end quickly.", speaker: "Rutte"}},
	},
	{
		name: "quote over two paragraphs repeats the opening mark",
		text: "Jane Doe gave a long answer.\n“The first thing is trust. We have to build it.\n“The second thing is money,” Doe said.",
		want: []want{{text: "The first thing is trust. We have to build it. The second thing is money", speaker: "Jane Doe"}},
	},
	{
		name: "pronoun refers to the subject, not to the person talked about",
		text: "Mark Rutte acknowledged that Putin is a tough negotiator. However, he concluded, \"If we want a peace deal, we need him.\"",
		want: []want{{text: "If we want a peace deal, we need him.", speaker: "Mark Rutte"}},
	},
	{
		name: "pronoun gender",
		text: "Anna Berg met John Smith. She said he was late.\n\"We waited an hour,\" she said.",
		want: []want{{text: "We waited an hour", speaker: "Anna Berg"}},
	},
	{
		name: "roles refer to the person who holds them",
		text: "NATO Secretary General Mark Rutte spoke in Brussels.\n" +
			"“We are ready,” the NATO secretary general reiterated.\n" +
			"The NATO chief stressed: “Allies agree.”\n" +
			"When asked about the deal, the Secretary General: “It is too early.”",
		want: []want{
			{text: "We are ready", speaker: "Mark Rutte", role: "NATO Secretary General"},
			{text: "Allies agree.", speaker: "Mark Rutte"},
			{text: "It is too early.", speaker: "Mark Rutte"},
		},
	},
	{
		name: "imagined speech nested in a quote belongs to the quoted speaker",
		text: "Source: Rutte at a press conference in Brussels, quoted by Radio Example\n\n" +
			"Quote: \"If my name were Vladimir Putin, I would say: ‘Hey, this is moving very positively for me!’\"\n\n" +
			"NATO Secretary General Mark Rutte also spoke about defence spending.",
		want: []want{{text: "If my name were Vladimir Putin, I would say: ‘Hey, this is moving very positively for me!’", speaker: "Mark Rutte"}},
	},
	{
		name: "pull quote without marks above name and title lines",
		text: "Mark Rutte urged leaders to keep peace terms private.\n" +
			"Why are we debating this on television? Let's talk behind closed doors, because otherwise our opponent will know everything we plan.\n" +
			"Mark Rutte\nNATO Secretary General\nThe alliance meets again in June.",
		want: []want{{text: "Why are we debating this on television? Let's talk behind closed doors, because otherwise our opponent will know everything we plan.", speaker: "Mark Rutte", role: "NATO Secretary General"}},
	},
	{
		name: "speaker named in a paragraph ending with a colon",
		text: "Asked about troops, Rutte responded:\n\n\"Why discuss the details at a press conference?\"",
		want: []want{{text: "Why discuss the details at a press conference?", speaker: "Rutte"}},
	},
	{
		name: "quoted capitals on a line of their own are a subhead",
		text: "“PUTIN, A TOUGH NEGOTIATOR”\n\nMark Rutte said, “He is a tough negotiator.”",
		want: []want{{text: "He is a tough negotiator.", speaker: "Mark Rutte"}},
	},
	{
		name: "apostrophes are not quotation marks",
		text: "Ukraine’s allies don’t want a return to the ’90s, the minister's aide said. The Joneses’ house was empty.",
		want: nil,
	},
	{
		name: "single curly quotes quote",
		text: "‘We will rebuild,’ said Olga Petrova.",
		want: []want{{text: "We will rebuild", speaker: "Olga Petrova"}},
	},
	{
		name: "scare quotes and titles are not quotes",
		text: "Donald Trump called the plan \"impractical.\" Support remains \"unwavering,\" officials said. Spike Lee's new film, \"Chi-Raq,\" opens this week. He said it was a “strong deal” for everyone.",
		want: nil,
	},
	{
		name: "a phrase continuing the writer's sentence is not a quote",
		text: "Abbott told the president that if he wants their guns, “come and take them.”",
		want: nil,
	},
	{
		name: "guillemets and low-high marks",
		text: "Angela Weber said: «We will manage this.»\n„It is done,“ Weber said.",
		want: []want{
			{text: "We will manage this.", speaker: "Angela Weber"},
			{text: "It is done", speaker: "Angela Weber"},
		},
	},
	{
		name: "two speakers keep their own quotes",
		text: "Volodymyr Zelensky criticised the West.\n" +
			"\"I believe they took a weak position,\" Zelensky said.\n" +
			"Putin disagreed. \"The West is weak,\" said Vladimir Putin.\n" +
			"He also asserted that membership depends on Washington:\n\n" +
			"\"If the president is willing, we will join.\"",
		want: []want{
			{text: "I believe they took a weak position", speaker: "Volodymyr Zelensky"},
			{text: "The West is weak", speaker: "Vladimir Putin"},
			{text: "If the president is willing, we will join.", speaker: "Vladimir Putin"},
		},
	},
	{
		name: "attribution in the sentence before",
		text: "Sam Lau, the party's spokesman, said in a statement. “There are no ballots to recount.”",
		want: []want{{text: "There are no ballots to recount.", speaker: "Sam Lau"}},
	},
	{
		name: "participle after a comma takes the sentence subject",
		text: "Senator Maria Lopez hit back on Friday, saying, “This bill helps nobody.”",
		want: []want{{text: "This bill helps nobody.", speaker: "Maria Lopez", role: "Senator"}},
	},
	{
		name: "unattributed quote after a quote keeps its speaker",
		text: "“We will win,” said Mark Rutte.\n“And we will win together.”",
		want: []want{
			{text: "We will win", speaker: "Mark Rutte"},
			{text: "And we will win together.", speaker: "Mark Rutte"},
		},
	},
	{
		name: "organisation as speaker",
		text: "\"The figures are final,\" the Electoral Commission said.",
		want: []want{{text: "The figures are final", speaker: "the Electoral Commission"}},
	},
}

func TestExtract(t *testing.T) {
	for _, tc := range extractCases {
		t.Run(tc.name, func(t *testing.T) {
			got := Extract(tc.text)
			if len(got) != len(tc.want) {
				t.Fatalf("got %d quotes, want %d: %+v", len(got), len(tc.want), got)
			}
			for i, w := range tc.want {
				g := got[i]
				if g.Text != w.text || g.Speaker != w.speaker || w.role != "" && g.Role != w.role {
					t.Errorf("quote %d = %q by %q (%q), want %q by %q (%q)", i, g.Text, g.Speaker, g.Role, w.text, w.speaker, w.role)
				}
				checkSpan(t, tc.text, g)
			}
		})
	}
}

// checkSpan checks that a quote's offsets hold its words.
func checkSpan(t *testing.T, text string, q Quote) {
	t.Helper()
	r := []rune(text)
	if q.Start < 0 || q.Start > q.End || q.End > len(r) {
		t.Fatalf("span %d-%d outside the text of %d runes", q.Start, q.End, len(r))
	}
	span := normalizeSpace(string(r[q.Start:q.End]))
	first := strings.Fields(q.Text)[0]
	last := strings.Fields(q.Text)
	if !strings.HasPrefix(span, first) || !strings.Contains(span, strings.TrimRight(last[len(last)-1], ".,")) {
		t.Errorf("span %q does not hold %q", span, q.Text)
	}
}

func TestExtractSpansWholeInterruptedQuote(t *testing.T) {
	text := "“A strong deal,” he said, “needs strong partners.”"
	got := Extract(text)
	if len(got) != 1 {
		t.Fatalf("got %+v", got)
	}
	if span := string([]rune(text)[got[0].Start:got[0].End]); span != "A strong deal,” he said, “needs strong partners." {
		t.Errorf("span = %q", span)
	}
}

func TestExtractEmpty(t *testing.T) {
	for _, text := range []string{"", "\n\n", "No quotes here.", "\"", "“", "”unbalanced“ marks\" '"} {
		for _, q := range Extract(text) {
			checkSpan(t, text, q)
		}
	}
}

func FuzzExtract(f *testing.F) {
	for _, tc := range extractCases {
		f.Add(tc.text)
	}
	for _, tc := range intlCases {
		f.Add(tc.text)
	}
	f.Add("— А, — сказал\n— «x, — заявил Рютте, —»\n„a ‚b“ c‘ »d« ›e‹ ‹ f › 'g' dedi")
	f.Add("\"\"\"“”‘’«»„“''\n\"\n“")
	f.Add("Quote: \"a\nSource: \n—\n")
	f.Add("Mr. ,\" said  (\"\") — \xff\xfe “x” —")
	f.Fuzz(func(t *testing.T, text string) {
		n := len([]rune(text))
		qs := Extract(text)
		for _, q := range qs {
			if q.Start < 0 || q.Start > q.End || q.End > n {
				t.Fatalf("span %d-%d outside text of %d runes", q.Start, q.End, n)
			}
		}
		Merge([]Source{{Outlet: "a", Quotes: qs}, {Outlet: "b", Quotes: qs}})
	})
}

// benchText is the English cases as one article.
func benchText() string {
	var sb strings.Builder
	for _, tc := range extractCases {
		sb.WriteString(tc.text)
		sb.WriteString("\n\n")
	}
	return sb.String()
}

// BenchmarkExtract: the English cases as one article, its language
// detected (Extract).
func BenchmarkExtract(b *testing.B) {
	text := benchText()
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		Extract(text)
	}
}

// BenchmarkExtractLang: the same, its language given, as the digest
// calls it.
func BenchmarkExtractLang(b *testing.B) {
	text := benchText()
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		ExtractLang(text, "en")
	}
}
