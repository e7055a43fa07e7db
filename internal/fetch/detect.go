package fetch

import (
	"unicode"

	"golang.org/x/text/encoding/charmap"
)

// Detecting the encoding of a page that does not declare one, or declares
// one its bytes do not fit. The news sites this service reads use UTF-8
// (checked before this), Windows-1251 and KOI8-R/U for Russian and
// Ukrainian, and Windows-1252 (or ISO-8859-1, which browsers read as
// Windows-1252) for Western European languages. Two questions tell them
// apart:
//
//  1. Cyrillic or Latin? Both put letters in bytes 0xC0-0xFF, but Cyrillic
//     words are made of such bytes only, while Latin words mix them with
//     ASCII letters (café, Müller, señor). wordShapes counts both kinds of
//     word.
//  2. Windows-1251 or KOI8? Both hold the same letters, in different
//     places: Windows-1251 has the lower-case letters at 0xE0-0xFF and the
//     capitals at 0xC0-0xDF, KOI8 the other way round, and in a different
//     order. Read in the wrong one, ordinary text turns into mostly
//     capitals, and rare ones. cyrillicScore sums, over the bytes, how
//     common the letter each byte stands for is in Russian and Ukrainian
//     text (a capital counting a third); the right encoding scores several
//     times the wrong one.
//
// github.com/gogs/chardet (a port of ICU's detector) was considered: its
// Windows-1251 and KOI8-R models are Russian trigram tables (ICU has none
// for Ukrainian), it has not changed since 2021, and it answers questions
// (Shift_JIS, EUC-KR, ...) these pages never ask. The two questions above
// are the whole job here, and are tested on Russian and Ukrainian text in
// both encodings.

// guess is what guessSingleByte makes of a body.
type guess struct {
	charmap *charmap.Charmap
	name    string // the WHATWG name
	// confident is set when the evidence is strong enough to overrule a
	// declared encoding: enough words, of one shape far more than the
	// other, and for Cyrillic one encoding scoring far above the other.
	confident bool
}

// minWords is how many words of the winning shape it takes to overrule a
// declared encoding.
const minWords = 20

// guessSingleByte picks Windows-1251, KOI8-R/U or Windows-1252 for b.
// Without any evidence (no letters outside ASCII) it picks Windows-1252,
// as browsers do in the West, without confidence.
func guessSingleByte(b []byte) guess {
	cyr, latin := wordShapes(b)
	if cyr <= latin {
		return guess{charmap.Windows1252, "windows-1252", latin >= minWords && latin >= 4*cyr}
	}
	sure := cyr >= minWords && cyr >= 4*latin
	cp, koi := cyrillicScore(b, charmap.Windows1251), cyrillicScore(b, charmap.KOI8U)
	if koi > cp {
		name := "koi8-r"
		if hasKOI8U(b) {
			name = "koi8-u"
		}
		// KOI8-U is KOI8-R with Ukrainian letters where KOI8-R has
		// box-drawing characters, which no article uses.
		return guess{charmap.KOI8U, name, sure && koi >= 2*cp}
	}
	return guess{charmap.Windows1251, "windows-1251", sure && cp >= 2*koi}
}

// family groups the encodings guessSingleByte chooses among, so that a
// declared one is overruled only by another family: "" for the rest.
func family(name string) string {
	switch name {
	case "windows-1251":
		return "cp1251"
	case "koi8-r", "koi8-u":
		return "koi8"
	case "windows-1252": // also iso-8859-1, latin1 and us-ascii, as labels
		return "latin"
	}
	return ""
}

// highLetter marks the bytes from 0x80 that are letters in Windows-1251 or
// KOI8-U: all from 0xC0, and Ё, Є, І, Ї, Ґ in either case below that.
var highLetter = func() (t [256]bool) {
	for c := 0xC0; c <= 0xFF; c++ {
		t[c] = true
	}
	for _, c := range []byte{
		0xA5, 0xB4, 0xAA, 0xBA, 0xAF, 0xBF, 0xB2, 0xB3, 0xA8, 0xB8, // Windows-1251
		0xA3, 0xB3, 0xA4, 0xB4, 0xA6, 0xB6, 0xA7, 0xB7, 0xAD, 0xBD, // KOI8-U
	} {
		t[c] = true
	}
	return t
}()

// wordShapes counts the words of b (runs of ASCII letters and highLetter
// bytes) that hold a byte from 0x80: cyr for those with no ASCII letter
// and at least two such bytes, latin for those that mix both.
func wordShapes(b []byte) (cyr, latin int) {
	ascii, high := 0, 0
	end := func() {
		switch {
		case high == 0:
		case ascii > 0:
			latin++
		case high >= 2:
			cyr++
		}
		ascii, high = 0, 0
	}
	for _, c := range b {
		switch {
		case 'a' <= c|0x20 && c|0x20 <= 'z':
			ascii++
		case highLetter[c]:
			high++
		default:
			end()
		}
	}
	end()
	return cyr, latin
}

// letterWeights are letter frequencies in Russian and Ukrainian news text,
// in tenths of a percent, rounded; Ukrainian's own letters are weighted
// as they occur in Ukrainian.
const letterWeights = "о110 е85 а80 и70 н67 т63 с55 р47 в45 л44 к35 м32 д30 п28 у26 я20 ы19 ь17 г17 з16 б16 " +
	"ч14 й12 х10 ж9 ш7 ю6 ц5 щ4 э3 ф3 ъ1 ё1 і50 ї6 є4 ґ1"

// weight is indexed by rune-0x400, for the Cyrillic block 0x400-0x4FF.
var weight = func() (w [0x100]int) {
	r, n := rune(0), 0
	flush := func() {
		if r == 0 {
			return
		}
		w[r-0x400] = n
		w[unicode.ToUpper(r)-0x400] = max(n/3, 1)
		r, n = 0, 0
	}
	for _, c := range letterWeights {
		switch {
		case c == ' ':
			flush()
		case c >= '0' && c <= '9':
			n = n*10 + int(c-'0')
		default:
			r = c
		}
	}
	flush()
	return w
}()

// cyrillicScore is how much b, read in cm, looks like Cyrillic text.
func cyrillicScore(b []byte, cm *charmap.Charmap) int {
	score := 0
	for _, c := range b {
		if c >= 0x80 {
			if r := cm.DecodeByte(c); r >= 0x400 && r < 0x500 {
				score += weight[r-0x400]
			}
		}
	}
	return score
}

// hasKOI8U reports whether b has a byte that is a Ukrainian letter in
// KOI8-U and a box-drawing character in KOI8-R.
func hasKOI8U(b []byte) bool {
	for _, c := range b {
		switch c {
		case 0xA4, 0xA6, 0xA7, 0xAD, 0xB4, 0xB6, 0xB7, 0xBD:
			return true
		}
	}
	return false
}
