package stochastic_test

import (
	"fmt"

	"github.com/markovcat/causal/stochastic"
)

// Contract sums a chain a -> b -> c down to the marginal of c without forming
// the joint over a, b and c. By hand: P(b=0) = 0.3·0.9 + 0.7·0.2 = 0.41, so
// P(c=0) = 0.41·0.5 + 0.59·0.1 = 0.264.
func ExampleContract() {
	pa := stochastic.Factor{Vars: []int{0}, Card: []int{2}, Values: []float64{0.3, 0.7}}
	pba := stochastic.Factor{Vars: []int{0, 1}, Card: []int{2, 2}, Values: []float64{0.9, 0.1, 0.2, 0.8}}
	pcb := stochastic.Factor{Vars: []int{1, 2}, Card: []int{2, 2}, Values: []float64{0.5, 0.5, 0.1, 0.9}}
	r, stats, err := stochastic.Contract([]stochastic.Factor{pa, pba, pcb}, stochastic.ContractOptions{Keep: []int{2}})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("P(c) = %.4f\n", r.Values)
	fmt.Println("largest intermediate:", stats.MaxIntermediate, "entries")
	// Output:
	// P(c) = [0.2640 0.7360]
	// largest intermediate: 2 entries
}

// A size limit turns a contraction that would need a huge tensor into an error
// naming its variables.
func ExampleSizeLimitError() {
	var fs []stochastic.Factor
	for v := 0; v < 4; v++ {
		fs = append(fs, stochastic.Factor{Vars: []int{v}, Card: []int{10}, Values: make([]float64, 10)})
	}
	names := []string{"w", "x", "y", "z"}
	_, _, err := stochastic.Contract(fs, stochastic.ContractOptions{
		Keep:      []int{0, 1, 2, 3},
		SizeLimit: 1000,
		Name:      func(v int) string { return names[v] },
	})
	fmt.Println(err)
	// Output:
	// stochastic: contraction needs an intermediate tensor of 10000 entries over w, x, y, z, more than the size limit of 1000 entries: raise the limit or query fewer variables
}
