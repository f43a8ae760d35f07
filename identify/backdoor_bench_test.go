package identify

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// benchGraph returns a random ADMG of n nodes in which every node but the
// first has up to three parents among the 50 nodes before it. It adds about
// density·n bidirected edges, each between two random nodes at most 50 apart.
func benchGraph(n int, density float64, seed uint64) *Graph {
	rng := rand.New(rand.NewPCG(seed, 3))
	g := NewGraph()
	for i := range n {
		g.AddNode(fmt.Sprintf("v%d", i))
	}
	for v := 1; v < n; v++ {
		for range 1 + rng.IntN(3) {
			p := max(0, v-1-rng.IntN(50))
			if err := g.AddEdge(g.Name(p), g.Name(v)); err != nil {
				panic(err)
			}
		}
	}
	for range int(density * float64(n)) {
		a := rng.IntN(n)
		b := min(n-1, a+1+rng.IntN(50))
		if a != b {
			if err := g.AddBidirected(g.Name(a), g.Name(b)); err != nil {
				panic(err)
			}
		}
	}
	return g
}

// benchEffect returns a treatment in the middle of g and an outcome that is a
// descendant of it, about 100 nodes further on.
func benchEffect(g *Graph) (x, y []int) {
	x = []int{g.NumNodes() / 2}
	de := g.Descendants(x)
	for _, v := range de {
		if v >= x[0]+100 {
			return x, []int{v}
		}
	}
	return x, []int{de[len(de)-1]}
}

var benchSizes = []struct {
	n       int
	density float64
}{{1000, 0}, {1000, 0.2}, {10000, 0.2}}

func BenchmarkDSeparated(b *testing.B) {
	for _, size := range benchSizes {
		g := benchGraph(size.n, size.density, 1)
		x, y := benchEffect(g)
		rng := rand.New(rand.NewPCG(2, 2))
		var z []int
		for len(z) < 20 {
			if v := rng.IntN(size.n); v != x[0] && v != y[0] {
				z = append(z, v)
			}
		}
		z = sortedSet(z)
		b.Run(fmt.Sprintf("n=%d/bidirected=%g", size.n, size.density), func(b *testing.B) {
			var sink bool
			for b.Loop() {
				sep, err := DSeparated(g, x, y, z)
				if err != nil {
					b.Fatal(err)
				}
				sink = sink != sep
			}
			_ = sink
		})
	}
}

func BenchmarkMinimalBackDoorSet(b *testing.B) {
	for _, size := range benchSizes {
		g := benchGraph(size.n, size.density, 1)
		x, y := benchEffect(g)
		b.Run(fmt.Sprintf("n=%d/bidirected=%g", size.n, size.density), func(b *testing.B) {
			var z []int
			for b.Loop() {
				var err error
				z, _, err = MinimalBackDoorSet(g, x, y)
				if err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(len(z)), "nodes/set")
		})
	}
}

func BenchmarkMinimumBackDoorSet(b *testing.B) {
	for _, size := range benchSizes {
		g := benchGraph(size.n, size.density, 1)
		x, y := benchEffect(g)
		b.Run(fmt.Sprintf("n=%d/bidirected=%g", size.n, size.density), func(b *testing.B) {
			var z []int
			for b.Loop() {
				var err error
				z, _, err = MinimumBackDoorSet(g, x, y)
				if err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(len(z)), "nodes/set")
		})
	}
}

func BenchmarkMinimalBackDoorSets(b *testing.B) {
	for _, size := range benchSizes[:2] {
		g := benchGraph(size.n, size.density, 1)
		x, y := benchEffect(g)
		b.Run(fmt.Sprintf("n=%d/bidirected=%g/limit=100", size.n, size.density), func(b *testing.B) {
			var sets [][]int
			for b.Loop() {
				var err error
				sets, err = MinimalBackDoorSets(g, x, y, 100)
				if err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(len(sets)), "sets")
		})
	}
}

func BenchmarkFindFrontDoorSet(b *testing.B) {
	for _, size := range benchSizes[:2] {
		g := benchGraph(size.n, size.density, 1)
		x, y := benchEffect(g)
		b.Run(fmt.Sprintf("n=%d/bidirected=%g", size.n, size.density), func(b *testing.B) {
			for b.Loop() {
				if _, _, err := FindFrontDoorSet(g, x, y); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
