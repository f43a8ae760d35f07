package stochastic_test

import (
	"errors"
	"fmt"

	"github.com/markovcat/causal/diagram"
	"github.com/markovcat/causal/stochastic"
)

func ExampleNew() {
	rain := diagram.NewType("Rain", "no", "yes")
	wet := diagram.NewType("Wet", "no", "yes")

	// One row per input state: P(Wet | Rain=no), then P(Wet | Rain=yes).
	c, err := stochastic.New([]diagram.Type{rain}, []diagram.Type{wet}, []float64{
		0.9, 0.1,
		0.2, 0.8,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(c)

	// A row that is not a distribution is rejected with the row named.
	_, err = stochastic.New([]diagram.Type{rain}, []diagram.Type{wet}, []float64{
		0.9, 0.1,
		0.2, 0.7,
	})
	fmt.Println(err)
	// Output:
	// Rain -> Wet
	// Rain=no: 0.9000 0.1000
	// Rain=yes: 0.2000 0.8000
	// stochastic: row 1 (Rain=yes) sums to 0.9, want 1 within 1e-06
}

func ExampleThen() {
	rain := diagram.NewType("Rain", "no", "yes")
	wet := diagram.NewType("Wet", "no", "yes")
	prior, _ := stochastic.NewState([]diagram.Type{rain}, []float64{0.7, 0.3})
	wetness, _ := stochastic.New([]diagram.Type{rain}, []diagram.Type{wet}, []float64{0.9, 0.1, 0.2, 0.8})

	// The prior followed by the channel: the predicted distribution of Wet.
	fmt.Print(stochastic.Then(prior, wetness))
	// Output:
	// I -> Wet
	//  0.6900 0.3100
}

func ExampleTensor() {
	coin := diagram.NewType("Coin", "h", "t")
	die := diagram.NewType("Die", "1", "2", "3")
	c, _ := stochastic.NewState([]diagram.Type{coin}, []float64{0.5, 0.5})

	// Independent coin and die: the joint is big-endian, the die varying fastest.
	fmt.Print(stochastic.Tensor(c, stochastic.Uniform(die)))
	// Output:
	// I -> Coin ⊗ Die
	//  0.1667 0.1667 0.1667 0.1667 0.1667 0.1667
}

func ExampleChannel_Condition() {
	x := diagram.NewType("X", "0", "1")
	y := diagram.NewType("Y", "0", "1")
	joint, _ := stochastic.NewState([]diagram.Type{x, y}, []float64{0.1, 0.2, 0.3, 0.4})

	// P(X | Y=1): condition on output 1 being state 1, then keep output 0.
	post, err := joint.Condition([]int{1}, []int{1})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(post.Marginal([]int{0}))

	// An event of probability zero is an error that names it.
	sparse, _ := stochastic.NewState([]diagram.Type{x, y}, []float64{0.5, 0, 0.5, 0})
	_, err = sparse.Condition([]int{1}, []int{1})
	var zero *stochastic.ZeroProbabilityError
	fmt.Println(errors.As(err, &zero), err)
	// Output:
	// I -> X
	//  0.3333 0.6667
	// true stochastic: conditioning on Y=1 of probability 0
}

func ExampleDisintegrate() {
	x := diagram.NewType("X", "0", "1")
	y := diagram.NewType("Y", "0", "1")
	joint, _ := stochastic.NewState([]diagram.Type{x, y}, []float64{0.1, 0.2, 0.3, 0.4})

	// Split the joint along Y into P(Y) and P(X | Y).
	marginal, conditional, err := stochastic.Disintegrate(joint, []int{1})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(marginal)
	fmt.Print(conditional)
	// Output:
	// I -> Y
	//  0.4000 0.6000
	// Y -> X
	// Y=0: 0.2500 0.7500
	// Y=1: 0.3333 0.6667
}

func ExampleBayesInvert() {
	sick := diagram.NewType("Sick", "no", "yes")
	test := diagram.NewType("Test", "neg", "pos")
	prior, _ := stochastic.NewState([]diagram.Type{sick}, []float64{0.99, 0.01})
	accuracy, _ := stochastic.New([]diagram.Type{sick}, []diagram.Type{test}, []float64{
		0.95, 0.05,
		0.10, 0.90,
	})

	// The posterior P(Sick | Test): a positive test leaves sickness unlikely.
	posterior, err := stochastic.BayesInvert(accuracy, prior)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(posterior)
	// Output:
	// Test -> Sick
	// Test=neg: 0.9989 0.0011
	// Test=pos: 0.8462 0.1538
}

func ExampleInterpret() {
	s := diagram.NewType("S", "0", "1")
	t := diagram.NewType("T", "0", "1")
	smoke := diagram.Box{Name: "smoke", Out: []diagram.Type{s}}
	tar := diagram.Box{Name: "tar", In: []diagram.Type{s}, Out: []diagram.Type{t}}

	// The joint of S and T: sample S, copy it, and feed one copy to tar.
	d := diagram.Then(diagram.Gen(smoke), diagram.Copy(s, 2),
		diagram.Tensor(diagram.Id(s), diagram.Gen(tar)))

	smokeState, _ := stochastic.NewState([]diagram.Type{s}, []float64{0.5, 0.5})
	tarChannel, _ := stochastic.New([]diagram.Type{s}, []diagram.Type{t}, []float64{0.95, 0.05, 0.05, 0.95})
	joint, err := stochastic.Interpret(d, stochastic.Map{"smoke": smokeState, "tar": tarChannel})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(joint)
	// Output:
	// I -> S ⊗ T
	//  0.4750 0.0250 0.0250 0.4750
}
