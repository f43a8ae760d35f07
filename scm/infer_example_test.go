package scm_test

import (
	"fmt"

	"github.com/markovcat/causal/scm"
	"github.com/markovcat/causal/stochastic"
)

// Posterior conditions on evidence by variable elimination. By hand:
// P(wet) = 0.8·0.1 + 0.2·0.8 = 0.24, so P(rain=yes | wet) = 0.16/0.24 = 2/3.
// Replacing the mechanism of grass by a point state (do(grass=wet)) cuts the
// influence of the evidence on rain, which keeps its prior 0.2.
func ExampleModel_Posterior() {
	b := scm.NewBuilder()
	b.AddVariable("rain", "no", "yes")
	b.AddVariable("grass", "dry", "wet")
	b.SetCPT("rain", nil, []float64{0.8, 0.2})
	b.SetCPT("grass", []string{"rain"}, []float64{
		0.9, 0.1, // rain=no
		0.2, 0.8, // rain=yes
	})
	m, err := b.Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	rain, _ := m.Index("rain")
	grass, _ := m.Index("grass")

	seen, err := m.Posterior([]int{rain}, map[int]int{grass: 1})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("P(rain=yes | grass=wet)     = %.4f\n", seen.At(0, 1))

	done, err := m.WithMechanism(grass, nil, stochastic.Point(m.Type(grass), 1))
	if err != nil {
		fmt.Println(err)
		return
	}
	cut, err := done.Posterior([]int{rain}, map[int]int{grass: 1})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("P(rain=yes | do(grass=wet)) = %.4f\n", cut.At(0, 1))
	// Output:
	// P(rain=yes | grass=wet)     = 0.6667
	// P(rain=yes | do(grass=wet)) = 0.2000
}
