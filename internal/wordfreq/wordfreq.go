// Package wordfreq says how common a word is in a language, from lists of
// each language's 10,000 most common words shipped in the binary. The
// grouping weighs words by how rare they are; a deployment that has seen few
// articles cannot tell that from its own, so these lists stand in until it
// has.
package wordfreq // import "github.com/newsdigest/newsdigest/internal/wordfreq"

import (
	"bufio"
	"embed"
	"math"
	"strings"
	"sync"

	"github.com/newsdigest/newsdigest/internal/text"
)

//go:generate go run ./genlists

//go:embed lists/*.txt
var lists embed.FS

// Zipf's law puts the word of rank r at a share 1/(r·h) of running text;
// a text of textWords words then uses it with probability
// 1 − exp(−textWords/(r·h)). textWords is about a headline and lead.
const (
	h         = 10.0 // harmonic number of a news vocabulary, ≈ ln(10,000) + γ
	textWords = 300
)

// Model holds one language's shares. A language without a list knows no
// word and calls every word rare.
type Model struct {
	terms map[string]float32 // text.Term form → share of texts using it
	words map[string]float32 // lower-case word → share
}

// rare is the share of a word beyond a list: rarer than its last.
var rare = share(2 * listLen)

const listLen = 10000

var (
	mu     sync.Mutex
	models = map[string]*Model{}
)

// For returns lang's model, built on first use: stemming the list takes
// tens of milliseconds, and most deployments read few languages.
func For(lang string) *Model {
	mu.Lock()
	defer mu.Unlock()
	if m, ok := models[lang]; ok {
		return m
	}
	m := build(lang)
	models[lang] = m
	return m
}

func build(lang string) *Model {
	m := &Model{terms: map[string]float32{}, words: map[string]float32{}}
	file := lang
	if file == "" {
		file = "en" // as text.Term takes an unnamed language
	}
	f, err := lists.Open("lists/" + file + ".txt")
	if err != nil {
		return m
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for r := 1; sc.Scan(); r++ {
		w := sc.Text()
		p := share(r)
		m.words[w] = float32(p)
		if t := text.Term(w, lang); t != "" {
			// A stem stands for all its forms: the chance that a text
			// uses one of them.
			q := float64(m.terms[t])
			m.terms[t] = float32(1 - (1-q)*(1-p))
		}
	}
	return m
}

func share(rank int) float64 { return 1 - math.Exp(-textWords/(float64(rank)*h)) }

// Term is the share of texts that use a term (text.Term's form).
func (m *Model) Term(t string) float64 {
	if p, ok := m.terms[t]; ok {
		return float64(p)
	}
	return rare
}

// Word is the share of texts that use a word, any case: a name's.
func (m *Model) Word(w string) float64 {
	if p, ok := m.words[strings.ToLower(w)]; ok {
		return float64(p)
	}
	return rare
}
