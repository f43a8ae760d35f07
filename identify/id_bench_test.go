package identify_test

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"strconv"
	"testing"

	"github.com/markovcat/causal/identify"
	"github.com/markovcat/causal/scm"
)

// randomADMG returns a random ADMG over n nodes: each node has on average
// parents directed edges from earlier nodes, and each pair of nodes is joined
// by a bidirected edge with probability density.
func randomADMG(rnd *rand.Rand, n int, parents, density float64) *identify.Graph {
	g := identify.NewGraph()
	for i := range n {
		g.AddNode("V" + strconv.Itoa(i))
	}
	for j := 1; j < n; j++ {
		p := parents / float64(j)
		for i := range j {
			if rnd.Float64() < p {
				if err := g.AddEdge(g.Name(i), g.Name(j)); err != nil {
					panic(err)
				}
			}
		}
	}
	for j := range n {
		for i := range j {
			if rnd.Float64() < density {
				if err := g.AddBidirected(g.Name(i), g.Name(j)); err != nil {
					panic(err)
				}
			}
		}
	}
	return g
}

// BenchmarkID identifies P(y | do(x)) in random ADMGs with two parents per
// node on average, for y the last node and x a random proper ancestor of y.
func BenchmarkID(b *testing.B) {
	for _, n := range []int{20, 50, 100} {
		for _, density := range []float64{0.05, 0.1, 0.2} {
			b.Run(fmt.Sprintf("n=%d/bidirected=%.2f", n, density), func(b *testing.B) {
				const graphs = 20
				rnd := rand.New(rand.NewPCG(uint64(n), uint64(density*100)))
				gs := make([]*identify.Graph, graphs)
				xs := make([]int, graphs)
				for i := range gs {
					for {
						gs[i] = randomADMG(rnd, n, 2, density)
						an := gs[i].Ancestors([]int{n - 1})
						if len(an) > 1 {
							xs[i] = an[rnd.IntN(len(an)-1)]
							break
						}
					}
				}
				identified, size := 0, 0
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					g := gs[i%graphs]
					e, err := identify.ID(g, []int{n - 1}, []int{xs[i%graphs]})
					var ni *identify.NotIdentifiableError
					switch {
					case err == nil:
						identified++
						size = max(size, e.Size())
					case errors.As(err, &ni):
					default:
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(identified)/float64(b.N), "identified/op")
				b.ReportMetric(float64(size), "max-size")
			})
		}
	}
}

// modelOf returns a model with graph g: binary observed variables named as
// in g, one binary latent parent per bidirected edge, and random tables.
func modelOf(rnd *rand.Rand, g *identify.Graph) (*scm.Model, error) {
	b := scm.NewBuilder()
	parents := make([][]string, g.NumNodes())
	for v := range g.NumNodes() {
		if err := b.AddVariable(g.Name(v), "0", "1"); err != nil {
			return nil, err
		}
		for _, p := range g.Parents(v) {
			parents[v] = append(parents[v], g.Name(p))
		}
	}
	var latents []string
	for i, e := range g.BidirectedEdges() {
		u := "U" + strconv.Itoa(i)
		if err := b.AddVariable(u, "0", "1"); err != nil {
			return nil, err
		}
		latents = append(latents, u)
		parents[e[0]] = append(parents[e[0]], u)
		parents[e[1]] = append(parents[e[1]], u)
	}
	if err := b.SetLatent(latents...); err != nil {
		return nil, err
	}
	randomTable := func(rows int) []float64 {
		table := make([]float64, 2*rows)
		for r := range rows {
			p := 0.05 + 0.9*rnd.Float64()
			table[2*r], table[2*r+1] = p, 1-p
		}
		return table
	}
	for v := range g.NumNodes() {
		if err := b.SetCPT(g.Name(v), parents[v], randomTable(1<<len(parents[v]))); err != nil {
			return nil, err
		}
	}
	for _, u := range latents {
		if err := b.SetCPT(u, nil, randomTable(1)); err != nil {
			return nil, err
		}
	}
	return b.Build()
}

// BenchmarkEvaluate evaluates identified effects P(y | do(x)) on the observed
// marginal of random models, computed by exact inference (ModelLaw).
func BenchmarkEvaluate(b *testing.B) {
	for _, n := range []int{20, 50} {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			rnd := rand.New(rand.NewPCG(uint64(n), 7))
			type job struct {
				e   *identify.Estimand
				law identify.Law
			}
			var jobs []job
			for len(jobs) < 10 {
				g := randomADMG(rnd, n, 1.5, 0.05)
				an := g.Ancestors([]int{n - 1})
				if len(an) < 2 {
					continue
				}
				e, err := identify.ID(g, []int{n - 1}, []int{an[rnd.IntN(len(an)-1)]})
				if err != nil {
					continue
				}
				m, err := modelOf(rnd, g)
				if err != nil {
					b.Fatal(err)
				}
				jobs = append(jobs, job{e, identify.ModelLaw(m)})
			}
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				j := jobs[i%len(jobs)]
				if _, err := identify.Evaluate(j.e, j.law, nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkIDFrontDoorChain identifies P(Y | do(X)) in a chain of front doors
// of 1,000 nodes, whose estimand simplifies sums of many factors.
func BenchmarkIDFrontDoorChain(b *testing.B) {
	g := frontDoorChain(b, 1000)
	y, x := nodes(b, g, "Y"), nodes(b, g, "X")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := identify.ID(g, y, x); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkIDCManyEvidence identifies a conditional query with 999 evidence
// variables in a random graph of 1,000 nodes.
func BenchmarkIDCManyEvidence(b *testing.B) {
	g, y, z := manyEvidenceGraph()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := identify.IDC(g, y, nil, z); err != nil {
			b.Fatal(err)
		}
	}
}
