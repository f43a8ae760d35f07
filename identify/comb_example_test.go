package identify_test

import (
	"fmt"
	"log"

	"github.com/markovcat/causal/diagram"
	"github.com/markovcat/causal/identify"
	"github.com/markovcat/causal/stochastic"
)

// smokingJoint returns the observational joint P(S, T, C) of smoking, tar
// deposits and cancer, in big-endian order of (S, T, C).
func smokingJoint() *stochastic.Channel {
	ts := []diagram.Type{
		diagram.NewType("S", "0", "1"),
		diagram.NewType("T", "0", "1"),
		diagram.NewType("C", "0", "1"),
	}
	joint, err := stochastic.NewState(ts, []float64{0.50, 0.10, 0.01, 0.02, 0.10, 0.05, 0.02, 0.20})
	if err != nil {
		log.Fatal(err)
	}
	return joint
}

func ExampleCombEffect() {
	g, err := identify.ParseGraph("S -> T -> C; S <-> C")
	if err != nil {
		log.Fatal(err)
	}
	effect, err := identify.CombEffect(g, smokingJoint(), []string{"S"}, []string{"T"}, []string{"C"})
	if err != nil {
		log.Fatal(err)
	}
	for s := 0; s < 2; s++ {
		fmt.Printf("P(C=1 | do(S=%d)) = %.4f\n", s, effect.At(s, 1))
	}

	// With a hidden common cause of tar and cancer, comb disintegration
	// does not give the effect, and CombEffect returns an error naming the
	// path that breaks the front-door shape.
	g, err = identify.ParseGraph("S -> T -> C; S <-> C; T <-> C")
	if err != nil {
		log.Fatal(err)
	}
	_, err = identify.CombEffect(g, smokingJoint(), []string{"S"}, []string{"T"}, []string{"C"})
	fmt.Println(err)
	// Output:
	// P(C=1 | do(S=0)) = 0.2535
	// P(C=1 | do(S=1)) = 0.5423
	// identify: {T} is not a front-door set for the effect of {S} on {C}: path T <-> C violates condition 3: {S} must block every back-door path from {T} to {C}; comb disintegration applies only to graphs of front-door shape
}

func ExampleCombDisintegrate() {
	joint := smokingJoint()
	comb, g, err := identify.CombDisintegrate(joint, []int{0}, []int{1}, []int{2})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("g = P(T=1 | S): %.4f %.4f\n", g.At(0, 1), g.At(1, 1))
	fmt.Printf("comb prior P(S=1) = %.2f\n", comb.Prior.At(0, 1))

	// Plugging g back into the comb rebuilds the joint.
	rebuilt, err := comb.Plug(g)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("rebuilt joint equals the data:", stochastic.EqualApprox(rebuilt, joint, 1e-12))
	// Output:
	// g = P(T=1 | S): 0.0476 0.5946
	// comb prior P(S=1) = 0.37
	// rebuilt joint equals the data: true
}

func ExampleFrontDoorFormula() {
	effect, err := identify.FrontDoorFormula(smokingJoint(), []int{0}, []int{1}, []int{2})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("P(C=1 | do(S=1)) = %.6f\n", effect.At(1, 1))
	// Output:
	// P(C=1 | do(S=1)) = 0.542297
}
