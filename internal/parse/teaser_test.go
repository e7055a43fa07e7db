package parse

import (
	"fmt"
	"strings"
	"testing"
)

func TestTeasers(t *testing.T) {
	article := strings.Repeat("NATO Secretary General Mark Rutte told reporters in Brussels that allies agree. ", 25) // 250 words
	brief := strings.Repeat("The central bank held its rate at 13.5%, as expected. ", 9)                              // 90 words
	for name, tc := range map[string]struct {
		texts []string
		want  string
	}{
		"full-text feed":                    {[]string{article, article, brief}, "[false false false]"},
		"teaser feed":                       {[]string{"Rutte says allies agree.", "Prices rose 12.9% in January.", article}, "[true true false]"},
		"teaser feed, brief items too":      {[]string{"Rutte says allies agree.", "Inflation rose.", brief}, "[true true true]"},
		"cut off in a full-text feed":       {[]string{article, article, "The talks, Rutte said, would …"}, "[false false true]"},
		"read more":                         {[]string{article, "Allies met on Thursday. Read more »"}, "[false true]"},
		"Ukrainian read more":               {[]string{article, "Генсек НАТО заявив про переговори. Читати далі"}, "[false true]"},
		"German weiterlesen":                {[]string{article, "Rutte sprach in Brüssel. [Weiterlesen]"}, "[false true]"},
		"bracketed ellipsis":                {[]string{article, "The alliance met in Brussels [...]"}, "[false true]"},
		"headline only":                     {[]string{"", article, article}, "[true false false]"},
		"no items":                          {nil, "[]"},
		"a long text ending in an ellipsis": {[]string{article + " …", article}, "[false false]"},
	} {
		if got := fmt.Sprint(Teasers(tc.texts)); got != tc.want {
			t.Errorf("%s: Teasers = %s, want %s", name, got, tc.want)
		}
	}
}
