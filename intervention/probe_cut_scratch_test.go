package intervention_test

import (
	"fmt"
	"testing"

	"github.com/markovcat/causal/diagram"
	"github.com/markovcat/causal/intervention"
	"github.com/markovcat/causal/stochastic"
)

func TestProbeCut(t *testing.T) {
	x := diagram.NewType("X", "0", "1")
	y := diagram.NewType("Y", "0", "1", "2")
	f := diagram.Box{Name: "f", Out: []diagram.Type{x}}
	g := diagram.Box{Name: "g", In: []diagram.Type{x}, Out: []diagram.Type{y}}
	// f used twice
	d := diagram.Tensor(diagram.Gen(f), diagram.Gen(f))
	c, err := intervention.CutUniform(d, "f")
	fmt.Println("twice:", c, err)
	c, err = intervention.CutUniform(d, "f", "f")
	fmt.Println("twice listed twice:", err)
	// same name, different types
	f2 := diagram.Box{Name: "f", Out: []diagram.Type{y}}
	d2 := diagram.Tensor(diagram.Gen(f), diagram.Gen(f2))
	c, err = intervention.CutUniform(d2, "f")
	fmt.Println("same name diff types:", c, err)
	c, err = intervention.Cut(d2, "f", diagram.Uniform(y))
	fmt.Println("same name diff types, Cut y:", c, err)
	// missing
	_, err = intervention.CutUniform(diagram.Diagram{}, "f")
	fmt.Println("empty:", err)
	_, err = intervention.CutUniform(diagram.Gen(g), "h")
	fmt.Println("missing:", err)
	// box g with inputs used twice in sequence? g: X->Y; chain f ; g
	d3 := diagram.Then(diagram.Gen(f), diagram.Copy(x, 2), diagram.Tensor(diagram.Gen(g), diagram.Gen(g)))
	c, err = intervention.CutUniform(d3, "g")
	fmt.Println("g twice:", c, err)
	fc, _ := stochastic.NewState([]diagram.Type{x}, []float64{0.9, 0.1})
	gc, _ := stochastic.New([]diagram.Type{x}, []diagram.Type{y}, []float64{0.8, 0.1, 0.1, 0.4, 0.3, 0.3})
	interp := stochastic.Map{"f": fc, "g": gc}
	cs, in, err := intervention.CutState(d3, interp, "g", stochastic.Point(y, 2))
	fmt.Println("cutstate g twice:", cs, err)
	if err == nil {
		j, err := stochastic.Interpret(cs, in)
		fmt.Println(j, err)
	}
	// ReadChannel with empty do
	dd := diagram.Then(diagram.Gen(f), diagram.Copy(x, 2), diagram.Tensor(diagram.Id(x), diagram.Gen(g)))
	ch, err := intervention.ReadChannel(dd, interp, nil, []int{1})
	fmt.Println("empty do:", ch, err)
	ch, err = intervention.ReadChannel(dd, interp, []int{0}, nil)
	fmt.Println("empty targets:", ch, err)
	ch, err = intervention.ReadChannel(dd, interp, []int{0}, []int{0})
	fmt.Println("overlap:", ch, err)
	ch, err = intervention.ReadChannel(dd, interp, []int{5}, []int{0})
	fmt.Println("range:", ch, err)
	ch, err = intervention.ReadChannel(diagram.Gen(g), interp, []int{0}, []int{0})
	fmt.Println("inputs:", ch, err)
	// ReadChannel on uncut diagram: observational conditional
	ch, err = intervention.ReadChannel(dd, nil, []int{0}, []int{1})
	fmt.Println("nil interp:", ch, err)
	_, _, err = intervention.CutState(dd, interp, "g", stochastic.Point(x, 1))
	fmt.Println("wrong state type:", err)
	_, _, err = intervention.CutState(dd, interp, "g", gc)
	fmt.Println("state with inputs:", err)
	_, err = intervention.Cut(dd, "g", diagram.Gen(g))
	fmt.Println("state contains g:", err)
	_, err = intervention.Cut(dd, "f", diagram.Discard(x))
	fmt.Println("state discard:", err)
}
