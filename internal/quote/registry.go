package quote

import (
	"sort"
	"strings"
)

// person is someone the article names.
type person struct {
	name      []string // the fullest form of the name seen
	role      string   // the first title given with the name
	roleWords map[string]bool
	gender    gender
	he, she   int // pronouns seen right after the person is named
}

// mention is one place where a person is named or quoted.
type mention struct {
	pos     int
	person  int
	subject bool // the person acts in the sentence: "Rutte said", "Rutte stressed"
}

// registry is the cast of an article: who is named, with what role, where.
type registry struct {
	people   []person
	mentions []mention // in text order
}

// nameRun is a capitalised run found in the text, before it is known whom
// it names.
type nameRun struct {
	pos, end int
	name     []string
	role     string
	subject  bool
	evidence bool // a title or a speech verb shows it is a person
}

// buildRegistry collects the people named outside quotations, unifies the
// forms of each name ("Rutte" = "Mark Rutte") and guesses their gender.
func buildRegistry(d *doc) *registry {
	var runs []nameRun
	for i := 0; i < len(d.toks); {
		run, next, ok := d.nameRunAt(i)
		if ok {
			runs = append(runs, run)
		}
		i = next
	}
	g := &registry{}
	owner := make([]int, len(runs))
	for i, run := range runs { // full names first, so surnames find them
		owner[i] = -1
		if len(run.name) > 1 {
			owner[i] = g.addName(run.name)
		}
	}
	for i, run := range runs {
		p := owner[i]
		if p < 0 {
			p = g.lookup(run.name, run.pos)
		}
		if p < 0 && run.evidence {
			p = g.addName(run.name)
		}
		if p < 0 {
			continue
		}
		g.addRole(p, run.role)
		g.mentions = append(g.mentions, mention{pos: run.pos, person: p, subject: run.subject})
		if run.subject {
			g.countPronouns(d, p, run.end)
		}
	}
	for i := range g.people {
		g.people[i].settleGender()
	}
	return g
}

// nameRunAt reads the capitalised run at token i, if it can name a person.
// It returns the index where scanning continues.
func (d *doc) nameRunAt(i int) (nameRun, int, bool) {
	t := d.toks[i]
	if !t.isCap() || capitalStops[t.low] || d.quoted(t.start) {
		return nameRun{}, i + 1, false
	}
	limit := d.paraEnd(i)
	end := chainEnd(d.toks, i, limit)
	title, name := splitTitle(d.toks[i:end])
	if isTitlePhrase(title, name) || isOrgName(name) {
		return nameRun{}, end, false
	}
	before := d.wordBefore(i)
	if before == "the" || placePrepositions[before] {
		return nameRun{}, end, false
	}
	if end < limit && d.toks[end].kind == tWord && !d.toks[end].isCap() &&
		(orgWords[d.toks[end].low] || roleNouns[d.toks[end].low]) {
		return nameRun{}, end, false // a modifier: "Clinton campaign", "New York businessman"
	}
	role := strings.TrimSpace(d.roleBefore(i) + " " + words(title))
	verb := d.verbAfter(end, limit)
	run := nameRun{
		pos: d.toks[i].start, end: end,
		name:     texts(name),
		role:     role,
		subject:  (verb != "" || d.startsSentence(i)) && !clauseStops[before] && !d.toks[end-1].possessive,
		evidence: role != "" || isSpeechVerb(verb) || isSpeechVerb(before),
	}
	return run, end, true
}

// startsSentence reports whether token i opens a sentence.
func (d *doc) startsSentence(i int) bool {
	return i == d.paraStart(i) || d.toks[i-1].isSentenceEnd()
}

// roleBefore returns a lowercase role written just before a name, such as
// "longtime Democratic pollster" in "longtime Democratic pollster Pat Caddell".
func (d *doc) roleBefore(i int) string {
	j := i
	for j > 0 && d.toks[j-1].para == d.toks[i].para && d.toks[j-1].kind == tWord {
		t := d.toks[j-1]
		if j == i && !roleNouns[t.low] {
			break
		}
		if !roleNouns[t.low] && !t.isCap() && !strings.Contains(t.low, "-") && !roleModifiers[t.low] {
			break
		}
		if capitalStops[t.low] || t.possessive {
			break
		}
		j--
	}
	return words(d.toks[j:i])
}

// verbAfter returns the first word after a name, skipping a parenthesis,
// an appositive and adverbs, when it looks like the verb of the name:
// "Rutte, 58, said".
func (d *doc) verbAfter(j, limit int) string {
	if j < limit && d.toks[j].text == "(" { // "McCaskill (D-Mo.) said"
		for j < limit && d.toks[j].text != ")" {
			j++
		}
		j++
	}
	if j < limit && d.toks[j].text == "," {
		k := j + 1
		for k < limit && k-j < 12 && d.toks[k].text != "," {
			k++
		}
		if k < limit && k-j < 12 {
			j = k + 1
		}
	}
	for j < limit && d.toks[j].kind == tWord && skippable[d.toks[j].low] {
		j++
	}
	if j >= limit || d.toks[j].kind != tWord || d.toks[j].isCap() {
		return ""
	}
	if w := d.toks[j].low; isVerbish(w) {
		return w
	}
	return ""
}

// countPronouns counts "he"/"she" words after p acted as a subject, up to
// the next capitalised name, as evidence of p's gender.
func (g *registry) countPronouns(d *doc, p, from int) {
	limit := d.paraEnd(from)
	for j := from; j < limit && j-from < 40; j++ {
		t := d.toks[j]
		if t.isCap() && !capitalStops[t.low] {
			return
		}
		if d.quoted(t.start) {
			continue
		}
		switch t.low {
		case "he", "his", "him", "himself":
			g.people[p].he++
		case "she", "her", "hers", "herself":
			g.people[p].she++
		}
	}
}

// settleGender decides a person's gender from the pronouns counted after
// the person's mentions, a gendered title ("Mrs.", "spokesman") outweighing
// them.
func (p *person) settleGender() {
	he, she := p.he, p.she
	for w := range p.roleWords {
		switch genderedWords[w] {
		case male:
			he += 100
		case female:
			she += 100
		}
	}
	switch {
	case he > she:
		p.gender = male
	case she > he:
		p.gender = female
	}
}

// addName returns the person with a name that contains name or is contained
// by it, adding a new person if there is none. The fullest form is kept.
func (g *registry) addName(name []string) int {
	for i := range g.people {
		p := &g.people[i]
		switch {
		case containsWords(p.name, name):
			return i
		case containsWords(name, p.name) && len(p.name) > 1:
			p.name = name
			return i
		}
	}
	g.people = append(g.people, person{name: name, roleWords: map[string]bool{}})
	return len(g.people) - 1
}

func (g *registry) addRole(p int, role string) {
	role = cleanRole(role)
	if role == "" {
		return
	}
	pp := &g.people[p]
	if pp.role == "" || !hasCapital(pp.role) && hasCapital(role) {
		pp.role = role
	}
	for _, w := range strings.Fields(strings.ToLower(role)) {
		pp.roleWords[strings.Trim(w, ".,")] = true
	}
}

// lookup finds the person a name refers to: among the people whose name
// contains it, the one named most recently before pos, else the first.
func (g *registry) lookup(name []string, pos int) int {
	for k := g.before(pos) - 1; k >= 0; k-- {
		if p := g.mentions[k].person; containsWords(g.people[p].name, name) {
			return p
		}
	}
	for i := range g.people {
		if containsWords(g.people[i].name, name) {
			return i
		}
	}
	return -1
}

// resolvePronoun finds whom "he" or "she" at pos refers to: the latest
// person of a compatible gender who acted as a subject (the centre of
// attention), else the latest one named.
func (g *registry) resolvePronoun(want gender, pos int) int {
	fallback := -1
	for k := g.before(pos) - 1; k >= 0; k-- {
		m := g.mentions[k]
		if have := g.people[m.person].gender; want != unknown && have != unknown && have != want {
			continue
		}
		if m.subject {
			return m.person
		}
		if fallback < 0 {
			fallback = m.person
		}
	}
	return fallback
}

// resolveDesc finds whom a definite description such as "the NATO
// secretary general" or "the NATO chief" refers to: the latest person whose
// role has the description's head noun, or for a generic head ("chief",
// "leader") another of its words.
func (g *registry) resolveDesc(r ref, pos int) int {
	if !r.definite {
		return -1
	}
	descWords := strings.Fields(strings.ToLower(r.role))
	for k := g.before(pos) - 1; k >= 0; k-- {
		p := g.people[g.mentions[k].person]
		if p.roleWords[r.word] {
			return g.mentions[k].person
		}
		if !genericHeads[r.word] {
			continue
		}
		for _, w := range descWords {
			if w != r.word && p.roleWords[w] {
				return g.mentions[k].person
			}
		}
	}
	return -1
}

// addSpeaker records that p is quoted at pos, which makes p the likeliest
// antecedent of a following "he said".
func (g *registry) addSpeaker(p, pos int) {
	k := g.before(pos)
	g.mentions = append(g.mentions, mention{})
	copy(g.mentions[k+1:], g.mentions[k:])
	g.mentions[k] = mention{pos: pos, person: p, subject: true}
}

// before returns the number of mentions before pos.
func (g *registry) before(pos int) int {
	return sort.Search(len(g.mentions), func(i int) bool { return g.mentions[i].pos >= pos })
}

// containsWords reports whether every word of part occurs in whole, in
// order, and part's last word is whole's last word or part has one word.
func containsWords(whole, part []string) bool {
	if len(part) == 0 || len(part) > len(whole) {
		return false
	}
	if len(part) > 1 && !sameWord(part[len(part)-1], whole[len(whole)-1]) {
		return false
	}
	i := 0
	for _, w := range whole {
		if i < len(part) && sameWord(w, part[i]) {
			i++
		}
	}
	return i == len(part)
}

func hasCapital(s string) bool {
	return strings.ToLower(s) != s
}
