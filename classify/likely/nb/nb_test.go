package nb

import (
	"reflect"
	"testing"
)

func TestWords(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"550 5.1.1 <jdoe@example.com>: User Unknown", []string{"user", "unknown"}},
		{"host mx.example.com[192.0.2.1] said: mailbox full", []string{"host", "said", "mailbox", "full"}},
		{"The quota of the mailbox is exceeded", []string{"quota", "mailbox", "exceeded"}},
		{"用户不存在", []string{"用户", "户不", "不存", "存在"}},
		{"See https://example.com/help now", []string{"see", "now"}},
	}
	for _, tt := range tests {
		if got := Words(tt.in); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Words(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestTokensFeatures(t *testing.T) {
	got := Tokens("full", "4.2.2", "452", "RCPT")
	want := []string{"#cRCPT", "#r4", "#s4.2", "full"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Tokens = %q, want %q", got, want)
	}
}

func TestTrainPredictEncode(t *testing.T) {
	docs := [][]string{{"mailbox", "full"}, {"quota", "exceeded", "mailbox"}, {"user", "unknown"}, {"no", "such", "user"}}
	labels := []string{"mailboxfull", "mailboxfull", "userunknown", "userunknown"}
	m := Train(docs, labels, 1)
	g := m.Predict([]string{"user", "unheard"})
	if g.Class != "userunknown" || g.Posterior <= 0.5 || !reflect.DeepEqual(g.Words, []string{"user"}) {
		t.Errorf("Predict = %+v", g)
	}
	if g := m.Predict([]string{"unheard"}); g.Class != "" {
		t.Errorf("Predict of unknown words = %+v, want no guess", g)
	}
	m2, ok := Decode(m.Encode())
	if !ok || m2.Encode() != m.Encode() {
		t.Fatalf("Decode(Encode) does not round-trip")
	}
	if g2 := m2.Predict([]string{"user", "unheard"}); g2.Class != g.Class || g2.Posterior != g.Posterior {
		t.Errorf("decoded model predicts %+v, want %+v", g2, g)
	}
	if _, ok := Decode("a b\n1\n"); ok {
		t.Error("Decode accepted a malformed model")
	}
}

func TestCurve(t *testing.T) {
	out := []Outcome{{0.95, true}, {0.95, false}, {0.5, true}, {0, false}}
	pts := Curve(out, []float64{0.4, 0.9})
	if pts[0].Covered != 3 || pts[1].Covered != 2 || pts[1].Accuracy != 0.5 || pts[0].Coverage != 0.75 {
		t.Errorf("Curve = %+v", pts)
	}
}
