package stochastic

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// gridFactors returns the factors of a rows×cols grid of binary variables, a
// random factor on every horizontal and vertical pair of neighbours.
func gridFactors(rows, cols int, rng *rand.Rand) []Factor {
	id := func(r, c int) int { return r*cols + c }
	pair := func(a, b int) Factor {
		v := make([]float64, 4)
		for i := range v {
			v[i] = rng.Float64()
		}
		return Factor{Vars: []int{a, b}, Card: []int{2, 2}, Values: v}
	}
	var fs []Factor
	for r := 0; r < rows; r++ {
		for c := 0; c < cols; c++ {
			if c+1 < cols {
				fs = append(fs, pair(id(r, c), id(r, c+1)))
			}
			if r+1 < rows {
				fs = append(fs, pair(id(r, c), id(r+1, c)))
			}
		}
	}
	return fs
}

func BenchmarkContract(b *testing.B) {
	type bench struct {
		name string
		fs   []Factor
		keep []int
	}
	var benches []bench
	for _, n := range []int{10, 50, 200} {
		benches = append(benches, bench{fmt.Sprintf("chain/wires=%d", n), gridFactors(1, n, rand.New(rand.NewPCG(1, 1))), []int{n - 1}})
	}
	for _, side := range []int{4, 8, 12} {
		benches = append(benches, bench{fmt.Sprintf("grid/wires=%d", side*side), gridFactors(side, side, rand.New(rand.NewPCG(1, 1))), []int{0}})
	}
	for _, bc := range benches {
		for _, h := range []Heuristic{MinFill, WeightedMinFill, MinSize} {
			b.Run(bc.name+"/"+h.String(), func(b *testing.B) {
				opt := ContractOptions{Keep: bc.keep, Heuristic: h, SingleHeuristic: true}
				_, stats, err := Contract(bc.fs, opt)
				if err != nil {
					b.Fatal(err)
				}
				b.ReportAllocs()
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					if _, _, err := Contract(bc.fs, opt); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(stats.MaxIntermediate), "max-entries")
			})
		}
	}
}
