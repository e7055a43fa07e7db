package text

import "testing"

func TestStripDateline(t *testing.T) {
	t.Parallel()
	tests := map[string]struct{ in, want string }{
		"capitals, em dash":         {"BRUSSELS — NATO Secretary General Mark Rutte said on Thursday that allies agree.", "NATO Secretary General Mark Rutte said on Thursday that allies agree."},
		"two words":                 {"NEW YORK — Stocks fell on Monday.", "Stocks fell on Monday."},
		"capitals, date and agency": {"MUNICH, Feb 13 (Reuters) - A car drove into a crowd.", "A car drove into a crowd."},
		"Interfax":                  {"KYIV. Feb 14 (Interfax-Ukraine) – A Russian attack drone hit the shelter.", "A Russian attack drone hit the shelter."},
		"date and agency":           {"Feb 14 (Interfax-Ukraine) – A Russian attack drone hit the shelter.", "A Russian attack drone hit the shelter."},
		"title case and agency":     {"Brussels (AP) — The European Union said on Tuesday it would respond.", "The European Union said on Tuesday it would respond."},
		"Cyrillic capitals":         {"КИЇВ — Дрон влучив в укриття над реактором.", "Дрон влучив в укриття над реактором."},
		"colon":                     {"WASHINGTON: The Senate passed the bill.", "The Senate passed the bill."},
		"acronym subject stays":     {"NATO Secretary General Mark Rutte said on Thursday that allies agree.", "NATO Secretary General Mark Rutte said on Thursday that allies agree."},
		"acronym and dash stays":    {"NATO - the alliance of 32 countries - met on Thursday.", "NATO - the alliance of 32 countries - met on Thursday."},
		"plain sentence":            {"Officers arrested the driver at the scene.", "Officers arrested the driver at the scene."},
		"parenthesis in sentence":   {"The International Atomic Energy Agency (IAEA) said radiation was normal.", "The International Atomic Energy Agency (IAEA) said radiation was normal."},
		"only a dateline":           {"PARIS —", "PARIS —"},
	}
	for name, tt := range tests {
		if got := StripDateline(tt.in); got != tt.want {
			t.Errorf("%s: StripDateline(%q) = %q, want %q", name, tt.in, got, tt.want)
		}
	}
}
