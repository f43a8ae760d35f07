package scm

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"github.com/markovcat/causal/stochastic"
)

// inferTol is the tolerance for comparing exact posteriors.
const inferTol = 1e-9

// loadNetwork reads the bnlearn network name from networksDir, skipping the
// test when the file is absent.
func loadNetwork(tb testing.TB, name string) *Model {
	tb.Helper()
	path := filepath.Join(networksDir, name+".bif")
	if _, err := os.Stat(path); err != nil {
		tb.Skipf("network %s not available: %v", name, err)
	}
	m, err := ReadFile(path)
	if err != nil {
		tb.Fatalf("reading %s: %v", path, err)
	}
	return m
}

// bruteJoint enumerates every assignment of every variable and returns the
// joint probability of each, in big-endian order over the variables 0..n-1,
// as the product of the table entries (truncated factorisation on a model
// whose mechanisms were replaced).
func bruteJoint(m *Model) []float64 {
	n := m.NumVars()
	card := make([]int, n)
	size := 1
	for i := range card {
		card[i] = m.Type(i).Size()
		size *= card[i]
	}
	joint := make([]float64, size)
	state := make([]int, n)
	for idx := range joint {
		rem := idx
		for i := n - 1; i >= 0; i-- {
			state[i] = rem % card[i]
			rem /= card[i]
		}
		p := 1.0
		for i := 0; i < n; i++ {
			row := 0
			for _, q := range m.Parents(i) {
				row = row*card[q] + state[q]
			}
			p *= m.CPT(i).At(row, state[i])
		}
		joint[idx] = p
	}
	return joint
}

// bruteMarginals returns P(v | evidence) for every variable v from the joint,
// and false when the evidence has probability zero.
func bruteMarginals(m *Model, joint []float64, evidence map[int]int) ([][]float64, bool) {
	n := m.NumVars()
	card := make([]int, n)
	out := make([][]float64, n)
	for i := range card {
		card[i] = m.Type(i).Size()
		out[i] = make([]float64, card[i])
	}
	state := make([]int, n)
	total := 0.0
	for _, p := range joint {
		ok := true
		for v, s := range evidence {
			if state[v] != s {
				ok = false
				break
			}
		}
		if ok {
			for v, s := range state {
				out[v][s] += p
			}
			total += p
		}
		for i := n - 1; i >= 0; i-- {
			state[i]++
			if state[i] < card[i] {
				break
			}
			state[i] = 0
		}
	}
	if total == 0 {
		return nil, false
	}
	for _, dist := range out {
		for i := range dist {
			dist[i] /= total
		}
	}
	return out, true
}

// evidenceSets returns the empty evidence, every single observation, and some
// random pairs and triples drawn with a fixed seed.
func evidenceSets(m *Model, rng *rand.Rand) []map[int]int {
	n := m.NumVars()
	sets := []map[int]int{{}}
	for v := 0; v < n; v++ {
		for s := 0; s < m.Type(v).Size(); s++ {
			sets = append(sets, map[int]int{v: s})
		}
	}
	for k := 0; k < 20 && n >= 3; k++ {
		e := map[int]int{}
		for len(e) < 2+k%2 {
			v := rng.IntN(n)
			e[v] = rng.IntN(m.Type(v).Size())
		}
		sets = append(sets, e)
	}
	return sets
}

// checkAgainstBrute compares Posterior with enumeration for every single target
// and every evidence set of evidenceSets.
func checkAgainstBrute(t *testing.T, m *Model, label string, rng *rand.Rand) {
	t.Helper()
	joint := bruteJoint(m)
	for _, e := range evidenceSets(m, rng) {
		marginals, possible := bruteMarginals(m, joint, e)
		for target := 0; target < m.NumVars(); target++ {
			var want []float64
			if possible {
				want = marginals[target]
			}
			for _, h := range []stochastic.Heuristic{stochastic.MinFill, stochastic.WeightedMinFill} {
				got, _, err := m.PosteriorWith([]int{target}, e, PosteriorOptions{Heuristic: h})
				if !possible {
					var zp *stochastic.ZeroProbabilityError
					if !errors.As(err, &zp) {
						t.Fatalf("%s: P(%s | %v) with %v: got error %v, want a *ZeroProbabilityError", label, m.varName(target), e, h, err)
					}
					continue
				}
				if err != nil {
					t.Fatalf("%s: P(%s | %v) with %v: %v", label, m.varName(target), e, h, err)
				}
				for s := range want {
					if g := got.At(0, s); math.Abs(g-want[s]) > inferTol {
						t.Fatalf("%s: P(%s=%d | %v) with %v: got %.12f, want %.12f", label, m.varName(target), s, e, h, g, want[s])
					}
				}
			}
		}
	}
}

var smallNetworks = []string{"asia", "cancer", "earthquake", "sachs", "survey"}

func TestPosteriorMatchesEnumeration(t *testing.T) {
	for _, name := range smallNetworks {
		t.Run(name, func(t *testing.T) {
			m := loadNetwork(t, name)
			checkAgainstBrute(t, m, name, rand.New(rand.NewPCG(1, 2)))
		})
	}
}

func TestPosteriorInterventionMatchesEnumeration(t *testing.T) {
	for _, name := range smallNetworks {
		t.Run(name, func(t *testing.T) {
			m := loadNetwork(t, name)
			rng := rand.New(rand.NewPCG(3, 4))
			// Hard interventions do(X=x) on a few variables, one and two at a
			// time, and a soft intervention by a full-support state.
			for k := 0; k < 4; k++ {
				x := rng.IntN(m.NumVars())
				s := rng.IntN(m.Type(x).Size())
				mx, err := m.WithMechanism(x, nil, stochastic.Point(m.Type(x), s))
				if err != nil {
					t.Fatal(err)
				}
				checkAgainstBrute(t, mx, name+" do one", rng)
				y := rng.IntN(m.NumVars())
				if y == x {
					continue
				}
				mxy, err := mx.WithMechanism(y, nil, stochastic.Point(m.Type(y), rng.IntN(m.Type(y).Size())))
				if err != nil {
					t.Fatal(err)
				}
				checkAgainstBrute(t, mxy, name+" do two", rng)
			}
			x := rng.IntN(m.NumVars())
			p := make([]float64, m.Type(x).Size())
			for i := range p {
				p[i] = 1 / float64(len(p))
			}
			st, err := stochastic.NewState(m.Types([]int{x}), p)
			if err != nil {
				t.Fatal(err)
			}
			mx, err := m.WithMechanism(x, nil, st)
			if err != nil {
				t.Fatal(err)
			}
			checkAgainstBrute(t, mx, name+" soft", rng)
		})
	}
}

func TestPosteriorJointTargets(t *testing.T) {
	m := loadNetwork(t, "asia")
	joint := bruteJoint(m)
	// P(t1, t2 | e) from enumeration, against Posterior over the pair; the
	// second target of the last case is also observed.
	cases := []struct {
		targets  []int
		evidence map[int]int
	}{
		{[]int{0, 7}, nil},
		{[]int{7, 2}, map[int]int{1: 0}},
		{[]int{3, 5}, map[int]int{6: 1, 0: 0}},
		{[]int{4, 6}, map[int]int{6: 1}},
	}
	for _, c := range cases {
		got, err := m.Posterior(c.targets, c.evidence)
		if err != nil {
			t.Fatal(err)
		}
		c0, c1 := m.Type(c.targets[0]).Size(), m.Type(c.targets[1]).Size()
		for a := 0; a < c0; a++ {
			for b := 0; b < c1; b++ {
				e := map[int]int{c.targets[0]: a, c.targets[1]: b}
				conflict := false
				for v, s := range c.evidence {
					if es, ok := e[v]; ok && es != s {
						conflict = true
					}
					e[v] = s
				}
				want := 0.0
				if !conflict {
					want = bruteProb(m, joint, e) / bruteProb(m, joint, c.evidence)
				}
				if g := got.At(0, a*c1+b); math.Abs(g-want) > inferTol {
					t.Errorf("P(%v=%d,%d | %v): got %.12f, want %.12f", c.targets, a, b, c.evidence, g, want)
				}
			}
		}
	}
}

// bruteProb returns the probability of the event e from the joint.
func bruteProb(m *Model, joint []float64, e map[int]int) float64 {
	n := m.NumVars()
	card := make([]int, n)
	for i := range card {
		card[i] = m.Type(i).Size()
	}
	state := make([]int, n)
	total := 0.0
	for idx, p := range joint {
		rem := idx
		for i := n - 1; i >= 0; i-- {
			state[i] = rem % card[i]
			rem /= card[i]
		}
		ok := true
		for v, s := range e {
			if state[v] != s {
				ok = false
				break
			}
		}
		if ok {
			total += p
		}
	}
	return total
}

func TestPosteriorZeroEvidence(t *testing.T) {
	m := loadNetwork(t, "asia")
	either, _ := m.Index("either")
	lung, _ := m.Index("lung")
	tub, _ := m.Index("tub")
	// either is the deterministic OR of lung and tub: either=no with lung=yes is
	// impossible. The state indices follow the file: yes is 0, no is 1.
	_, err := m.Posterior([]int{tub}, map[int]int{either: 1, lung: 0})
	var zp *stochastic.ZeroProbabilityError
	if !errors.As(err, &zp) {
		t.Fatalf("got error %v, want a *ZeroProbabilityError", err)
	}
	if zp.Event != "lung=yes, either=no" && zp.Event != "either=no, lung=yes" {
		t.Errorf("got event %q, want one naming lung=yes and either=no", zp.Event)
	}
}

func TestPosteriorZeroEvidenceInOtherPart(t *testing.T) {
	// The impossible evidence is d-separated from the target, so the engine
	// splits it off; it must still report it.
	m := loadNetwork(t, "asia")
	asia, _ := m.Index("asia")
	either, _ := m.Index("either")
	lung, _ := m.Index("lung")
	tub, _ := m.Index("tub")
	mt, err := m.WithMechanism(tub, nil, stochastic.Point(m.Type(tub), 0))
	if err != nil {
		t.Fatal(err)
	}
	_, err = mt.Posterior([]int{asia}, map[int]int{either: 1, lung: 1})
	var zp *stochastic.ZeroProbabilityError
	if !errors.As(err, &zp) {
		t.Fatalf("got error %v, want a *ZeroProbabilityError", err)
	}
}

func TestPosteriorInvalidQuery(t *testing.T) {
	m := loadNetwork(t, "asia")
	tests := []struct {
		name     string
		targets  []int
		evidence map[int]int
	}{
		{"target out of range", []int{8}, nil},
		{"negative target", []int{-1}, nil},
		{"repeated target", []int{1, 1}, nil},
		{"evidence variable", []int{0}, map[int]int{9: 0}},
		{"evidence state", []int{0}, map[int]int{1: 2}},
	}
	for _, test := range tests {
		t.Run(test.name, func(t *testing.T) {
			if _, err := m.Posterior(test.targets, test.evidence); err == nil {
				t.Error("got no error")
			}
		})
	}
}

func TestPosteriorSizeLimit(t *testing.T) {
	m := loadNetwork(t, "alarm")
	// The joint of 8 alarm variables has more than 16 entries.
	_, _, err := m.PosteriorWith([]int{0, 1, 2, 3, 4, 5, 6, 7}, nil, PosteriorOptions{SizeLimit: 16})
	var se *stochastic.SizeLimitError
	if !errors.As(err, &se) {
		t.Fatalf("got error %v, want a *SizeLimitError", err)
	}
	if len(se.Vars) == 0 || se.Limit != 16 {
		t.Errorf("got %+v, want variables named and limit 16", se)
	}
}

func TestPosteriorHeuristicsAgree(t *testing.T) {
	// Heavy queries (most of the network relevant) only where they are fast.
	heavy := map[string]bool{
		"child": true, "insurance": true, "alarm": true, "hailfinder": true, "win95pts": true,
		"hepar2": true, "water": true, "pigs": true, "andes": true, "pathfinder": true, "mildew": true,
	}
	for _, name := range allNetworks {
		t.Run(name, func(t *testing.T) {
			m := loadNetwork(t, name)
			qs := benchQueries(t, m, 7)
			if heavy[name] {
				qs = append(qs, heavyQueries(m, 7)...)
			}
			for _, q := range qs {
				a, _, err := q.model.PosteriorWith(q.targets, q.evidence, PosteriorOptions{Heuristic: stochastic.MinFill, SingleHeuristic: true})
				if err != nil {
					t.Fatalf("%s %v | %v: %v", q.kind, q.targets, q.evidence, err)
				}
				b, _, err := q.model.PosteriorWith(q.targets, q.evidence, PosteriorOptions{Heuristic: stochastic.WeightedMinFill, SingleHeuristic: true})
				if err != nil {
					t.Fatalf("%s %v | %v: %v", q.kind, q.targets, q.evidence, err)
				}
				for j := 0; j < a.Cols(); j++ {
					if math.Abs(a.At(0, j)-b.At(0, j)) > inferTol {
						t.Fatalf("%s %v | %v: min-fill gives %v, weighted min-fill %v", q.kind, q.targets, q.evidence, a.Row(0), b.Row(0))
					}
				}
			}
		})
	}
}

func TestPosteriorTinyEvidence(t *testing.T) {
	// A hidden Markov chain H0 -> H1 -> ... -> H399 with an observed child Oi
	// of each Hi, where P(Oi=1 | Hi) is 0.001 or 0.002. Observing every Oi=1
	// has probability below 1e-1000, which underflows float64 unless the
	// engine rescales. The expected P(H0 | evidence) comes from a backward
	// pass normalised at every step.
	const n = 400
	transition := [2][2]float64{{0.9, 0.1}, {0.2, 0.8}}
	emission := [2]float64{0.001, 0.002} // P(Oi=1 | Hi)
	b := NewBuilder()
	for i := 0; i < n; i++ {
		if err := b.AddVariable(fmt.Sprintf("H%d", i), "0", "1"); err != nil {
			t.Fatal(err)
		}
		if err := b.AddVariable(fmt.Sprintf("O%d", i), "0", "1"); err != nil {
			t.Fatal(err)
		}
	}
	if err := b.SetCPT("H0", nil, []float64{0.5, 0.5}); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < n; i++ {
		h := fmt.Sprintf("H%d", i)
		if i > 0 {
			prev := fmt.Sprintf("H%d", i-1)
			table := []float64{transition[0][0], transition[0][1], transition[1][0], transition[1][1]}
			if err := b.SetCPT(h, []string{prev}, table); err != nil {
				t.Fatal(err)
			}
		}
		table := []float64{1 - emission[0], emission[0], 1 - emission[1], emission[1]}
		if err := b.SetCPT(fmt.Sprintf("O%d", i), []string{h}, table); err != nil {
			t.Fatal(err)
		}
	}
	m, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	evidence := map[int]int{}
	for i := 0; i < n; i++ {
		o, _ := m.Index(fmt.Sprintf("O%d", i))
		evidence[o] = 1
	}
	h0, _ := m.Index("H0")
	got, err := m.Posterior([]int{h0}, evidence)
	if err != nil {
		t.Fatal(err)
	}

	beta := [2]float64{emission[0], emission[1]}
	for i := n - 2; i >= 0; i-- {
		var next [2]float64
		for h := range next {
			next[h] = emission[h] * (transition[h][0]*beta[0] + transition[h][1]*beta[1])
		}
		sum := next[0] + next[1]
		beta = [2]float64{next[0] / sum, next[1] / sum}
	}
	want := beta[1] / (beta[0] + beta[1])
	if math.Abs(got.At(0, 1)-want) > inferTol {
		t.Errorf("P(H0=1 | O0..O399=1): got %.12f, want %.12f", got.At(0, 1), want)
	}
}
