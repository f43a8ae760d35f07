package diagram_test

import (
	"fmt"
	"os"

	"github.com/markovcat/causal/diagram"
)

// The smoking model: smoking S causes tar T, and tar causes cancer C.
var (
	smoking = diagram.NewType("S", "0", "1")
	tar     = diagram.NewType("T", "0", "1")
	cancer  = diagram.NewType("C", "0", "1")

	prior    = diagram.Box{Name: "s", Out: []diagram.Type{smoking}}
	deposits = diagram.Box{Name: "t", In: []diagram.Type{smoking}, Out: []diagram.Type{tar}}
	tumour   = diagram.Box{Name: "c", In: []diagram.Type{tar}, Out: []diagram.Type{cancer}}
)

func ExampleThen() {
	d := diagram.Then(diagram.Gen(prior), diagram.Gen(deposits), diagram.Gen(tumour))
	fmt.Println(d.In(), "->", d.Out())
	fmt.Println(d)
	// Output:
	// [] -> [C]
	// in ()
	// s() -> w0:S
	// t(w0) -> w1:T
	// c(w1) -> w2:C
	// out w2
}

func ExampleTensor() {
	d := diagram.Tensor(diagram.Gen(deposits), diagram.Id(cancer))
	fmt.Println(d.In(), "->", d.Out())
	// Output:
	// [S C] -> [T C]
}

func ExampleCopy() {
	// Keep S and T as outputs: copy each before it is used.
	d := diagram.Then(
		diagram.Gen(prior),
		diagram.Copy(smoking, 2),
		diagram.Tensor(diagram.Id(smoking), diagram.Gen(deposits)),
	)
	fmt.Println(d)
	// Output:
	// in ()
	// s() -> w0:S
	// t(w0) -> w1:T
	// out w0, w1
}

func ExampleEqual() {
	t, c := diagram.Gen(deposits), diagram.Gen(tumour)

	// Boxes side by side commute with a swap.
	left := diagram.Then(diagram.Tensor(t, c), diagram.Swap([]diagram.Type{tar}, []diagram.Type{cancer}))
	right := diagram.Then(diagram.Swap([]diagram.Type{smoking}, []diagram.Type{tar}), diagram.Tensor(c, t))
	fmt.Println(diagram.Equal(left, right))

	// Copying a sample is not sampling twice.
	once := diagram.Then(t, diagram.Copy(tar, 2))
	twice := diagram.Then(diagram.Copy(smoking, 2), diagram.Tensor(t, t))
	fmt.Println(diagram.Equal(once, twice))

	// Discarding the output of a box discards its input.
	fmt.Println(diagram.Equal(diagram.Then(t, diagram.Discard(tar)), diagram.Discard(smoking)))
	// Output:
	// true
	// false
	// true
}

func ExampleMaybe() {
	err := diagram.Maybe(func() {
		diagram.Then(diagram.Gen(prior), diagram.Gen(tumour))
	})
	fmt.Println(err)
	// Output:
	// diagram: Then: outputs of diagram 0 (S) differ from inputs of diagram 1 (T) at position 0: S{0,1} is not T{0,1}
}

func ExampleDiagram_Substitute() {
	// Surgery on T: discard its input and emit the uniform state instead.
	d := diagram.Then(diagram.Gen(prior), diagram.Gen(deposits), diagram.Gen(tumour))
	i, _ := d.FindBox("t")
	cut := d.Substitute(i, diagram.Then(diagram.Discard(smoking), diagram.Uniform(tar)))
	fmt.Println(cut)
	fmt.Println("canonical form:")
	fmt.Println(cut.Canonical())
	// Output:
	// in ()
	// s() -> w0:S
	// uniform -> w2:T
	// c(w2) -> w1:C
	// out w1
	// discard w0
	// canonical form:
	// in ()
	// uniform -> w0:T
	// c(w0) -> w1:C
	// out w1
}

func ExampleDiagram_Nodes() {
	d := diagram.Then(diagram.Gen(prior), diagram.Copy(smoking, 2), diagram.Tensor(diagram.Gen(deposits), diagram.Id(smoking)))
	for _, n := range d.Nodes() {
		fmt.Printf("%s reads wires %v and writes wires %v\n", n.Box.Name, n.In, n.Out)
	}
	fmt.Println("outputs:", d.Outputs())
	// Output:
	// s reads wires [] and writes wires [0]
	// t reads wires [0] and writes wires [1]
	// outputs: [1 0]
}

func ExampleDiagram_WriteSVG() {
	d := diagram.Then(diagram.Gen(prior), diagram.Copy(smoking, 2), diagram.Tensor(diagram.Gen(deposits), diagram.Id(smoking)))
	if err := d.WriteSVG(os.Stdout); err != nil {
		fmt.Println(err)
	}
}

func ExamplePermute() {
	// Output 0 is input 2, output 1 is input 0 and output 2 is input 1.
	d := diagram.Permute([]diagram.Type{smoking, tar, cancer}, []int{2, 0, 1})
	fmt.Println(d.Out())
	// Output:
	// [C S T]
}

func ExampleNew() {
	// The chain s then t, given as a hypergraph with the nodes out of order.
	nodes := []diagram.Node{
		{Kind: diagram.BoxNode, Box: deposits, In: []int{0}, Out: []int{1}},
		{Kind: diagram.BoxNode, Box: prior, Out: []int{0}},
	}
	d, err := diagram.New([]diagram.Type{smoking, tar}, nil, []int{1}, nodes)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(d)

	_, err = diagram.New([]diagram.Type{smoking, tar}, nil, []int{1}, nodes[:1])
	fmt.Println(err)
	// Output:
	// in ()
	// s() -> w0:S
	// t(w0) -> w1:T
	// out w1
	// diagram: New: wire 0 has no source; every wire must be an input or a node output
}

func ExampleDiagram_DOT() {
	fmt.Print(diagram.Then(diagram.Gen(prior), diagram.Gen(deposits)).DOT())
	// Output:
	// digraph diagram {
	// 	rankdir=TB;
	// 	ordering=out;
	// 	node [fontname="Helvetica", fontsize=11];
	// 	edge [fontname="Helvetica", fontsize=9, arrowhead=none];
	// 	subgraph out {
	// 		rank=sink;
	// 		out0 [shape=point, xlabel="T"];
	// 	}
	// 	n0 [shape=record, label="{s|{<o0>}}"];
	// 	n1 [shape=record, label="{{<i0>}|t|{<o0>}}"];
	// 	n0:o0:s -> n1:i0:n [label="S"];
	// 	n1:o0:s -> out0 [label="T"];
	// }
}
