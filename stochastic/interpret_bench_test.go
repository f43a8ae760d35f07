package stochastic_test

import (
	"fmt"
	"testing"

	"github.com/markovcat/causal/diagram"
	"github.com/markovcat/causal/stochastic"
)

var benchBit = diagram.NewType("B", "0", "1")

var channelSink *stochastic.Channel

// benchInterpretation holds a state, a noisy copy and a two-bit mixing box
// on benchBit.
func benchInterpretation(b *testing.B) stochastic.Map {
	bits := []diagram.Type{benchBit}
	s, err := stochastic.NewState(bits, []float64{0.4, 0.6})
	if err != nil {
		b.Fatal(err)
	}
	f, err := stochastic.New(bits, bits, []float64{0.9, 0.1, 0.2, 0.8})
	if err != nil {
		b.Fatal(err)
	}
	g, err := stochastic.New([]diagram.Type{benchBit, benchBit}, []diagram.Type{benchBit, benchBit}, []float64{
		0.7, 0.1, 0.1, 0.1,
		0.1, 0.6, 0.2, 0.1,
		0.2, 0.2, 0.5, 0.1,
		0.05, 0.15, 0.3, 0.5,
	})
	if err != nil {
		b.Fatal(err)
	}
	return stochastic.Map{"s": s, "f": f, "g": g}
}

// benchChain returns n boxes f : B -> B in sequence, a diagram of n+1 wires.
func benchChain(n int) diagram.Diagram {
	f := diagram.Box{Name: "f", In: []diagram.Type{benchBit}, Out: []diagram.Type{benchBit}}
	return chain(f, n)
}

// benchGrid returns a brick wall of width w and depth h: w states, then h
// layers of two-bit boxes g on neighbouring wires, alternately starting at
// the first and the second wire.
func benchGrid(w, h int) diagram.Diagram {
	bit := []diagram.Type{benchBit}
	two := []diagram.Type{benchBit, benchBit}
	s := diagram.Gen(diagram.Box{Name: "s", Out: bit})
	g := diagram.Gen(diagram.Box{Name: "g", In: two, Out: two})

	states := make([]diagram.Diagram, w)
	for k := range states {
		states[k] = s
	}
	layers := []diagram.Diagram{diagram.Tensor(states...)}
	for layer := 0; layer < h; layer++ {
		var parts []diagram.Diagram
		k := 0
		if layer%2 == 1 {
			parts = append(parts, diagram.Id(benchBit))
			k = 1
		}
		for ; k+1 < w; k += 2 {
			parts = append(parts, g)
		}
		if k < w {
			parts = append(parts, diagram.Id(benchBit))
		}
		layers = append(layers, diagram.Tensor(parts...))
	}
	return diagram.Then(layers...)
}

func BenchmarkInterpret(b *testing.B) {
	in := benchInterpretation(b)
	type benchCase struct {
		name string
		d    diagram.Diagram
	}
	var cases []benchCase
	for _, wires := range []int{10, 50, 100, 200} {
		cases = append(cases, benchCase{fmt.Sprintf("chain/wires=%d", wires), benchChain(wires - 1)})
	}
	for _, shape := range [][2]int{{4, 2}, {4, 15}, {4, 32}, {4, 65}, {8, 27}} {
		d := benchGrid(shape[0], shape[1])
		cases = append(cases, benchCase{fmt.Sprintf("grid%dx%d/wires=%d", shape[0], shape[1], d.NumWires()), d})
	}

	for _, c := range cases {
		for _, h := range []stochastic.Heuristic{stochastic.MinFill, stochastic.MinSize} {
			b.Run(c.name+"/"+h.String(), func(b *testing.B) {
				var stats stochastic.Stats
				opts := []stochastic.Option{stochastic.WithHeuristic(h), stochastic.WithStats(&stats)}
				b.ReportAllocs()
				for b.Loop() {
					ch, err := stochastic.Interpret(c.d, in, opts...)
					if err != nil {
						b.Fatal(err)
					}
					channelSink = ch
				}
				b.ReportMetric(float64(stats.MaxIntermediate), "max-entries")
			})
		}
	}
}
