package dedup

import (
	"strings"
	"testing"
)

const wire = `WASHINGTON (Meridian Wire) — U.S. consumer prices rose more than expected in January, with the annual inflation rate climbing to 3.0% as the cost of eggs jumped by the most in nearly a decade, the Labor Department said on Wednesday.
The consumer price index increased 0.5% last month after rising 0.4% in December. Economists polled had forecast the CPI would advance 0.3%.
Egg prices soared 15.2% as an outbreak of bird flu continued to cull flocks, and food prices overall rose 0.4%.
Federal Reserve Chair Jerome Powell told lawmakers the central bank was in no hurry to cut interest rates again.
"We're close, but not there on inflation," Powell said.`

func TestGroups(t *testing.T) {
	paras := strings.Split(wire, "\n")
	reprint := strings.Join(paras[:len(paras)-1], "\n") // drops the last paragraph
	rebylined := strings.Replace(wire, "(Meridian Wire)", "(Northgate Courier)", 1)
	other := `Consumer inflation in Ukraine accelerated to 12.9% year on year in January from 12% in December, the State Statistics Service said on Monday, driven by food prices that rose faster than expected after a poor harvest and higher costs for producers.
The National Bank of Ukraine raised its key policy rate to 14.5% in January and signalled further increases, saying inflation would peak in the spring before slowing in the second half of the year as the harvest effect fades.
Prices for vegetables, butter and sunflower oil climbed the most, while fuel prices were broadly stable over the month, the statistics service said.`
	tests := map[string]struct {
		bodies []string
		want   int // number of groups
	}{
		"identical":              {[]string{wire, wire}, 1},
		"paragraph dropped":      {[]string{wire, reprint}, 1},
		"byline changed":         {[]string{wire, rebylined}, 1},
		"different article":      {[]string{wire, other}, 2},
		"short texts never":      {[]string{"Eggs cost more.", "Eggs cost more."}, 2},
		"copies and an original": {[]string{wire, other, reprint, rebylined}, 2},
		"empty":                  {nil, 0},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			if got := Groups(tt.bodies); len(got) != tt.want {
				t.Errorf("Groups = %v, want %d groups", got, tt.want)
			}
		})
	}
}

func BenchmarkOf(b *testing.B) {
	body := strings.Repeat(wire+"\n", 4)
	for b.Loop() {
		Of(body)
	}
}
