package eval

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

func TestStories(t *testing.T) {
	t.Parallel()
	in := strings.Join([]string{
		`{"id":"a","title":"Rutte: Putin is a tough negotiator","text":"NATO Secretary General Mark Rutte said in Brussels on Thursday that Putin is a tough negotiator.","lang":"en","story":"s1","storyline":"l1","published":"2025-02-13T10:00:00Z"}`,
		`{"id":"b","title":"NATO chief Rutte calls Putin a tough negotiator","text":"Mark Rutte, the NATO Secretary General, told reporters in Brussels that Putin is a tough negotiator.","story":"s1","storyline":"l1","published":"2025-02-13T11:00:00Z"}`,
		// One outlet's page twice: the copy is folded into the first and still gets its line.
		`{"id":"c","text":"We are sorry, but we have noticed an unusual number of requests from your IP address. We suspect that someone has misused the IP address you are using. If you want to continue reading, please confirm that you are not a robot by ticking the box below. Your IP address has been logged for security reasons and will be kept for seven days.","source":"x","story":"s2","storyline":"l2","published":"2025-02-13T12:00:00Z"}`,
		`{"id":"d","text":"We are sorry, but we have noticed an unusual number of requests from your IP address. We suspect that someone has misused the IP address you are using. If you want to continue reading, please confirm that you are not a robot by ticking the box below. Your IP address has been logged for security reasons and will be kept for seven days.","source":"x","story":"s2","storyline":"l2","published":"2025-02-13T12:00:00Z"}`,
	}, "\n")
	pairs := `{"id1":"a","id2":"b","lang":"en-en","same":true}` + "\n" + `{"id1":"a","id2":"c","lang":"en-en","same":false}`
	var out, report bytes.Buffer
	if err := Stories(strings.NewReader(in), &out, &report, StoriesOptions{Pairs: strings.NewReader(pairs)}); err != nil {
		t.Fatal(err)
	}
	got := map[string]storyOut{}
	dec := json.NewDecoder(&out)
	for dec.More() {
		var o storyOut
		if err := dec.Decode(&o); err != nil {
			t.Fatal(err)
		}
		got[o.ID] = o
	}
	if len(got) != 4 {
		t.Fatalf("got lines for %d articles, want 4: %v", len(got), got)
	}
	if got["a"].Story == "" || got["a"].Story != got["b"].Story {
		t.Errorf("a and b: stories %q and %q, want one", got["a"].Story, got["b"].Story)
	}
	if c, d := got["c"].Story, got["d"].Story; c == "" || c != d || c == got["a"].Story {
		t.Errorf("c and d: stories %q and %q, want one of their own", c, d)
	}
	for _, want := range []string{"pairs: precision 1.0000 recall 1.0000", "stories: B-cubed precision 1.0000 recall 1.0000 F1 1.0000; 4 articles, 2 stories formed",
		"storylines: B-cubed precision 1.0000 recall 1.0000 F1 1.0000; 4 articles, 2 storylines formed, 2 gold"} {
		if !strings.Contains(report.String(), want) {
			t.Errorf("report %q lacks %q", report.String(), want)
		}
	}
}
