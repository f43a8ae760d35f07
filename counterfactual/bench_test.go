package counterfactual_test

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/markovcat/causal/counterfactual"
	"github.com/markovcat/causal/scm"
	"github.com/markovcat/causal/stochastic"
)

// benchModel builds a functional model with n binary endogenous variables
// V0..V{n-1}. Each V_i has its own binary exogenous variable U_i, one or two
// endogenous parents among the three before it, and, for every fifth
// variable, a shared exogenous confounder C_{i/5} that also feeds the
// variable three places later. Mechanisms are random tables from a fixed
// seed.
func benchModel(n int) *counterfactual.Model {
	rng := rand.New(rand.NewPCG(1, uint64(n)))
	bin := []string{"0", "1"}
	b := counterfactual.NewBuilder()
	must := func(err error) {
		if err != nil {
			panic(err)
		}
	}
	for i := range n {
		if i%5 == 0 {
			p := 0.2 + 0.6*rng.Float64()
			must(b.AddExogenous(fmt.Sprintf("C%d", i/5), bin, []float64{1 - p, p}))
		}
	}
	for i := range n {
		p := 0.1 + 0.8*rng.Float64()
		u := fmt.Sprintf("U%d", i)
		must(b.AddExogenous(u, bin, []float64{1 - p, p}))
		parents := []string{u}
		if i%5 == 0 {
			parents = append(parents, fmt.Sprintf("C%d", i/5))
		}
		if i%5 == 3 {
			parents = append(parents, fmt.Sprintf("C%d", i/5))
		}
		for k := 1; k <= 3 && i-k >= 0 && len(parents) < 4; k++ {
			if k == 1 || rng.IntN(2) == 0 {
				parents = append(parents, fmt.Sprintf("V%d", i-k))
			}
		}
		table := make([]int, 1<<len(parents))
		for r := range table {
			table[r] = rng.IntN(2)
		}
		must(b.AddFunction(fmt.Sprintf("V%d", i), bin, parents, func(x []int) int {
			r := 0
			for _, s := range x {
				r = 2*r + s
			}
			return table[r]
		}))
	}
	m, err := b.Build()
	must(err)
	return m
}

// benchQuery returns a query on benchModel(n) over the given number of
// worlds (2 or 3): the last variable under interventions on a variable a
// third of the way down, given factual evidence on both.
func benchQuery(n, worlds int) *scm.Query {
	x := fmt.Sprintf("V%d", n/3)
	y := fmt.Sprintf("V%d", n-1)
	do := func(s string) []scm.Term { return []scm.Term{{Var: x, Value: s, HasValue: true}} }
	q := &scm.Query{
		Targets: []scm.Term{{Var: y, Value: "1", HasValue: true, Do: do("1")}},
		Evidence: []scm.Term{
			{Var: x, Value: "0", HasValue: true},
			{Var: y, Value: "0", HasValue: true},
		},
	}
	if worlds == 3 {
		q.Targets = append(q.Targets, scm.Term{Var: fmt.Sprintf("V%d", n-2), Do: do("0")})
	}
	return q
}

func BenchmarkTwinQuery(b *testing.B) {
	for _, n := range []int{10, 20, 30, 40} {
		for _, worlds := range []int{2, 3} {
			b.Run(fmt.Sprintf("vars=%d/worlds=%d", n, worlds), func(b *testing.B) {
				m := benchModel(n)
				q := benchQuery(n, worlds)
				var stats stochastic.Stats
				d, _, err := m.TwinDiagram(q)
				if err != nil {
					b.Fatal(err)
				}
				b.ReportAllocs()
				b.ResetTimer()
				for range b.N {
					if _, err := m.Query(q, stochastic.WithStats(&stats)); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(stats.MaxIntermediate), "max-entries")
				b.ReportMetric(float64(d.NumNodes()), "boxes")
				b.ReportMetric(float64(len(m.Exogenous())), "exogenous")
			})
		}
	}
}

func BenchmarkAbductionActionPrediction(b *testing.B) {
	for _, n := range []int{8, 10} {
		b.Run(fmt.Sprintf("vars=%d/worlds=2", n), func(b *testing.B) {
			m := benchModel(n)
			q := benchQuery(n, 2)
			b.ReportAllocs()
			for range b.N {
				if _, err := m.AbductionActionPrediction(q); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkLinearBounds(b *testing.B) {
	// X -> Y with a binary confounder Z (128 profiles), and the same with a
	// second cause M of Y and Z -> X (4096 profiles, the limit).
	build := func(withM bool) *scm.Model {
		sb := scm.NewBuilder()
		for _, v := range []string{"Z", "M", "X", "Y"} {
			if v == "M" && !withM {
				continue
			}
			if err := sb.AddVariable(v, "0", "1"); err != nil {
				b.Fatal(err)
			}
		}
		must := func(err error) {
			if err != nil {
				b.Fatal(err)
			}
		}
		must(sb.SetCPT("Z", nil, []float64{0.3, 0.7}))
		must(sb.SetCPT("X", []string{"Z"}, []float64{0.2, 0.8, 0.7, 0.3}))
		if withM {
			must(sb.SetCPT("M", nil, []float64{0.6, 0.4}))
			must(sb.SetCPT("Y", []string{"X", "Z", "M"}, []float64{
				0.9, 0.1, 0.8, 0.2, 0.7, 0.3, 0.6, 0.4, 0.5, 0.5, 0.4, 0.6, 0.3, 0.7, 0.1, 0.9}))
		} else {
			must(sb.SetCPT("Y", []string{"X", "Z"}, []float64{0.9, 0.1, 0.6, 0.4, 0.4, 0.6, 0.1, 0.9}))
		}
		m, err := sb.Build()
		must(err)
		return m
	}
	q, err := scm.ParseQuery("P(Y_{X=0}=0 | X=1, Y=1)")
	if err != nil {
		b.Fatal(err)
	}
	for _, test := range []struct {
		name  string
		withM bool
	}{{"profiles=128", false}, {"profiles=4096", true}} {
		b.Run(test.name, func(b *testing.B) {
			m := build(test.withM)
			b.ReportAllocs()
			for range b.N {
				if _, err := counterfactual.LinearBounds(m, q); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
