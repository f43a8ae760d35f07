// Copyright ©2026 The causal Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package identify_test

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"strconv"
	"testing"

	"github.com/markovcat/causal/identify"
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
