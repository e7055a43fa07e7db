package quote

import (
	"slices"
	"testing"
)

func TestMergeSameRemarkAcrossOutlets(t *testing.T) {
	sources := []Source{
		{Outlet: "Kyiv Daily", Quotes: []Quote{
			{Text: "He is a tough negotiator and quite unpredictable. However, if we really want a peace agreement, we need him at the table.", Speaker: "Mark Rutte", Role: "NATO Secretary General"},
			{Text: "Ukraine must be in the best possible position when talks start.", Speaker: "Mark Rutte", Role: "NATO Secretary General"},
		}},
		{Outlet: "Brussels Wire", Quotes: []Quote{
			{Text: "He is a strong negotiator. He is very unpredictable. But in the end, if we want to get to a peace deal, we need him there.", Speaker: "Rutte"},
		}},
		{Outlet: "Ankara Post", Quotes: []Quote{
			{Text: "If we ultimately want to reach a peace agreement, we need him.", Speaker: "NATO Secretary General Mark Rutte"},
			{Text: "strong deal", Speaker: "Mark Rutte"},
		}},
	}
	got := Merge(sources)
	if len(got) != 2 {
		t.Fatalf("got %d story quotes, want 2: %+v", len(got), got)
	}
	top := got[0]
	if !slices.Equal(top.Outlets, []string{"Kyiv Daily", "Brussels Wire", "Ankara Post"}) {
		t.Errorf("outlets = %v, want all three", top.Outlets)
	}
	if top.Speaker != "Mark Rutte" || top.Role != "NATO Secretary General" {
		t.Errorf("speaker = %q (%q), want Mark Rutte (NATO Secretary General)", top.Speaker, top.Role)
	}
	if got[1].Text != "Ukraine must be in the best possible position when talks start." || len(got[1].Outlets) != 1 {
		t.Errorf("second quote = %+v", got[1])
	}
	if top.Score <= got[1].Score {
		t.Errorf("the remark three outlets report scores %.3f, not above %.3f", top.Score, got[1].Score)
	}
}

func TestMergeRanking(t *testing.T) {
	sources := []Source{
		{Outlet: "A", Quotes: []Quote{
			{Text: "We will rebuild every school in the region before winter comes.", Speaker: "Olga Petrova"},
			{Text: "The budget for roads doubles next year, and bridges come first.", Speaker: "Olga Petrova"},
			{Text: "Nobody told us anything about the new schedule at all.", Speaker: ""},
			{Text: "It was quite a day for everyone in the city.", Speaker: "Ivan Sokolov"},
		}},
		{Outlet: "B", Quotes: []Quote{
			{Text: "Every school in the region will be rebuilt before the winter.", Speaker: "Petrova"},
		}},
	}
	got := Merge(sources)
	var texts []string
	for _, q := range got {
		texts = append(texts, q.Text)
	}
	want := []string{
		"We will rebuild every school in the region before winter comes.", // two outlets, prominent speaker
		"The budget for roads doubles next year, and bridges come first.", // prominent speaker
		"It was quite a day for everyone in the city.",                    // speaker quoted once
		"Nobody told us anything about the new schedule at all.",          // unattributed
	}
	if !slices.Equal(texts, want) {
		t.Errorf("ranking:\n got %q\nwant %q", texts, want)
	}
}

func TestMergeKeepsSpeakersApart(t *testing.T) {
	same := "We need a ceasefire before any talks about borders can begin."
	got := Merge([]Source{
		{Outlet: "A", Quotes: []Quote{{Text: same, Speaker: "Anna Berg"}}},
		{Outlet: "B", Quotes: []Quote{{Text: same, Speaker: "John Smith"}}},
	})
	if len(got) != 2 {
		t.Errorf("different speakers merged: %+v", got)
	}
}

func TestMergeEmpty(t *testing.T) {
	if got := Merge(nil); got != nil {
		t.Errorf("Merge(nil) = %+v", got)
	}
	if got := Merge([]Source{{Outlet: "A", Quotes: []Quote{{Text: "Yes.", Speaker: "X"}}}}); len(got) != 0 {
		t.Errorf("a fragment survived: %+v", got)
	}
}

func TestMergeSpeakerTransliterations(t *testing.T) {
	got := Merge([]Source{
		{Outlet: "A", Quotes: []Quote{{Text: "The damage to the shelter is significant, but radiation levels have not increased.", Speaker: "Volodymyr Zelenskyy", Role: "President"}}},
		{Outlet: "B", Quotes: []Quote{{Text: "Radiation levels have not increased, though the damage to the shelter is significant.", Speaker: "Zelensky"}}},
		{Outlet: "C", Quotes: []Quote{{Text: "Only Russia attacks such sites and wages war without regard for the consequences.", Speaker: "Volodymyr Zelenskiy"}}},
	})
	if len(got) != 2 {
		t.Fatalf("got %+v", got)
	}
	for _, q := range got {
		if q.Speaker != "Volodymyr Zelenskiy" && q.Speaker != "Volodymyr Zelenskyy" || q.Role != "President" {
			t.Errorf("speaker %q (%q), want one spelling of Volodymyr Zelensky, President", q.Speaker, q.Role)
		}
	}
	if got[0].Speaker != got[1].Speaker {
		t.Errorf("two spellings: %q, %q", got[0].Speaker, got[1].Speaker)
	}
	if len(got[0].Outlets) != 2 {
		t.Errorf("the remark A and B report has outlets %v", got[0].Outlets)
	}
}
