package diagram_test

import (
	"io"
	"strconv"
	"testing"

	"github.com/markovcat/causal/diagram"
)

// chain returns n boxes in a row on a binary wire, each output also copied
// to the diagram outputs, as in the network diagram of a Markov chain.
func chain(n int) diagram.Diagram {
	a := diagram.NewType("A", "0", "1")
	parts := []diagram.Diagram{diagram.Gen(diagram.Box{Name: "x0", Out: types(a)})}
	var kept []diagram.Type
	for i := 1; i < n; i++ {
		box := diagram.Box{Name: "x" + strconv.Itoa(i), In: types(a), Out: types(a)}
		parts = append(parts, diagram.Tensor(diagram.Id(kept...), diagram.Copy(a, 2)))
		kept = append(kept, a)
		parts = append(parts, diagram.Tensor(diagram.Id(kept...), diagram.Gen(box)))
	}
	return diagram.Then(parts...)
}

func BenchmarkEqual(b *testing.B) {
	for _, n := range []int{10, 200} {
		x, y := chain(n), chain(n)
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			for b.Loop() {
				diagram.Equal(x, y)
			}
		})
	}
}

func BenchmarkWriteSVG(b *testing.B) {
	for _, n := range []int{10, 200} {
		d := chain(n)
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			for b.Loop() {
				if err := d.WriteSVG(io.Discard); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
