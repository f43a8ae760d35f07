package scm

import (
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/markovcat/causal/stochastic"
)

// allNetworks lists the bnlearn networks in networksDir, smallest first.
var allNetworks = []string{
	"asia", "cancer", "earthquake", "sachs", "survey", "child", "win95pts", "hailfinder",
	"pathfinder", "insurance", "hepar2", "alarm", "barley", "munin1", "pigs", "water",
	"munin", "link", "andes", "mildew", "diabetes",
}

// benchQuery is one posterior query on a model, which may be a copy of the
// loaded model with some mechanisms replaced by point states.
type benchQuery struct {
	kind     string
	model    *Model
	targets  []int
	evidence map[int]int
}

// sampleState draws one joint state of m by ancestral sampling.
func sampleState(m *Model, rng *rand.Rand) []int {
	state := make([]int, m.NumVars())
	for _, v := range m.Topological() {
		row := 0
		for _, p := range m.parents[v] {
			row = row*m.Type(p).Size() + state[p]
		}
		u := rng.Float64()
		c := m.CPT(v)
		s := 0
		for ; s < c.Cols()-1; s++ {
			u -= c.At(row, s)
			if u < 0 {
				break
			}
		}
		state[v] = s
	}
	return state
}

// benchQueries returns a fixed set of 20 queries on m: five marginals, five
// conditionals, five hard interventions and five hard interventions with
// evidence. Evidence comes from a sampled joint state of the (intervened)
// model, so it has positive probability.
func benchQueries(tb testing.TB, m *Model, seed uint64) []benchQuery {
	rng := rand.New(rand.NewPCG(seed, 17))
	n := m.NumVars()
	var qs []benchQuery
	pickEvidence := func(mm *Model, avoid []int, k int) map[int]int {
		state := sampleState(mm, rng)
		e := map[int]int{}
		for len(e) < k {
			v := rng.IntN(n)
			if !slices.Contains(avoid, v) {
				e[v] = state[v]
			}
		}
		return e
	}
	intervene := func() (*Model, int) {
		x := rng.IntN(n)
		mx, err := m.WithMechanism(x, nil, stochastic.Point(m.Type(x), rng.IntN(m.Type(x).Size())))
		if err != nil {
			tb.Fatal(err)
		}
		return mx, x
	}
	for i := 0; i < 5; i++ {
		qs = append(qs, benchQuery{"marginal", m, []int{rng.IntN(n)}, nil})
	}
	for i := 0; i < 5; i++ {
		t := rng.IntN(n)
		qs = append(qs, benchQuery{"conditional", m, []int{t}, pickEvidence(m, []int{t}, 1+i%3)})
	}
	for i := 0; i < 5; i++ {
		mx, x := intervene()
		t := rng.IntN(n)
		for t == x {
			t = rng.IntN(n)
		}
		qs = append(qs, benchQuery{"interventional", mx, []int{t}, nil})
	}
	for i := 0; i < 5; i++ {
		mx, x := intervene()
		t := rng.IntN(n)
		for t == x {
			t = rng.IntN(n)
		}
		qs = append(qs, benchQuery{"interventional+evidence", mx, []int{t}, pickEvidence(mx, []int{t, x}, 1+i%3)})
	}
	return qs
}

// BenchmarkPosterior times the 20 queries of benchQueries on each network.
// One op is one query, taken in turn, so ns/op, B/op and allocs/op are means
// per query. median-ns/query and max-ns/query are the median and the largest
// of the queries' mean times. Run a multiple of 20 ops (-benchtime 20x) so
// that every query is timed equally often.
func BenchmarkPosterior(b *testing.B) {
	for _, name := range allNetworks {
		b.Run(name, func(b *testing.B) {
			m := loadNetwork(b, name)
			benchmarkQueries(b, benchQueries(b, m, 1))
		})
	}
}

// benchmarkQueries runs the queries of qs in turn, one per op, times each
// call, and reports the median and the largest mean time per query and the
// largest intermediate of any query. With fewer ops than queries only the
// first queries are timed.
func benchmarkQueries(b *testing.B, qs []benchQuery) {
	maxInter := 0
	for _, q := range qs {
		_, stats, err := q.model.PosteriorWith(q.targets, q.evidence, PosteriorOptions{})
		if err != nil {
			b.Fatalf("%s %v | %v: %v", q.kind, q.targets, q.evidence, err)
		}
		maxInter = max(maxInter, stats.MaxIntermediate)
	}

	total := make([]time.Duration, len(qs))
	count := make([]int, len(qs))
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		k := i % len(qs)
		q := qs[k]
		start := time.Now()
		_, err := q.model.Posterior(q.targets, q.evidence)
		total[k] += time.Since(start)
		count[k]++
		if err != nil {
			b.Fatal(err)
		}
	}

	var means []float64
	for k := range qs {
		if count[k] > 0 {
			means = append(means, float64(total[k].Nanoseconds())/float64(count[k]))
		}
	}
	slices.Sort(means)
	n := len(means)
	b.ReportMetric((means[(n-1)/2]+means[n/2])/2, "median-ns/query")
	b.ReportMetric(means[n-1], "max-ns/query")
	b.ReportMetric(float64(maxInter), "max-entries")
}
