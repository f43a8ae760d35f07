package identify_test

import (
	"errors"
	"fmt"
	"log"

	"github.com/markovcat/causal/diagram"
	"github.com/markovcat/causal/identify"
	"github.com/markovcat/causal/stochastic"
)

// The front door: the effect of X on Y is identified through the mediator Z
// although X and Y share a hidden cause.
func ExampleID() {
	g, err := identify.ParseGraph("X -> Z -> Y; X <-> Y")
	if err != nil {
		log.Fatal(err)
	}
	x, _ := g.Index("X")
	y, _ := g.Index("Y")
	e, err := identify.ID(g, []int{y}, []int{x})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(e.Query(), "=", e)
	fmt.Println(e.LaTeX())
	// Output:
	// P(Y | do(X)) = Σ_{Z} P(Z | X) Σ_{X'} P(X') P(Y | X', Z)
	// \sum_{Z} P(Z \mid X) \, \sum_{X'} P(X') \, P(Y \mid X', Z)
}

// The napkin graph: the effect is a ratio of two sums over W1. W2 affects Y
// only through X, so the ratio does not depend on W2 and the estimand
// averages it over P(W2).
func ExampleID_napkin() {
	g, err := identify.ParseGraph("W1 -> W2 -> X -> Y; W1 <-> X; W1 <-> Y")
	if err != nil {
		log.Fatal(err)
	}
	x, _ := g.Index("X")
	y, _ := g.Index("Y")
	e, err := identify.ID(g, []int{y}, []int{x})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(e)
	// Output:
	// Σ_{W2} [P(W2) Σ_{W1} P(W1) P(X, Y | W1, W2)] / [Σ_{W1} P(W1) P(X | W1, W2)]
}

// A hidden common cause of X and Y makes the effect of X on Y not
// identifiable: the hedge is the pair of C-forests {X, Y} and {Y}.
func ExampleNotIdentifiableError() {
	g, err := identify.ParseGraph("X -> Y; X <-> Y")
	if err != nil {
		log.Fatal(err)
	}
	_, err = identify.ID(g, []int{1}, []int{0})
	var ni *identify.NotIdentifiableError
	if errors.As(err, &ni) {
		fmt.Println(ni.Hedge)
	}
	fmt.Println(err)
	// Output:
	// F = {X, Y}, F' = {Y}, roots {Y}
	// identify: P(Y | do(X)) is not identifiable: hedge F = {X, Y}, F' = {Y}, roots {Y}
}

// IDC first moves evidence into the intervention where do-calculus allows it.
func ExampleIDC() {
	g, err := identify.ParseGraph("X -> Z -> Y; X <-> Z")
	if err != nil {
		log.Fatal(err)
	}
	e, err := identify.IDC(g, []int{2}, []int{0}, []int{1})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(e.Query(), "=", e)
	// Output:
	// P(Y | do(X), Z) = P(Y | Z)
}

// Evaluate the front-door estimand on the joint distribution of the smoking example:
// smoking S, tar T and cancer C.
func ExampleEvaluate() {
	g, err := identify.ParseGraph("S -> T -> C; S <-> C")
	if err != nil {
		log.Fatal(err)
	}
	e, err := identify.ID(g, []int{2}, []int{0})
	if err != nil {
		log.Fatal(err)
	}
	bit := func(name string) diagram.Type { return diagram.NewType(name, "0", "1") }
	joint, err := stochastic.NewState(
		[]diagram.Type{bit("S"), bit("T"), bit("C")},
		[]float64{0.50, 0.10, 0.01, 0.02, 0.10, 0.05, 0.02, 0.20},
	)
	if err != nil {
		log.Fatal(err)
	}
	law, err := identify.NewJoint(joint)
	if err != nil {
		log.Fatal(err)
	}
	ch, err := identify.Evaluate(e, law, nil)
	if err != nil {
		log.Fatal(err)
	}
	for s := 0; s < 2; s++ {
		fmt.Printf("P(C=1 | do(S=%d)) = %.4f\n", s, ch.At(s, 1))
	}
	// Output:
	// P(C=1 | do(S=0)) = 0.2535
	// P(C=1 | do(S=1)) = 0.5423
}

func ExampleParseGraph() {
	g, err := identify.ParseGraph(`
		# a front door with a named confounder pair
		smoking -> tar -> cancer
		smoking <-> cancer
		"air quality" -> cancer
	`)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Print(g)
	_, err = identify.ParseGraph("a -> b\nb -> c -> a")
	fmt.Println(err)
	// Output:
	// smoking -> tar
	// tar -> cancer
	// "air quality" -> cancer
	// smoking <-> cancer
	// identify: graph 2:8: directed cycle a -> b -> c -> a
}
