package text

import (
	"slices"
	"testing"
)

func TestIsBoilerplate(t *testing.T) {
	t.Parallel()
	furniture := []string{
		// Prompts and forms.
		"Subscribe to Pravda.Ru Telegram channel, Facebook, RSS!",
		"Follow us on X.",
		"Join us on Telegram.",
		"Sign up for our newsletter.",
		"Share this article",
		"Share on Facebook",
		"Click here to read the full story.",
		"Read more: Rutte warns allies",
		"Related articles:",
		"See also",
		"Advertisement",
		"Leave a comment",
		"Leave a reply.",
		"Post a comment.",
		"Your comment:",
		"Your e-mail will not be published.",
		"Comments (12)",
		"Report spelling error:",
		"Report an error.",
		"Error page url:",
		"Text containing error:",
		// Bylines and credits.
		"Author`s name Petr Ermilin",
		"Author's name Petr Ermilin.",
		"Author: Petr Ermilin.",
		"Editor Dmitry Sudakov",
		"Edited by Dmitry Sudakov.",
		"Written by Petr Ermilin.",
		"By John Smith",
		"Photo: Reuters",
		"Image: AP.",
		"© 2025 Example Media.",
		"Copyright 2025 Example Media. All rights reserved.",
		"Privacy policy",
		"Cookies",
		// Reading times, dates and times.
		"3 min read",
		"5 minutes",
		"20:27 13.02.2025",
		"13.02.2025",
		"2025-02-13",
		"20:27",
		"Updated 20:27 GMT",
		"Feb 13, 2025",
		// Tags, headings and subheads.
		"#Dünya",
		"#Ukraine #NATO",
		"Facts",
		"Details",
		"Background:",
		"Points of attention",
		"Mark Rutte",
		"NATO Secretary General",
		"Allies Agree on Strengthening Ukraine for Talks",
		"Rutte advises politicians to refrain from making loud statements",
		"Has Discord been unblocked, when will it",
		"“UKRAINE WILL BE PART OF THE PROCESS UNDER ANY CIRCUMSTANCES”",
		"“WILL UKRAINE START THE NEGOTIATIONS IN A WEAK POSITION?”",
		"NO PROMISE WAS MADE.",
		// Not prose at all.
		"*",
		"—",
		"",
		// Another language in an English article.
		"E-posta adresiniz yayınlanmayacak. Gerekli alanlar * ile işaretlenmişlerdir",
		"E-posta adresiniz yayınlanmayacak. Gerekli alanlar * ile işaretlenmişlerdir.",
		"Подпишитесь на наш канал в Telegram.",
		"Yorumlarınızı bekliyoruz, lütfen görüşlerinizi paylaşın.",
	}
	prose := []string{
		"NATO Secretary General Mark Rutte has urged Western leaders to stop publicly discussing the details of a possible peace deal.",
		"- It is important to avoid public discussions of peace guarantees for Ukraine.",
		"\"There is a huge risk here,\" said Mark Rutte.",
		"“UKRAINE WILL BE PART OF THE PROCESS,” Rutte said.",
		"Why are we having these conversations on TV now?",
		"The U.S. Senate voted 52-48 on Thursday.",
		"In 2024, NATO spent $1.3 trillion.",
		"Quote: \"We do this all out in the open; this is our strength.\"",
		"Editorial boards across Europe warned that the talks would fail.",
		"Subscribers to the theory say otherwise.",
		"Sharing intelligence with Kyiv continues, he said.",
		"Reading the statement, Rutte paused.",
		"He said the report was accurate.",
		"Photos of the meeting were released on Friday.",
		"A long sentence that happens to have no final punctuation because the feed cut it off but still runs on well beyond fifteen words of plain prose",
		// Short sentences that end with punctuation are prose.
		"He left.",
		"Rutte agreed.",
		"Why?",
		"Yes!",
		"I agree.",
		"NATO agreed.",
		"Kyiv burned.",
		"“We will win.”",
		// Short English sentences without a function word are still English.
		"Putin rejected Trump's proposal.",
		"Zelensky thanked Rutte, Macron, Scholz.",
		"Erdoğan blocked Sweden's bid.",
		"Ukrainian President Volodymyr Zelensky welcomed Rutte's remarks.",
	}
	for _, line := range furniture {
		if !IsBoilerplate(line, "en") {
			t.Errorf("IsBoilerplate(%q) = false, want true", line)
		}
	}
	for _, line := range prose {
		if IsBoilerplate(line, "en") {
			t.Errorf("IsBoilerplate(%q) = true, want false", line)
		}
	}
}

func TestIsBoilerplateOtherLanguages(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		line, lang string
		want       bool
	}{
		"German prose":           {"Die Regierung hat am Donnerstag beschlossen, die Steuern zu senken.", "de", false},
		"Turkish prose":          {"NATO Genel Sekreteri Rutte, Brüksel'de açıklama yaptı.", "tr", false},
		"Russian prose":          {"Генеральный секретарь НАТО Марк Рютте выступил в Брюсселе.", "ru", false},
		"Russian heading":        {"Главное за день", "ru", true},
		"Russian caps subhead":   {"ГЛАВНОЕ ЗА ДЕНЬ.", "ru", true},
		"Turkish comment prompt": {"E-posta adresiniz yayınlanmayacak. Gerekli alanlar * ile işaretlenmişlerdir", "tr", true},
		"unknown language":       {"Putin rejected Trump's proposal.", "", false},
		// Scripts without letter case used to count as all caps, and their
		// full stops as no punctuation: every line was dropped.
		"Urdu prose":                         {"پاکستان کے وزیر دفاع خرم دستگیر نے کہا ہے کہ امداد معطل کر دی گئی ہے۔", "ur", false},
		"Urdu heading":                       {"امریکی عسکری امداد کی بندش کی وجوہات", "ur", true},
		"Arabic prose":                       {"قال الأمين العام لحلف الناتو إن الحلفاء متحدون؟", "ar", false},
		"Arabic prose with a Latin acronym":  {"أكد الوزير أن إيران قد تنسحب من معاهدة عدم انتشار الأسلحة النووية (NPT) إذا فرض حظر دولي.", "ar", false},
		"Russian prose with a Latin acronym": {"ЕС и NATO обсудили поставки в Брюсселе.", "ru", false},
		"Chinese prose":                      {"北约秘书长吕特周四在布鲁塞尔表示，盟国团结一致。", "zh", false},
		"Hindi prose":                        {"नाटो महासचिव ने ब्रसेल्स में बयान दिया।", "hi", false},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			if got := IsBoilerplate(tt.line, tt.lang); got != tt.want {
				t.Errorf("IsBoilerplate(%q, %q) = %v, want %v", tt.line, tt.lang, got, tt.want)
			}
		})
	}
}

func TestProse(t *testing.T) {
	t.Parallel()
	body := `#Dünya

NATO Secretary General Rutte: No promise of NATO membership to Ukraine

NATO Secretary General Mark Rutte made a statement regarding the peace negotiations.
   Rutte stated, “There has never been a promise of NATO membership to Ukraine.”   
“NO PROMISE WAS MADE TO UKRAINE”
He left.
Nato secretary general Rutte - no promise of NATO membership to Ukraine!
3 min read
20:27 13.02.2025
Leave a comment
E-posta adresiniz yayınlanmayacak. Gerekli alanlar * ile işaretlenmişlerdir`
	want := []string{
		"NATO Secretary General Mark Rutte made a statement regarding the peace negotiations.",
		"Rutte stated, “There has never been a promise of NATO membership to Ukraine.”",
		"He left.",
	}
	got := Prose(body, "NATO Secretary General Rutte: No promise of NATO membership to Ukraine", "en")
	if !slices.Equal(got, want) {
		t.Errorf("Prose:\n got %q\nwant %q", got, want)
	}
	if got := Prose("", "t", "en"); len(got) != 0 {
		t.Errorf("Prose of nothing = %q", got)
	}
	// A title of only punctuation must not match every blank-folding line.
	if got := Prose("He left.", "", "en"); !slices.Equal(got, []string{"He left."}) {
		t.Errorf("Prose with no title = %q", got)
	}
}

func TestStripRepeated(t *testing.T) {
	bodies := []string{
		"Tariffs rise on steel.\nSubscribe to our channel for more!\nLeave your thoughts below",
		"Eagles win the Super Bowl.\nSubscribe to our channel for more!\nLeave your thoughts below",
		"A long shared paragraph that two articles quote in full because it is the background of both stories and runs on well past the length of any subscribe box or disclaimer line.\nUnique line here.",
		"A long shared paragraph that two articles quote in full because it is the background of both stories and runs on well past the length of any subscribe box or disclaimer line.\nAnother unique line.",
		"Only once.",
	}
	want := []string{
		"Tariffs rise on steel.",
		"Eagles win the Super Bowl.",
		bodies[2],
		bodies[3],
		"Only once.",
	}
	got := StripRepeated(bodies)
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("body %d = %q, want %q", i, got[i], want[i])
		}
	}
}

func TestFoldsTo(t *testing.T) {
	for _, tc := range []struct{ line, title string }{
		{"Rutte: NATO won't promise Ukraine membership", "Rutte — NATO won’t promise Ukraine membership!"},
		{"Rutte: NATO won't promise", "Rutte: NATO won't promise Ukraine membership"},
		{"Rutte: NATO won't promise Ukraine membership, he said", "Rutte: NATO won't promise Ukraine membership"},
		{"ÜBER ALLES", "über alles"},
		{"", ""},
		{"—", ""},
		{"a", ""},
	} {
		want := fold(tc.line) == fold(tc.title)
		if got := foldsTo(tc.line, fold(tc.title)); got != want {
			t.Errorf("foldsTo(%q, fold(%q)) = %v, want %v", tc.line, tc.title, got, want)
		}
	}
}
