package nb

// Outcome is one held-out document's result in cross-validation.
type Outcome struct {
	Posterior float64 // 0 when the model made no guess
	Right     bool
}

// CrossValidate trains on every group but one and predicts the held-out
// group's documents, for each group in turn (leave-one-group-out: with
// the KB, a group is an entry, so a held-out entry's wording was never
// seen, as with a bounce nobody wrote a rule for).
func CrossValidate(docs [][]string, labels, groups []string, minDocs int) []Outcome {
	byGroup := map[string][]int{}
	var order []string
	for i, g := range groups {
		if byGroup[g] == nil {
			order = append(order, g)
		}
		byGroup[g] = append(byGroup[g], i)
	}
	out := make([]Outcome, 0, len(docs))
	for _, g := range order {
		var tdocs [][]string
		var tlabels []string
		for i := range docs {
			if groups[i] != g {
				tdocs = append(tdocs, docs[i])
				tlabels = append(tlabels, labels[i])
			}
		}
		m := Train(tdocs, tlabels, minDocs)
		for _, i := range byGroup[g] {
			guess := m.Predict(docs[i])
			out = append(out, Outcome{Posterior: guess.Posterior, Right: guess.Class != "" && guess.Class == labels[i]})
		}
	}
	return out
}

// Point is accuracy against coverage at one posterior threshold.
type Point struct {
	Threshold float64
	Coverage  float64 // share of documents with a guess at or above Threshold
	Accuracy  float64 // share of those guesses that are right
	Covered   int
}

// Curve returns a Point per threshold.
func Curve(outcomes []Outcome, thresholds []float64) []Point {
	pts := make([]Point, 0, len(thresholds))
	for _, th := range thresholds {
		covered, right := 0, 0
		for _, o := range outcomes {
			if o.Posterior > 0 && o.Posterior >= th {
				covered++
				if o.Right {
					right++
				}
			}
		}
		p := Point{Threshold: th, Covered: covered}
		if len(outcomes) > 0 {
			p.Coverage = float64(covered) / float64(len(outcomes))
		}
		if covered > 0 {
			p.Accuracy = float64(right) / float64(covered)
		}
		pts = append(pts, p)
	}
	return pts
}
