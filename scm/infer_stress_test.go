package scm

import (
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"syscall"
	"testing"
	"time"

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

// TestPosteriorHeavyQueries runs the heavy queries on every network and
// prints the largest CPU time and intermediate. It runs only when
// CAUSAL_TIMINGS is set, because munin1 alone takes about a second.
func TestPosteriorHeavyQueries(t *testing.T) {
	if os.Getenv("CAUSAL_TIMINGS") == "" {
		t.Skip("set CAUSAL_TIMINGS=1 to run the heavy queries")
	}
	for _, name := range allNetworks {
		if only := os.Getenv("CAUSAL_NET"); only != "" && only != name {
			continue
		}
		m := loadNetwork(t, name)
		var worst, worstWall time.Duration
		maxInter := 0
		for _, q := range heavyQueries(m, 1) {
			start, wall := cpuTime(), time.Now()
			_, stats, err := q.model.PosteriorWith(q.targets, q.evidence, PosteriorOptions{})
			el := cpuTime() - start
			worstWall = max(worstWall, time.Since(wall))
			if err != nil {
				t.Errorf("%s: %s %v: %v", name, q.kind, q.targets, err)
				continue
			}
			worst = max(worst, el)
			maxInter = max(maxInter, stats.MaxIntermediate)
			if wall := time.Since(wall); wall > time.Second {
				t.Errorf("%s: %s %v took %v (%v of CPU time)", name, q.kind, q.targets, wall, el)
			}
		}
		fmt.Printf("%-12s heavy max %12v CPU, %12v wall  max-entries %d\n", name, worst, worstWall, maxInter)
	}
}

// cpuTime returns the user and system CPU time of the process.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// TestWholeNetworkContraction contracts every table of each network with nothing
// kept, which must give 1, and prints the time and the largest intermediate. It
// bounds the work of any query on the network. It runs only when CAUSAL_TIMINGS
// is set.
func TestWholeNetworkContraction(t *testing.T) {
	if os.Getenv("CAUSAL_TIMINGS") == "" {
		t.Skip("set CAUSAL_TIMINGS=1 to contract whole networks")
	}
	for _, name := range allNetworks {
		if only := os.Getenv("CAUSAL_NET"); only != "" && only != name {
			continue
		}
		m := loadNetwork(t, name)
		fs := make([]stochastic.Factor, m.NumVars())
		for v := range fs {
			fs[v] = m.factor(v)
		}
		start := cpuTime()
		r, stats, err := stochastic.Contract(fs, stochastic.ContractOptions{Name: m.varName})
		el := cpuTime() - start
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if math.Abs(r.Values[0]-1) > 1e-9 {
			t.Errorf("%s: sum of the joint is %v, want 1", name, r.Values[0])
		}
		fmt.Printf("%-12s whole network %12v CPU  max-entries %d\n", name, el, stats.MaxIntermediate)
	}
}
