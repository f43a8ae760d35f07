package intervention_test

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/markovcat/causal/intervention"
	"github.com/markovcat/causal/scm"
)

// BenchmarkQuery runs queries on the large benchmark networks: the marginal
// of the target without intervention, as a baseline, then do(X=x), the do(X)
// channel, evidence on a variable before X and on one after X in topological
// order, and a target that is also intervened on. X, the target and the evidence variables sit at
// fixed fractions of each network's topological order, so the set of
// queries is deterministic.
func BenchmarkQuery(b *testing.B) {
	for _, name := range []string{"andes", "link", "munin", "diabetes"} {
		path := filepath.Join(networkPath, name+".bif")
		if _, err := os.Stat(path); err != nil {
			b.Skipf("network %s not available: %v", name, err)
		}
		m, err := scm.ReadFile(path)
		if err != nil {
			b.Fatal(err)
		}
		order := m.Topological()
		at := func(f float64) scm.Term {
			v := order[int(f*float64(len(order)-1))]
			return scm.Term{Var: m.Type(v).Name, Value: m.Type(v).States[0], HasValue: true}
		}
		free := func(t scm.Term) scm.Term { return scm.Term{Var: t.Var} }
		x, y, before, after := at(0.3), at(0.9), at(0.1), at(0.6)
		queries := []*scm.Query{
			{Targets: []scm.Term{free(y)}},
			{Targets: []scm.Term{free(y)}, Do: []scm.Term{x}},
			{Targets: []scm.Term{free(y)}, Do: []scm.Term{free(x)}},
			{Targets: []scm.Term{free(y)}, Do: []scm.Term{x}, Evidence: []scm.Term{before}},
			{Targets: []scm.Term{free(y)}, Do: []scm.Term{x}, Evidence: []scm.Term{after}},
			{Targets: []scm.Term{free(y), free(x)}, Do: []scm.Term{free(x)}},
		}
		for k, q := range queries {
			b.Run(fmt.Sprintf("%s/%d", name, k), func(b *testing.B) {
				for b.Loop() {
					if _, err := intervention.Query(m, q); err != nil {
						b.Fatalf("Query(%v): %v", q, err)
					}
				}
			})
		}
	}
}
