package identify_test

import (
	"fmt"
	"testing"

	"github.com/markovcat/causal/diagram"
	"github.com/markovcat/causal/identify"
	"github.com/markovcat/causal/internal/smokingdata"
	"github.com/markovcat/causal/stochastic"
)

func TestCombProbe(t *testing.T) {
	g := frontDoorGraph(t, "S", "T", "C")
	j := smokingdata.Joint()
	for _, c := range [][3][]string{
		{{"S"}, {"S"}, {"C"}}, {{"S"}, {"T"}, {"S"}}, {{"S", "S"}, {"T"}, {"C"}}, {{}, {"T"}, {"C"}},
		{{"S"}, {"X"}, {"C"}}, {{"C"}, {"T"}, {"S"}}, {{"T"}, {"S"}, {"C"}}, {{"S"}, {"C"}, {"T"}},
	} {
		_, err := identify.CombEffect(g, j, c[0], c[1], c[2])
		fmt.Println(c, "->", err)
	}
	g2 := frontDoorGraph(t, "S", "T", "C", "W -> S")
	_, err := identify.CombEffect(g2, j, []string{"S"}, []string{"T"}, []string{"C", "W"})
	fmt.Println("W not in joint:", err)
	_, err = identify.CombEffect(nil, j, []string{"S"}, []string{"T"}, []string{"C"})
	fmt.Println("nil graph:", err)
	_, err = identify.CombEffect(g, nil, []string{"S"}, []string{"T"}, []string{"C"})
	fmt.Println("nil joint:", err)
	// zero cell in 3-state
	x := diagram.NewType("X", "a", "b", "c")
	z := diagram.NewType("Z", "0", "1")
	y := diagram.NewType("Y", "0", "1")
	p := []float64{0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0, 0, 0.1, 0.1}
	jj, err := stochastic.NewState([]diagram.Type{x, z, y}, p)
	fmt.Println(err)
	_, _, err = identify.CombDisintegrate(jj, []int{0}, []int{1}, []int{2})
	fmt.Println("zero:", err)
	_, _, err = identify.CombDisintegrate(jj, []int{0, 1}, []int{2}, []int{})
	fmt.Println("empty C:", err)
	_, _, err = identify.CombDisintegrate(jj, []int{0}, []int{1}, []int{5})
	fmt.Println("range:", err)
	_, _, err = identify.CombDisintegrate(jj, []int{0}, []int{1}, []int{1})
	fmt.Println("overlap:", err)
	comb, gg, err := identify.CombDisintegrate(jj, []int{2}, []int{1}, []int{0})
	fmt.Println("reordered:", err)
	e, err := comb.Effect(gg)
	fmt.Println(e, err)
	_, err = comb.Plug(comb.Prior)
	fmt.Println("bad plug:", err)
	fc, err := comb.Channel()
	fmt.Println(fc, err)
}
