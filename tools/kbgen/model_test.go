package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/bounce-explainer/bounce/classify/likely"
	"github.com/bounce-explainer/bounce/kb"
)

// TestModelIsFresh fails when kb/*.md changed without `make kb`.
func TestModelIsFresh(t *testing.T) {
	entries, err := kb.LoadEmbedded()
	if err != nil {
		t.Fatal(err)
	}
	want, err := GenerateModel(entries)
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(filepath.Join("..", "..", "classify", "likely", "model.go"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatal("classify/likely/model.go is stale: run make kb")
	}
}

// accuracyFloor is the least leave-one-entry-out accuracy accepted at
// likely.Threshold. Measured 0.662 (coverage 0.340) when the threshold was
// chosen; a KB or tokeniser change that drops below this makes the
// fallback's guesses less trustworthy than its confidence says.
const accuracyFloor = 0.60

// TestCrossValidation runs leave-one-entry-out cross-validation over the
// KB examples, logs accuracy against coverage, and fails when accuracy at
// the classifier's threshold falls below the floor.
func TestCrossValidation(t *testing.T) {
	entries, err := kb.LoadEmbedded()
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, p := range Measure(entries) {
		t.Logf("posterior ≥ %.2f: coverage %.3f (%d), accuracy %.3f", p.Threshold, p.Coverage, p.Covered, p.Accuracy)
		if p.Threshold == likely.Threshold {
			found = true
			if p.Accuracy < accuracyFloor {
				t.Errorf("accuracy at threshold %.2f is %.3f, below the floor %.2f", p.Threshold, p.Accuracy, accuracyFloor)
			}
		}
	}
	if !found {
		t.Errorf("likely.Threshold %.2f is not one of the measured thresholds", likely.Threshold)
	}
}
