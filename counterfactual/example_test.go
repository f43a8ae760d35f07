package counterfactual_test

import (
	"fmt"
	"log"

	"github.com/markovcat/causal/counterfactual"
	"github.com/markovcat/causal/scm"
)

// firingSquad builds Pearl's firing squad: a court order U makes the
// captain C signal, the signal makes riflemen A and B shoot, and either shot
// kills the prisoner D.
func firingSquad() *counterfactual.Model {
	bin := []string{"0", "1"}
	b := counterfactual.NewBuilder()
	same := func(x []int) int { return x[0] }
	either := func(x []int) int { return max(x[0], x[1]) }
	for _, err := range []error{
		b.AddExogenous("U", bin, []float64{0.5, 0.5}),
		b.AddFunction("C", bin, []string{"U"}, same),
		b.AddFunction("A", bin, []string{"C"}, same),
		b.AddFunction("B", bin, []string{"C"}, same),
		b.AddFunction("D", bin, []string{"A", "B"}, either),
	} {
		if err != nil {
			log.Fatal(err)
		}
	}
	m, err := b.Build()
	if err != nil {
		log.Fatal(err)
	}
	return m
}

func ExampleModel_Query() {
	m := firingSquad()

	// Given that the prisoner is dead, would he be alive had rifleman A
	// not shot?
	q, err := scm.ParseQuery("P(D_{A=0}=0 | D=1)")
	if err != nil {
		log.Fatal(err)
	}
	a, err := m.Query(q)
	if err != nil {
		log.Fatal(err)
	}
	p, err := a.Probability()
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(a.Targets[0].Name, p, p.Method)
	// Output:
	// D_{A=0} 0 twin network
}

func ExampleModel_TwinDiagram() {
	m := firingSquad()
	q, err := scm.ParseQuery("P(D_{A=0}=0 | D=1)")
	if err != nil {
		log.Fatal(err)
	}
	d, _, err := m.TwinDiagram(q)
	if err != nil {
		log.Fatal(err)
	}
	// U, C and B are shared by both worlds; A and D have a copy in each.
	// Two more boxes test the evidence D=1.
	counts := make(map[string]int)
	for _, n := range d.Nodes() {
		counts[n.Box.Name]++
	}
	fmt.Println(counts)
	// Output:
	// map[A:1 B:1 C:1 D:2 U:1 [D=1]:1 do(A=0):1]
}

func ExampleQuery_bounds() {
	// A model with a stochastic table: it fixes P(Y | X), and with no
	// confounding P(Y | do(X)), but not how each unit responds.
	b := scm.NewBuilder()
	for _, v := range []string{"X", "Y"} {
		if err := b.AddVariable(v, "0", "1"); err != nil {
			log.Fatal(err)
		}
	}
	if err := b.SetCPT("X", nil, []float64{0.4, 0.6}); err != nil {
		log.Fatal(err)
	}
	if err := b.SetCPT("Y", []string{"X"}, []float64{0.7, 0.3, 0.2, 0.8}); err != nil {
		log.Fatal(err)
	}
	m, err := b.Build()
	if err != nil {
		log.Fatal(err)
	}

	q, err := scm.ParseQuery("P(Y_{X=1}=1, Y_{X=0}=0)")
	if err != nil {
		log.Fatal(err)
	}
	a, err := counterfactual.Query(m, q)
	if err != nil {
		log.Fatal(err)
	}
	p, err := a.Probability()
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("exact: %v\nlower: %.4f\nupper: %.4f\n", a.Exact, p.Lower, p.Upper)
	// Output:
	// exact: false
	// lower: 0.5000
	// upper: 0.7000
}

func ExamplePNBounds() {
	// Observational P(X, Y), with index 1 for the treatment x and the
	// outcome y, and the experimental P(y | do(x')) and P(y | do(x)).
	d := counterfactual.CausationData{
		Joint:          [2][2]float64{{0.4, 0.1}, {0.2, 0.3}},
		Interventional: &[2]float64{0.2, 0.5},
	}
	pn, err := counterfactual.PNBounds(d)
	if err != nil {
		log.Fatal(err)
	}
	ps, err := counterfactual.PSBounds(d)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("PN in [%.4f, %.4f]\nPS in [%.4f, %.4f]\n", pn.Lower, pn.Upper, ps.Lower, ps.Upper)
	// Output:
	// PN in [0.6667, 1.0000]
	// PS in [0.2500, 0.5000]
}

func ExamplePNS() {
	// A functional model: Y = X xor U with P(U=1) = 0.2, so X causes Y
	// exactly when U = 0.
	bin := []string{"0", "1"}
	fb := counterfactual.NewBuilder()
	for _, err := range []error{
		fb.AddExogenous("U", bin, []float64{0.8, 0.2}),
		fb.AddExogenous("X", bin, []float64{0.5, 0.5}),
		fb.AddFunction("Y", bin, []string{"X", "U"}, func(x []int) int { return x[0] ^ x[1] }),
	} {
		if err != nil {
			log.Fatal(err)
		}
	}
	fm, err := fb.Build()
	if err != nil {
		log.Fatal(err)
	}
	m, err := fm.SCM()
	if err != nil {
		log.Fatal(err)
	}
	pns, err := counterfactual.PNS(m, counterfactual.Causation{X: "X", XState: "1", Y: "Y", YState: "1"})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(pns)
	// Output:
	// 0.8
}
