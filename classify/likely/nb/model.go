package nb

import (
	"math"
	"sort"
	"strconv"
	"strings"
)

// alpha is the additive (Laplace) smoothing added to every token's count.
// Leave-one-entry-out cross-validation over the KB examples found 0.1 to
// 0.5 within a point of each other and 1 worse: a large alpha flattens the
// evidence of a word seen in only a few of a class's examples
// (classify/likely/README.md has the measurements).
const alpha = 0.1

// Model is a trained naive Bayes model over the presence of tokens. A
// token's likelihood in a class is the share of the class's documents that
// contain it, (N + alpha) / (Docs + 2 alpha), not its share of the class's
// tokens: a class with many long or foreign-language examples would
// otherwise dilute the likelihood of every word of its short English
// ones (cross-validation: the 30% of held-out examples it is surest of
// went from 60% to 67% right).
// A token a class never saw has the same likelihood in every class,
// alpha / (mean Docs + 2 alpha): with each class's own Docs, a class of 8
// examples would gain on one of 200 from every word neither has seen
// (it did: German and Spanish lines went to the smallest classes).
// Only the non-zero (token, class) counts are kept: a smoothed zero count
// is the same for every token and class, so it is computed, not stored.
type Model struct {
	Classes []string
	Docs    []int              // training documents per class
	Vocab   map[string][]Count // token -> its non-zero document counts, by class
	logZ    []float64          // log(Docs[c] + 2 alpha)
	logZ0   float64            // log(mean Docs + 2 alpha), for a class that never saw a token
}

// Count is how many of one class's training documents contain a token.
type Count struct {
	Class, N int
}

// Train counts tokens per class. A token is kept only when it occurs in at
// least minDocs documents: rarer ones are names and typing, and would make
// the model larger without making it better.
func Train(docs [][]string, labels []string, minDocs int) *Model {
	m := &Model{Vocab: map[string][]Count{}}
	index := map[string]int{}
	for _, l := range sortedUnique(labels) {
		index[l] = len(m.Classes)
		m.Classes = append(m.Classes, l)
	}
	df := map[string]int{}
	for _, d := range docs {
		for _, t := range sortedUnique(d) {
			df[t]++
		}
	}
	counts := map[string][]int{}
	m.Docs = make([]int, len(m.Classes))
	for i, d := range docs {
		c := index[labels[i]]
		m.Docs[c]++
		for _, t := range sortedUnique(d) {
			if df[t] < minDocs {
				continue
			}
			if counts[t] == nil {
				counts[t] = make([]int, len(m.Classes))
			}
			counts[t][c]++
		}
	}
	for t, cs := range counts {
		for c, n := range cs {
			if n > 0 {
				m.Vocab[t] = append(m.Vocab[t], Count{c, n})
			}
		}
	}
	m.prepare()
	return m
}

func sortedUnique(s []string) []string {
	s = append([]string(nil), s...)
	sort.Strings(s)
	out := s[:0]
	for i, x := range s {
		if i == 0 || x != s[i-1] {
			out = append(out, x)
		}
	}
	return out
}

// prepare computes the per-class normalisers.
func (m *Model) prepare() {
	m.logZ = make([]float64, len(m.Classes))
	for c, n := range m.Docs {
		m.logZ[c] = math.Log(float64(n) + 2*alpha)
	}
	tot := 0
	for _, n := range m.Docs {
		tot += n
	}
	m.logZ0 = math.Log(float64(tot)/float64(len(m.Docs)) + 2*alpha)
}

// Guess is a model's verdict on one text.
type Guess struct {
	Class     string   // "" when the text has no word the model knows
	Posterior float64  // the class's posterior probability, 0-1
	Words     []string // the words that weighed most for Class over the runner-up
}

// Predict returns the most probable class for tokens, under uniform class
// priors (the KB's example counts say how much was written about a reason,
// not how often it happens). Tokens the model never saw are ignored; a text
// with no known word gets no guess.
func (m *Model) Predict(tokens []string) Guess {
	score := make([]float64, len(m.Classes))
	known := false
	for _, t := range sortedUnique(tokens) {
		cs, ok := m.Vocab[t]
		if !ok {
			continue
		}
		known = known || IsWord(t)
		for c := range score {
			score[c] += math.Log(alpha) - m.logZ0
		}
		for _, k := range cs {
			score[k.Class] += math.Log(float64(k.N)+alpha) - m.logZ[k.Class] - (math.Log(alpha) - m.logZ0)
		}
	}
	if !known || len(score) < 2 {
		return Guess{}
	}
	best, second := top2(score)
	sum := 0.0
	for _, s := range score {
		sum += math.Exp(s - score[best])
	}
	return Guess{Class: m.Classes[best], Posterior: 1 / sum, Words: m.deciding(tokens, best, second)}
}

func top2(score []float64) (best, second int) {
	best, second = 0, 1
	if score[1] > score[0] {
		best, second = 1, 0
	}
	for c := 2; c < len(score); c++ {
		switch {
		case score[c] > score[best]:
			best, second = c, best
		case score[c] > score[second]:
			second = c
		}
	}
	return best, second
}

// maxWords is how many deciding words a guess names.
const maxWords = 5

// deciding returns the words whose counts favour class a over class b
// most, strongest first.
func (m *Model) deciding(tokens []string, a, b int) []string {
	weight := map[string]float64{}
	for _, t := range tokens {
		if !IsWord(t) {
			continue
		}
		if cs, ok := m.Vocab[t]; ok {
			weight[t] += m.logP(cs, a) - m.logP(cs, b)
		}
	}
	var words []string
	for w, x := range weight {
		if x > 0 {
			words = append(words, w)
		}
	}
	sort.Slice(words, func(i, j int) bool {
		if weight[words[i]] != weight[words[j]] {
			return weight[words[i]] > weight[words[j]]
		}
		return words[i] < words[j]
	})
	if len(words) > maxWords {
		words = words[:maxWords]
	}
	return words
}

func (m *Model) logP(cs []Count, c int) float64 {
	n := 0
	for _, k := range cs {
		if k.Class == c {
			n = k.N
		}
	}
	if n == 0 {
		return math.Log(alpha) - m.logZ0
	}
	return math.Log(float64(n)+alpha) - m.logZ[c]
}

// Encode writes the model as text: the classes on the first line, their
// document counts on the second, then one line per token, sorted: the token
// and its "class:count" pairs. It compresses well and diffs readably.
func (m *Model) Encode() string {
	var b strings.Builder
	b.WriteString(strings.Join(m.Classes, " "))
	b.WriteByte('\n')
	for i, n := range m.Docs {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(strconv.Itoa(n))
	}
	b.WriteByte('\n')
	toks := make([]string, 0, len(m.Vocab))
	for t := range m.Vocab {
		toks = append(toks, t)
	}
	sort.Strings(toks)
	for _, t := range toks {
		b.WriteString(t)
		for _, k := range m.Vocab[t] {
			b.WriteByte(' ')
			b.WriteString(strconv.Itoa(k.Class))
			b.WriteByte(':')
			b.WriteString(strconv.Itoa(k.N))
		}
		b.WriteByte('\n')
	}
	return b.String()
}

// Decode reads a model written by Encode; ok is false when s is malformed.
func Decode(s string) (m *Model, ok bool) {
	lines := strings.Split(strings.TrimSuffix(s, "\n"), "\n")
	if len(lines) < 2 {
		return nil, false
	}
	m = &Model{Classes: strings.Fields(lines[0]), Vocab: map[string][]Count{}}
	for _, f := range strings.Fields(lines[1]) {
		n, err := strconv.Atoi(f)
		if err != nil {
			return nil, false
		}
		m.Docs = append(m.Docs, n)
	}
	if len(m.Docs) != len(m.Classes) {
		return nil, false
	}
	for _, line := range lines[2:] {
		fs := strings.Fields(line)
		if len(fs) < 2 {
			return nil, false
		}
		for _, p := range fs[1:] {
			cs, ns, found := strings.Cut(p, ":")
			c, err1 := strconv.Atoi(cs)
			n, err2 := strconv.Atoi(ns)
			if !found || err1 != nil || err2 != nil || c < 0 || c >= len(m.Classes) {
				return nil, false
			}
			m.Vocab[fs[0]] = append(m.Vocab[fs[0]], Count{c, n})
		}
	}
	m.prepare()
	return m, true
}
