package extract_test

import (
	"bytes"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/newsdigest/newsdigest/internal/extract"
)

func fixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestArticle(t *testing.T) {
	tests := []struct {
		name, file string
		hints      extract.Hints
		kept       string   // a substring of Kept; "" wants a text
		has        []string // in the text
		hasNot     []string // not in the text
		paras      int      // paragraphs wanted, 0 to skip
	}{
		{
			name: "news page without hints", file: "news.html",
			has: []string{
				"Riverton's city council voted on Wednesday night to build a tram line",
				"\"This is the most important transport decision",
				"Traffic on the east bank\nTraffic counts published last year",
				"cut car traffic over the bridge by a fifth.",
			},
			hasNot: []string{
				"cookie", "Accept all", "Share", "Facebook", "WhatsApp", "Email this", "Advertisement",
				"Sign up", "morning briefing", "Related", "Bridge repairs", "Most read", "bakery",
				"Read more", "About us", "Privacy", "All rights reserved", "Subscribe", "Log in",
				"Riverton council approves", // the headline, which the feed has
				"14 March 2024",
			},
			paras: 8,
		},
		{
			name: "news page, teaser reworded", file: "news.html",
			hints: extract.Hints{
				Title:  "Riverton council approves new tram line after decade of debate",
				Teaser: "After ten years of arguments, Riverton councillors have approved a tram linking the harbour and the university.",
			},
			has: []string{"Riverton's city council voted"},
		},
		{
			name: "news page, another story's teaser", file: "news.html",
			hints: extract.Hints{Teaser: "Floods closed three motorways in the north of the country on Tuesday, stranding hundreds of drivers overnight."},
			kept:  "does not carry the teaser",
		},
		{
			name: "news page, teaser longer than the text", file: "news.html",
			hints: extract.Hints{Teaser: strings.Repeat("Riverton's city council voted on Wednesday night to build a tram line. ", 40)},
			kept:  "shorter than the teaser",
		},
		{
			name: "paywall", file: "paywall.html",
			hints: extract.Hints{Teaser: "Three battery makers compete for a former coal site to build Europe's largest cell factory."},
			kept:  "paywall",
		},
		{name: "consent wall (German)", file: "consent.html", kept: "consent wall"},
		{name: "login wall (French)", file: "login.html", kept: "login wall"},
		{name: "JavaScript-only page", file: "jsonly.html", kept: "JavaScript-only page"},
		{
			name: "Ukrainian page, inflected teaser", file: "ukrainian.html",
			hints: extract.Hints{
				Title:    "У Львові відкрили новий міст через залізницю",
				Teaser:   "Новий автомобільний міст через колії на Городоцькій у Львові відкрили після трьох років будівництва.",
				Language: "uk",
			},
			has: []string{
				"У Львові в п'ятницю відкрили для руху новий автомобільний міст",
				"з'єднає район вокзалу з новими житловими кварталами.",
			},
			hasNot: []string{"cookie", "Прийняти", "Поділитися", "Читайте також", "Популярне", "Усі права", "Головна", "березня 2024"},
			paras:  4,
		},
		{
			name: "Ukrainian page, another story's teaser", file: "ukrainian.html",
			hints: extract.Hints{Teaser: "Уряд ухвалив рішення підвищити мінімальну пенсію з першого липня для всіх категорій пенсіонерів.", Language: "uk"},
			kept:  "does not carry the teaser",
		},
		{
			name: "Russian page in Windows-1251", file: "russian-cp1251.html",
			hints:  extract.Hints{Teaser: "В Новосибирске после десяти лет строительства открылась станция метро «Спортивная»."},
			has:    []string{"В Новосибирске в субботу открыли для пассажиров станцию метро «Спортивная»"},
			hasNot: []string{"Главная", "права защищены"},
			paras:  3,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := extract.Article(fixture(t, tt.file), "https://example.com/news/1", tt.hints)
			if tt.kept != "" {
				if !strings.Contains(r.Kept, tt.kept) || r.Text != "" {
					t.Fatalf("want kept %q, got kept %q, text %q", tt.kept, r.Kept, r.Text)
				}
				return
			}
			if r.Kept != "" {
				t.Fatalf("refused: %s", r.Kept)
			}
			for _, s := range tt.has {
				if !strings.Contains(r.Text, s) {
					t.Errorf("text lacks %q:\n%s", s, r.Text)
				}
			}
			for _, s := range tt.hasNot {
				if strings.Contains(r.Text, s) {
					t.Errorf("text has furniture %q:\n%s", s, r.Text)
				}
			}
			if n := strings.Count(r.Text, "\n") + 1; tt.paras > 0 && n != tt.paras {
				t.Errorf("%d paragraphs, want %d:\n%s", n, tt.paras, r.Text)
			}
		})
	}
}

// TestArticlePaywallMarkup: a paywall is found by its words when the page
// does not mark itself with isAccessibleForFree.
func TestArticlePaywallMarkup(t *testing.T) {
	page := fixture(t, "paywall.html")
	page = bytes.Replace(page, []byte(`"isAccessibleForFree":false`), nil, 1)
	if r := extract.Article(page, "", extract.Hints{}); r.Kept != "paywall" {
		t.Errorf("kept %q, text %q", r.Kept, r.Text)
	}
}

// TestArticleMissingTeaser: without a teaser (or with one too short to
// judge) a good text is never refused.
func TestArticleMissingTeaser(t *testing.T) {
	page := fixture(t, "news.html")
	for _, teaser := range []string{"", "   ", "Breaking", "Watch: the vote", "…"} {
		if r := extract.Article(page, "https://example.com/", extract.Hints{Teaser: teaser}); r.Kept != "" {
			t.Errorf("teaser %q: refused: %s", teaser, r.Kept)
		}
	}
}

// TestArticleRobust feeds pages a hostile or broken web serves. Each must
// come back with a text or a reason, never a panic, and in bounded time:
// the slowest here take about a second (ten under the race detector); a
// cost growing faster than the input would take minutes.
func TestArticleRobust(t *testing.T) {
	article := string(fixture(t, "news.html"))
	para := "<p>" + strings.Repeat("Words of a long article paragraph that goes on and on. ", 10) + "</p>"
	garbage := make([]byte, 1<<20)
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range garbage {
		garbage[i] = byte(rng.IntN(256))
	}
	script := "<script>" + strings.Repeat("var x = '<p>not text</p>';\n", 250_000) + "</script>"
	tests := []struct {
		name, page string
		wantText   bool
	}{
		{"empty", "", false},
		{"blank", " \n\t ", false},
		{"no body", "<html><head><title>x</title></head></html>", false},
		{"binary garbage", string(garbage), false},
		{"NUL bytes", strings.Repeat("\x00", 10_000), false},
		{"invalid UTF-8", "<p>" + strings.Repeat("\xff\xfe caf\xe9 ", 2000) + "</p>", false},
		{"10,000 nested divs", strings.Repeat("<div>", 10_000) + para + strings.Repeat("</div>", 10_000), false},
		{"10,000 unclosed spans", strings.Repeat("<span>", 10_000) + para, false},
		{"10,000 unclosed links", strings.Repeat("<a href=x>y ", 10_000) + para, false},
		{"45,000 paragraphs, just under the node limit", strings.Repeat("<p>word ", 45_000), false},
		{"100,000 paragraphs, over it", strings.Repeat("<p>word ", 100_000), false},
		{"6 MiB of script before the article", strings.Replace(article, "<body>", "<body>"+script, 1), true},
		{"12 MiB of paragraphs", strings.Repeat(para, 20_000), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			r := extract.Article([]byte(tt.page), "https://example.com/", extract.Hints{})
			if d := time.Since(start); d > 30*time.Second {
				t.Errorf("took %v", d)
			}
			if (r.Text == "") == (r.Kept == "") {
				t.Errorf("want a text or a reason: text %d bytes, kept %q", len(r.Text), r.Kept)
			}
			if !utf8.ValidString(r.Text) {
				t.Error("text is not UTF-8")
			}
			if tt.wantText && !strings.Contains(r.Text, "Riverton's city council voted") {
				t.Errorf("lost the article: kept %q, text %.200q", r.Kept, r.Text)
			}
		})
	}
}

func TestTeaserOverlap(t *testing.T) {
	text := "У Києві в понеділок відкрили нову станцію метро на Виноградарі. Будівництво тривало сім років."
	tests := []struct {
		teaser, text string
		min, max     float64
		n            int
	}{
		{"", text, 1, 1, 0},
		{"the and of", text, 1, 1, 0}, // stop words only
		{"Станцію метро на Виноградарі відкрили в Києві", text, 1, 1, 5},
		{"Київ отримав нову станцію метрополітену", text, 0.5, 1, 5}, // "Київ"/"Києві" differ inside: not all match
		{"Парламент ухвалив бюджет на наступний рік", text, 0, 0.2, 5},
		{"東京で新しい駅が開業した", "東京では月曜日に新しい駅が開業した。", 0.8, 1, 11}, // letter pairs
	}
	for _, tt := range tests {
		share, n := extract.TeaserOverlap(tt.teaser, tt.text, "")
		if share < tt.min || share > tt.max || n != tt.n {
			t.Errorf("%q: share %.2f of %d, want %.2f..%.2f of %d", tt.teaser, share, n, tt.min, tt.max, tt.n)
		}
	}
}
