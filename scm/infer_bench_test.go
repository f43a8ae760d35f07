package scm

import (
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"sort"
	"testing"
	"time"

	"github.com/markovcat/causal/stochastic"
)

// allNetworks lists the networks of the shared folder, smallest first.
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

func BenchmarkPosterior(b *testing.B) {
	for _, name := range allNetworks {
		b.Run(name, func(b *testing.B) {
			m := loadNetwork(b, name)
			qs := benchQueries(b, m, 1)
			maxInter := 0
			for _, q := range qs {
				_, stats, err := q.model.PosteriorWith(q.targets, q.evidence, PosteriorOptions{})
				if err != nil {
					b.Fatalf("%s %v | %v: %v", q.kind, q.targets, q.evidence, err)
				}
				maxInter = max(maxInter, stats.MaxIntermediate)
			}
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				q := qs[i%len(qs)]
				if _, err := q.model.Posterior(q.targets, q.evidence); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(maxInter), "max-entries")
		})
	}
}

// TestPosteriorQueryTimes prints, per network, the median and the largest time
// of the benchmark queries. It runs only when CAUSAL_TIMINGS is set.
func TestPosteriorQueryTimes(t *testing.T) {
	if os.Getenv("CAUSAL_TIMINGS") == "" {
		t.Skip("set CAUSAL_TIMINGS=1 to print query times")
	}
	for _, name := range allNetworks {
		m := loadNetwork(t, name)
		qs := benchQueries(t, m, 1)
		var times []time.Duration
		maxInter := 0
		for _, q := range qs {
			_, stats, err := q.model.PosteriorWith(q.targets, q.evidence, PosteriorOptions{})
			if err != nil {
				t.Fatalf("%s: %s %v | %v: %v", name, q.kind, q.targets, q.evidence, err)
			}
			maxInter = max(maxInter, stats.MaxIntermediate)
			// Repeat each query to time it above the clock's resolution.
			reps := 1
			for {
				start := time.Now()
				for r := 0; r < reps; r++ {
					q.model.Posterior(q.targets, q.evidence)
				}
				el := time.Since(start)
				if el > 20*time.Millisecond || reps >= 1<<16 {
					times = append(times, el/time.Duration(reps))
					break
				}
				reps *= 4
			}
		}
		sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
		median := (times[len(times)/2-1] + times[len(times)/2]) / 2
		fmt.Printf("%-12s median %10v  max %10v  max-entries %d\n", name, median, times[len(times)-1], maxInter)
	}
}
