package extract

import (
	"slices"
	"strings"
	"testing"
)

func TestClean(t *testing.T) {
	body := []string{
		"The first paragraph of the story tells what happened on Monday.",
		"The second paragraph adds who said what, and why it matters.",
		"The third paragraph gives the background of the decision.",
	}
	tests := []struct {
		name   string
		paras  []string
		titles []string
		want   []string
	}{
		{"nothing to drop", body, nil, body},
		{
			"headline, date and byline above the text",
			append([]string{"Council Approves Tram Line", "By Alice Marchetti", "Published 14 March 2024, 09:30"}, body...),
			[]string{"Council approves tram line - The Riverton Courier"},
			body,
		},
		{
			"page title with site name",
			append([]string{"Council approves tram line after decade of debate"}, body...),
			[]string{"Council approves tram line after decade of debate | The Riverton Courier"},
			body,
		},
		{
			"prompts in several languages",
			[]string{body[0], "Read more: Bridge repairs to close Eastern Bridge", body[1], "Читайте також: Ремонт дороги завершать до осені", "Lesen Sie auch", body[2], "Share this article"},
			nil, body,
		},
		{
			"tags at the end",
			append(slices.Clone(body), "Tags", "tram, council, transport, Riverton"),
			nil, body,
		},
		{
			"repeated paragraph",
			[]string{body[0], body[1], body[0], body[2]},
			nil, body,
		},
		{
			"cookie and JavaScript notices",
			[]string{body[0], "We use cookies to improve your experience. Accept all cookies", body[1], "Please enable JavaScript to view the comments.", body[2]},
			nil, body,
		},
		{
			"lone URL above the text",
			append([]string{"https://example.com/news/2024/03/14/tram.html"}, body...),
			nil, body,
		},
		{
			"kept: a date inside the story, a sentence opening with By, a prompt word inside prose",
			[]string{body[0], "On 14 March 2024 at 09:30 the council met again to vote on the plan.", body[1], "By the numbers", "Readers who want to share their views can write to the council.", body[2]},
			nil,
			[]string{body[0], "On 14 March 2024 at 09:30 the council met again to vote on the plan.", body[1], "By the numbers", "Readers who want to share their views can write to the council.", body[2]},
		},
		{
			"kept: a Turkish word that starts like a prompt",
			[]string{body[0], "Reklamcılık sektörü bu yıl yüzde on büyüdü.", body[1]},
			nil,
			[]string{body[0], "Reklamcılık sektörü bu yıl yüzde on büyüdü.", body[1]},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got, _ := clean(tt.paras, tt.titles...); !slices.Equal(got, tt.want) {
				t.Errorf("got\n%q\nwant\n%q", got, tt.want)
			}
		})
	}
}

func TestWall(t *testing.T) {
	long := ""
	for range 30 {
		long += "A long article paragraph about the council and its decision on the tram line. "
	}
	tests := []struct {
		text, want string
	}{
		{"Subscribe to continue reading. Already a subscriber? Log in.", "paywall"},
		{"Il vous reste 85% de cet article à lire. La suite est réservée aux abonnés.", "paywall"},
		{"Чтобы продолжить чтение, оформите подписку.", "paywall"},
		{"Щоб продовжити читання, оформіть передплату.", "paywall"},
		{"Haberin devamını okumak için abone olun.", "paywall"},
		{"Please sign in to continue reading this story.", "login wall"},
		{"Bitte melden Sie sich an, um diesen Artikel zu lesen.", "login wall"},
		{"We value your privacy. We and our partners use cookies.", "consent wall"},
		{"Utilizamos cookies propias y de terceros. Aceptar cookies.", "consent wall"},
		{"Please enable JavaScript to view this page.", "JavaScript-only page"},
		{"Включите JavaScript в настройках браузера.", "JavaScript-only page"},
		{long + "\nSubscribe to continue reading.", "paywall"},
		{long + "\nWe use cookies on this site.", ""},                   // a banner caught in a long text
		{"Subscribe to continue reading.\n" + long, ""},                 // prose after it: not a wall
		{long + "\nPlease enable JavaScript to view the comments.", ""}, // Disqus
	}
	for _, tt := range tests {
		if got := wall(strings.Split(tt.text, "\n"), nil, nil); got != tt.want {
			t.Errorf("%.60q: got %q, want %q", tt.text, got, tt.want)
		}
	}
}

func TestIsHeadline(t *testing.T) {
	title := [][]string{wordsOf("Three people killed in Bolivia protests - World News")}
	for para, want := range map[string]bool{
		"Three people killed in Bolivia protests":                                            true,
		"Three People Killed in Bolivia Protests - World News":                               true,
		"Bolivia protests - World News":                                                      true,
		"Three people killed in Bolivia protests against the interim government, police say": false,
		"Three people killed":                                                                false,
	} {
		if got := isHeadline(wordsOf(para), title); got != want {
			t.Errorf("%q: %v, want %v", para, got, want)
		}
	}
}
