package classify

import (
	"bytes"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/bounce-explainer/bounce/kb"
)

// TestAppendJSONMatchesMarshal checks AppendJSON byte for byte against
// encoding/json: on the fixtures, on every KB example, and on hand-made
// Reports with the strings and numbers where the two could differ.
func TestAppendJSONMatchesMarshal(t *testing.T) {
	var reports []Report
	files, _ := filepath.Glob(filepath.Join("testdata", "*.eml"))
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		reports = append(reports, Classify(data))
	}
	entries, err := kb.LoadEmbedded()
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		for _, ex := range e.Examples {
			reports = append(reports, Classify([]byte(ex)))
		}
	}
	reports = append(reports, Report{}, trickyReport())
	for _, f := range []float64{0, 1, 0.5, 0.85, 1.0 / 3, 1e-7, 2.5e-9, 1e21, 123456789, -0.25} {
		reports = append(reports, Report{Recipients: []Recipient{{Confidence: f}}})
	}
	for i := range reports {
		r := &reports[i]
		got := r.AppendJSON(nil)
		want, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("report %d:\n got %s\nwant %s", i, got, want)
		}
	}
	t.Logf("%d reports compared", len(reports))
	// Marshal refuses NaN; AppendJSON writes 0 rather than invalid JSON.
	nan := Report{Recipients: []Recipient{{Confidence: math.NaN()}}}
	if got, want := nan.AppendJSON(nil), (&Report{Recipients: []Recipient{{}}}).AppendJSON(nil); !bytes.Equal(got, want) {
		t.Errorf("NaN confidence: %s", got)
	}
}

// trickyReport holds every kind of character encoding/json escapes.
func trickyReport() Report {
	s := "quote \" backslash \\ <b>&amp; \b\f\n\r\t \x00\x01\x1f\x7f é 日本 \u2028\u2029 bad\xff\xfe utf8 \xe2\x82 end 🙂"
	return Report{
		Bounce: true, Kind: s, MTA: s, Subject: s, Language: "de", LanguageRead: true,
		Original:    Original{From: s, To: s, Subject: s, MessageID: s},
		Backscatter: Backscatter{Suspected: true, Signals: []string{s, ""}, Evidence: []Span{}},
		Recipients: []Recipient{{
			Address: s, Action: s, Status: "5.1.1", ReplyCode: "550", RemoteMTA: s, Command: s,
			Diagnostic: s, Reason: s, Hard: true, Who: s, Entry: s, Title: s, Summary: s,
			Evidence: []Span{{0, 3}, {-1, 1 << 40}}, Outcome: s, OutcomeLabel: s, Cause: s,
			CauseLabel: s, Retry: s, WhoLabel: s, Basis: s, Confidence: 0.7, Words: []string{},
		}, {}},
		Warnings: []string{s},
	}
}
