package intervention_test

import (
	"fmt"
	"log"

	"github.com/markovcat/causal/diagram"
	"github.com/markovcat/causal/intervention"
	"github.com/markovcat/causal/scm"
	"github.com/markovcat/causal/stochastic"
)

// confounded returns a model in which Z causes both the treatment X and
// the outcome Y, and X causes Y.
func confounded() *scm.Model {
	b := scm.NewBuilder()
	for _, name := range []string{"Z", "X", "Y"} {
		if err := b.AddVariable(name, "0", "1"); err != nil {
			log.Fatal(err)
		}
	}
	check := func(err error) {
		if err != nil {
			log.Fatal(err)
		}
	}
	check(b.SetCPT("Z", nil, []float64{0.5, 0.5}))
	check(b.SetCPT("X", []string{"Z"}, []float64{0.9, 0.1, 0.2, 0.8}))
	check(b.SetCPT("Y", []string{"Z", "X"}, []float64{0.9, 0.1, 0.7, 0.3, 0.5, 0.5, 0.3, 0.7}))
	m, err := b.Build()
	check(err)
	return m
}

func ExampleQuery() {
	// The observational P(Y=1 | X) overstates the effect of X, because Z
	// raises both X and Y.
	m := confounded()
	for _, text := range []string{"P(Y=1 | X)", "P(Y=1 | do(X))", "P(Y=1 | do(X=1), Z=0)"} {
		q, err := scm.ParseQuery(text)
		if err != nil {
			log.Fatal(err)
		}
		a, err := intervention.Query(m, q)
		if err != nil {
			log.Fatal(err)
		}
		for _, r := range a.Rows() {
			fmt.Printf("%s: %v = %v: %.4f\n", text, r.Names, r.States, r.P)
		}
	}
	// Output:
	// P(Y=1 | X): [X Y] = [0 1]: 0.1727
	// P(Y=1 | X): [X Y] = [1 1]: 0.6556
	// P(Y=1 | do(X)): [X Y] = [0 1]: 0.3000
	// P(Y=1 | do(X)): [X Y] = [1 1]: 0.5000
	// P(Y=1 | do(X=1), Z=0): [Y] = [1]: 0.3000
}

func ExampleCutUniform() {
	x := diagram.NewType("X", "0", "1")
	y := diagram.NewType("Y", "0", "1")
	f := diagram.Box{Name: "f", Out: []diagram.Type{x}}
	g := diagram.Box{Name: "g", In: []diagram.Type{x}, Out: []diagram.Type{y}}
	// f produces X, g produces Y from X; both are outputs.
	d := diagram.Then(diagram.Gen(f), diagram.Copy(x, 2), diagram.Tensor(diagram.Id(x), diagram.Gen(g)))

	fc, _ := stochastic.NewState([]diagram.Type{x}, []float64{0.9, 0.1})
	gc, _ := stochastic.New([]diagram.Type{x}, []diagram.Type{y}, []float64{0.8, 0.2, 0.4, 0.6})
	interp := stochastic.Map{"f": fc, "g": gc}

	cut, err := intervention.CutUniform(d, "f")
	if err != nil {
		log.Fatal(err)
	}
	// P(Y | do(X)) read from the cut diagram by disintegration on X.
	c, err := intervention.ReadChannel(cut, interp, []int{0}, []int{1})
	if err != nil {
		log.Fatal(err)
	}
	for i := 0; i < c.Rows(); i++ {
		fmt.Printf("P(Y=1 | do(X=%d)) = %.2f\n", i, c.At(i, 1))
	}
	// Output:
	// P(Y=1 | do(X=0)) = 0.20
	// P(Y=1 | do(X=1)) = 0.60
}

func ExampleDo() {
	m := confounded()
	x, _ := m.Index("X")
	y, _ := m.Index("Y")
	mutilated, err := intervention.Do(m, map[int]int{x: 1})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("parents of X after do(X=1):", mutilated.Parents(x))
	p, err := mutilated.Posterior([]int{y}, nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("P(Y=1 | do(X=1)) = %.4f\n", p.At(0, 1))
	// Output:
	// parents of X after do(X=1): []
	// P(Y=1 | do(X=1)) = 0.5000
}
