package scm

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/markovcat/causal/stochastic"
)

// heavyQueries returns queries that keep most of the network relevant: every
// leaf observed in a sampled state, and ten sampled observations.
func heavyQueries(m *Model, seed uint64) []benchQuery {
	rng := rand.New(rand.NewPCG(seed, 5))
	n := m.NumVars()
	var qs []benchQuery
	for i := 0; i < 3; i++ {
		state := sampleState(m, rng)
		t := rng.IntN(n)
		e := map[int]int{}
		for v := 0; v < n; v++ {
			if len(m.children[v]) == 0 && v != t {
				e[v] = state[v]
			}
		}
		qs = append(qs, benchQuery{"leaves observed", m, []int{t}, e})
	}
	for i := 0; i < 5; i++ {
		state := sampleState(m, rng)
		t := rng.IntN(n)
		e := map[int]int{}
		for len(e) < min(10, n-1) {
			if v := rng.IntN(n); v != t {
				e[v] = state[v]
			}
		}
		qs = append(qs, benchQuery{"ten observed", m, []int{t}, e})
	}
	return qs
}

// BenchmarkPosteriorHeavy times the heavyQueries on each network, like
// BenchmarkPosterior: one op is one query, taken in turn. Run a multiple of 8
// ops (-benchtime 8x) so that every query is timed equally often. The largest
// munin1 query takes close to a second.
func BenchmarkPosteriorHeavy(b *testing.B) {
	for _, name := range allNetworks {
		b.Run(name, func(b *testing.B) {
			m := loadNetwork(b, name)
			benchmarkQueries(b, heavyQueries(m, 1))
		})
	}
}

// contractWholeNetwork contracts every table of m with nothing kept, which
// bounds the work of any query on m. The result is the sum of the joint
// distribution.
func contractWholeNetwork(m *Model) (float64, stochastic.Stats, error) {
	fs := make([]stochastic.Factor, m.NumVars())
	for v := range fs {
		fs[v] = m.factor(v)
	}
	r, stats, err := stochastic.Contract(fs, stochastic.ContractOptions{Name: m.varName})
	if err != nil {
		return 0, stats, err
	}
	return r.Values[0], stats, nil
}

func TestWholeNetworkContraction(t *testing.T) {
	for _, name := range smallNetworks {
		m := loadNetwork(t, name)
		sum, _, err := contractWholeNetwork(m)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if math.Abs(sum-1) > 1e-9 {
			t.Errorf("%s: sum of the joint is %v, want 1", name, sum)
		}
	}
}

// BenchmarkWholeNetwork times contractWholeNetwork on each network and
// reports the largest intermediate. It fails when the joint does not sum
// to 1.
func BenchmarkWholeNetwork(b *testing.B) {
	for _, name := range allNetworks {
		b.Run(name, func(b *testing.B) {
			m := loadNetwork(b, name)
			maxInter := 0
			for b.Loop() {
				sum, stats, err := contractWholeNetwork(m)
				if err != nil {
					b.Fatal(err)
				}
				if math.Abs(sum-1) > 1e-9 {
					b.Fatalf("sum of the joint is %v, want 1", sum)
				}
				maxInter = max(maxInter, stats.MaxIntermediate)
			}
			b.ReportMetric(float64(maxInter), "max-entries")
		})
	}
}
