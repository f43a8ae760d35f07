package diagram_test

import (
	"testing"

	"github.com/markovcat/causal/diagram"
)

func TestEqualTable(t *testing.T) {
	f, g, h := diagram.Gen(boxF), diagram.Gen(boxG), diagram.Gen(boxH)
	p := diagram.Gen(boxP)
	f2 := diagram.Gen(diagram.Box{Name: "f2", In: boxF.In, Out: boxF.Out})
	a, b := types(typeA), types(typeB)
	tests := []struct {
		name string
		x, y diagram.Diagram
		want bool
	}{
		{"swap natural", diagram.Then(diagram.Tensor(f, g), diagram.Swap(b, types(typeC))),
			diagram.Then(diagram.Swap(a, b), diagram.Tensor(g, f)), true},
		{"copy after box", diagram.Then(f, diagram.Copy(typeB, 2)),
			diagram.Then(diagram.Copy(typeA, 2), diagram.Tensor(f, f)), false},
		{"two boxes on one copied input", diagram.Then(diagram.Copy(typeA, 2), diagram.Tensor(f, f)),
			diagram.Then(diagram.Copy(typeA, 2), diagram.Tensor(f, f), diagram.Swap(b, b)), true},
		{"two boxes on two inputs", diagram.Tensor(f, f),
			diagram.Then(diagram.Tensor(f, f), diagram.Swap(b, b)), false},
		{"two states", diagram.Tensor(p, p), diagram.Then(p, diagram.Copy(typeA, 2)), false},
		{"two uniform states", diagram.Tensor(diagram.Uniform(typeA), diagram.Uniform(typeA)),
			diagram.Then(diagram.Uniform(typeA), diagram.Copy(typeA, 2)), false},
		{"uniform is not a box", diagram.Uniform(typeA), p, false},
		{"box discarded", diagram.Then(f, g, diagram.Discard(typeC)), diagram.Discard(typeA), true},
		{"state discarded", diagram.Then(p, diagram.Discard(typeA)), diagram.Tensor(), true},
		{"half discarded", diagram.Then(diagram.Copy(typeA, 2), diagram.Tensor(diagram.Id(typeA), f), h,
			diagram.Discard(typeC)), diagram.Discard(typeA), true},
		{"used twice", diagram.Then(diagram.Copy(typeA, 2), diagram.Tensor(diagram.Id(typeA), f), h),
			diagram.Then(diagram.Copy(typeA, 2), diagram.Tensor(diagram.Id(typeA), f), h), true},
		{"inputs swapped", diagram.Then(diagram.Copy(typeA, 2), diagram.Tensor(diagram.Id(typeA), f), h),
			diagram.Then(diagram.Tensor(diagram.Uniform(typeA), diagram.Id(typeA)), diagram.Tensor(diagram.Id(typeA), f), h), false},
		{"other box name", f, f2, false},
		{"same name other types", f, diagram.Gen(diagram.Box{Name: "f", In: a, Out: types(typeC)}), false},
		{"different boundary", diagram.Id(typeA), diagram.Id(typeB), false},
		{"discard order", diagram.Discard(typeA, typeB), diagram.Then(diagram.Swap(a, b), diagram.Discard(typeB, typeA)), true},
		{"discard one of two", diagram.Tensor(diagram.Discard(typeA), diagram.Id(typeA)),
			diagram.Tensor(diagram.Id(typeA), diagram.Discard(typeA)), false},
		{"copy three ways", diagram.Then(diagram.Copy(typeA, 2), diagram.Tensor(diagram.Copy(typeA, 2), diagram.Id(typeA))),
			diagram.Copy(typeA, 3), true},
	}
	for _, test := range tests {
		t.Run(test.name, func(t *testing.T) {
			if got := diagram.Equal(test.x, test.y); got != test.want {
				t.Errorf("Equal = %v, want %v\nx:\n%v\ny:\n%v", got, test.want, test.x.Canonical(), test.y.Canonical())
			}
			if got := diagram.Equal(test.y, test.x); got != test.want {
				t.Errorf("Equal with arguments swapped = %v, want %v", got, test.want)
			}
		})
	}
}

func TestCanonicalText(t *testing.T) {
	// Only the second f feeds g. The state p, the first input and the first
	// f are discarded, so the canonical form drops them.
	f, g := diagram.Gen(boxF), diagram.Gen(boxG)
	d := diagram.Then(
		diagram.Tensor(diagram.Discard(typeA), diagram.Gen(boxP), diagram.Id(typeA)),
		diagram.Tensor(f, f),
		diagram.Tensor(diagram.Discard(typeB), g),
	)
	want := lines("in w0:A, w1:A", "f(w1) -> w2:B", "g(w2) -> w3:C", "out w3", "discard w0")
	if got := d.Canonical().String(); got != want {
		t.Errorf("Canonical() =\n%s\nwant\n%s", got, want)
	}
}

func TestPrune(t *testing.T) {
	f, g := diagram.Gen(boxF), diagram.Gen(boxG)
	d := diagram.Then(diagram.Copy(typeA, 2), diagram.Tensor(diagram.Then(f, g, diagram.Discard(typeC)), f))
	want := lines("in w0:A", "f(w0) -> w1:B", "out w1")
	if got := d.Prune().String(); got != want {
		t.Errorf("Prune() =\n%s\nwant\n%s", got, want)
	}
	effect := diagram.Gen(diagram.Box{Name: "e", In: types(typeA)})
	want = lines("in w0:A", "out ()", "discard w0")
	if got := effect.Prune().String(); got != want {
		t.Errorf("Prune() of a box without outputs =\n%s\nwant\n%s", got, want)
	}
}

func TestSubstitute(t *testing.T) {
	f, g := diagram.Gen(boxF), diagram.Gen(boxG)
	d := diagram.Then(diagram.Copy(typeA, 2), diagram.Tensor(f, diagram.Id(typeA)), diagram.Gen(diagram.Box{
		Name: "k", In: types(typeB, typeA), Out: types(typeB, typeC)}), diagram.Tensor(g, diagram.Id(typeC)))
	tests := []struct {
		name string
		node int
		r    diagram.Diagram
		want diagram.Diagram
	}{
		{"by a chain", 0, diagram.Then(diagram.Tensor(diagram.Id(typeA), diagram.Gen(boxP)),
			diagram.Tensor(diagram.Id(typeA), diagram.Discard(typeA)), f), d},
		{"by its input", 1, diagram.Then(diagram.Select(types(typeB, typeA), []int{0}), diagram.Tensor(
			diagram.Id(typeB), diagram.Uniform(typeC))),
			diagram.Then(diagram.Copy(typeA, 2), diagram.Tensor(f, diagram.Discard(typeA)), diagram.Tensor(g, diagram.Uniform(typeC)))},
		{"by a state", 0, diagram.Then(diagram.Discard(typeA), diagram.Gen(diagram.Box{Name: "q", Out: types(typeB)})),
			diagram.Then(diagram.Tensor(diagram.Gen(diagram.Box{Name: "q", Out: types(typeB)}), diagram.Id(typeA)),
				diagram.Gen(diagram.Box{Name: "k", In: types(typeB, typeA), Out: types(typeB, typeC)}), diagram.Tensor(g, diagram.Id(typeC)))},
	}
	for _, test := range tests {
		t.Run(test.name, func(t *testing.T) {
			got := d.Substitute(test.node, test.r)
			if !diagram.Equal(got, test.want) {
				t.Errorf("Substitute gave\n%v\nwant\n%v", got.Canonical(), test.want.Canonical())
			}
		})
	}
}

func TestSubstituteCopiedOutput(t *testing.T) {
	// The replacement copies its input to both outputs, and the node's first
	// output was itself copied.
	k := diagram.Box{Name: "k", In: types(typeA), Out: types(typeA, typeA)}
	d := diagram.Then(diagram.Gen(k), diagram.Tensor(diagram.Copy(typeA, 2), diagram.Id(typeA)))
	got := d.Substitute(0, diagram.Copy(typeA, 2))
	want := lines("in w0:A", "out w0, w0, w0")
	if got.String() != want {
		t.Errorf("Substitute gave\n%v\nwant\n%s", got, want)
	}
}

func TestNewInvalid(t *testing.T) {
	b := diagram.Box{Name: "f", In: types(typeA), Out: types(typeA)}
	node := func(in, out int) diagram.Node {
		return diagram.Node{Kind: diagram.BoxNode, Box: b, In: []int{in}, Out: []int{out}}
	}
	tests := []struct {
		name    string
		wires   []diagram.Type
		in, out []int
		nodes   []diagram.Node
		want    string
	}{
		{"input twice", types(typeA), []int{0, 0}, nil, nil,
			"diagram: New: wire 0 has two sources, input 0 and input 1"},
		{"no source", types(typeA, typeA), []int{0}, []int{1}, nil,
			"diagram: New: wire 1 has no source; every wire must be an input or a node output"},
		{"output range", types(typeA), []int{0}, []int{3}, nil,
			"diagram: New: output 0 names wire 3, want 0 to 0"},
		{"node range", types(typeA), []int{0}, nil, []diagram.Node{node(0, 4)},
			"diagram: New: node 0 names wire 4, want 0 to 0"},
		{"wrong type", types(typeA, typeB), []int{0}, nil, []diagram.Node{node(0, 1)},
			`diagram: New: box outputs of node 0 "f" (A) differ from its output wires (B) at position 0: A{a0,a1} is not B{b0,b1,b2}`},
		{"self loop", types(typeA), nil, nil, []diagram.Node{node(0, 0)},
			`diagram: New: node 0 "f" reads its own output wire 0`},
		{"cycle", types(typeA, typeA), nil, nil, []diagram.Node{node(0, 1), node(1, 0)},
			`diagram: New: nodes 0 "f", 1 "f" form a cycle; a diagram must be acyclic`},
		{"bad uniform", types(typeA), []int{0}, nil, []diagram.Node{{Kind: diagram.UniformNode, In: []int{0}}},
			"diagram: New: uniform node 0 has 1 inputs and 0 outputs, want 0 and 1"},
	}
	for _, test := range tests {
		t.Run(test.name, func(t *testing.T) {
			_, err := diagram.New(test.wires, test.in, test.out, test.nodes)
			if err == nil || err.Error() != test.want {
				t.Errorf("New error = %v, want %s", err, test.want)
			}
		})
	}
}

func TestNewSortsNodes(t *testing.T) {
	b := diagram.Box{Name: "f", In: types(typeA), Out: types(typeA)}
	c := diagram.Box{Name: "g", In: types(typeA), Out: types(typeA)}
	nodes := []diagram.Node{
		{Kind: diagram.BoxNode, Box: c, In: []int{1}, Out: []int{2}},
		{Kind: diagram.BoxNode, Box: b, In: []int{0}, Out: []int{1}},
	}
	d, err := diagram.New(types(typeA, typeA, typeA), []int{0}, []int{2}, nodes)
	if err != nil {
		t.Fatal(err)
	}
	want := lines("in w0:A", "f(w0) -> w1:A", "g(w1) -> w2:A", "out w2")
	if got := d.String(); got != want {
		t.Errorf("New gave\n%s\nwant\n%s", got, want)
	}
}
