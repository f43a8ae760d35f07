package diagram_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/markovcat/causal/diagram"
)

var (
	typeA = diagram.NewType("A", "a0", "a1")
	typeB = diagram.NewType("B", "b0", "b1", "b2")
	typeC = diagram.NewType("C", "c0", "c1")

	boxF = diagram.Box{Name: "f", In: []diagram.Type{typeA}, Out: []diagram.Type{typeB}}
	boxG = diagram.Box{Name: "g", In: []diagram.Type{typeB}, Out: []diagram.Type{typeC}}
	boxH = diagram.Box{Name: "h", In: []diagram.Type{typeA, typeB}, Out: []diagram.Type{typeC}}
	boxP = diagram.Box{Name: "p", Out: []diagram.Type{typeA}}
)

func types(ts ...diagram.Type) []diagram.Type { return ts }

func lines(ls ...string) string { return strings.Join(ls, "\n") }

func TestConstructorsText(t *testing.T) {
	f, g, h := diagram.Gen(boxF), diagram.Gen(boxG), diagram.Gen(boxH)
	tests := []struct {
		name string
		d    diagram.Diagram
		want string
	}{
		{"empty", diagram.Tensor(), lines("in ()", "out ()")},
		{"zero value", diagram.Diagram{}, lines("in ()", "out ()")},
		{"identity", diagram.Id(typeA, typeB), lines("in w0:A, w1:B", "out w0, w1")},
		{"box", f, lines("in w0:A", "f(w0) -> w1:B", "out w1")},
		{"state", diagram.Gen(boxP), lines("in ()", "p() -> w0:A", "out w0")},
		{"uniform", diagram.Uniform(typeA), lines("in ()", "uniform -> w0:A", "out w0")},
		{"copy", diagram.Copy(typeA, 3), lines("in w0:A", "out w0, w0, w0")},
		{"copy 0", diagram.Copy(typeA, 0), lines("in w0:A", "out ()", "discard w0")},
		{"discard", diagram.Discard(typeA, typeB), lines("in w0:A, w1:B", "out ()", "discard w0, w1")},
		{"swap", diagram.Swap(types(typeA), types(typeB, typeC)), lines("in w0:A, w1:B, w2:C", "out w1, w2, w0")},
		{"permute", diagram.Permute(types(typeA, typeB, typeC), []int{2, 0, 1}), lines("in w0:A, w1:B, w2:C", "out w2, w0, w1")},
		{"select", diagram.Select(types(typeA, typeB), []int{1, 1}), lines("in w0:A, w1:B", "out w1, w1", "discard w0")},
		{"then", diagram.Then(f, g), lines("in w0:A", "f(w0) -> w1:B", "g(w1) -> w2:C", "out w2")},
		{"then three", diagram.Then(diagram.Copy(typeA, 2), diagram.Tensor(diagram.Id(typeA), f), h),
			lines("in w0:A", "f(w0) -> w1:B", "h(w0, w1) -> w2:C", "out w2")},
		{"tensor", diagram.Tensor(f, g), lines("in w0:A, w2:B", "f(w0) -> w1:B", "g(w2) -> w3:C", "out w1, w3")},
		{"discarded box", diagram.Then(f, diagram.Discard(typeB)), lines("in w0:A", "f(w0) -> w1:B", "out ()", "discard w1")},
		{"quoted name", diagram.Gen(diagram.Box{Name: "x y", Out: types(typeA)}), lines("in ()", `"x y"() -> w0:A`, "out w0")},
	}
	for _, test := range tests {
		t.Run(test.name, func(t *testing.T) {
			if got := test.d.String(); got != test.want {
				t.Errorf("String() =\n%s\nwant\n%s", got, test.want)
			}
		})
	}
}

func TestHypergraphView(t *testing.T) {
	// A ⊗ A -> C ⊗ C: copy input 0, apply f to one copy, then h, and output
	// the result twice; input 1 is discarded.
	d := diagram.Then(
		diagram.Tensor(diagram.Copy(typeA, 2), diagram.Discard(typeA)),
		diagram.Tensor(diagram.Id(typeA), diagram.Gen(boxF)),
		diagram.Gen(boxH),
		diagram.Copy(typeC, 2),
	)
	if got, want := d.In(), types(typeA, typeA); !diagram.EqualTypes(got, want) {
		t.Errorf("In() = %v, want %v", got, want)
	}
	if got, want := d.Out(), types(typeC, typeC); !diagram.EqualTypes(got, want) {
		t.Errorf("Out() = %v, want %v", got, want)
	}
	if got := d.NumWires(); got != 4 {
		t.Errorf("NumWires() = %d, want 4", got)
	}

	in, out := d.Inputs(), d.Outputs()
	if len(in) != 2 || in[0] == in[1] {
		t.Fatalf("Inputs() = %v, want two distinct wires", in)
	}
	if len(out) != 2 || out[0] != out[1] {
		t.Fatalf("Outputs() = %v, want one wire twice", out)
	}

	nodes := d.Nodes()
	if len(nodes) != 2 || nodes[0].Box.Name != "f" || nodes[1].Box.Name != "h" {
		t.Fatalf("Nodes() = %v, want f then h", nodes)
	}
	if nodes[0].In[0] != in[0] || nodes[1].In[0] != in[0] || nodes[1].In[1] != nodes[0].Out[0] {
		t.Errorf("nodes are wired wrongly: inputs %v, nodes %v", in, nodes)
	}
	if nodes[1].Out[0] != out[0] {
		t.Errorf("output wire %d is not the output of h %v", out[0], nodes[1].Out)
	}
	if got := d.WireType(nodes[0].Out[0]); !got.Equal(typeB) {
		t.Errorf("WireType of f's output = %v, want B", got)
	}
	if got := d.Uses(); got[in[1]] != 0 || got[in[0]] != 2 || got[out[0]] != 2 {
		t.Errorf("Uses() = %v, want 2 for input 0, 0 for input 1, 2 for the output", got)
	}
}

func TestAccessorsCopy(t *testing.T) {
	d := diagram.Then(diagram.Gen(boxF), diagram.Copy(typeB, 2))
	d.Inputs()[0] = 7
	d.Outputs()[0] = 7
	n := d.Nodes()
	n[0].In[0] = 7
	n[0].Box.In[0] = typeC
	d.Node(0).Out[0] = 7
	want := lines("in w0:A", "f(w0) -> w1:B", "out w1, w1")
	if got := d.String(); got != want {
		t.Errorf("diagram changed through an accessor:\n%s\nwant\n%s", got, want)
	}
	if got := d.Node(0).Box.In[0]; !got.Equal(typeA) {
		t.Errorf("box type changed through Nodes to %v", got)
	}
}

func TestThenDoesNotAlias(t *testing.T) {
	f := diagram.Then(diagram.Gen(boxF), diagram.Copy(typeB, 2))
	before := f.String()
	_ = diagram.Then(f, diagram.Tensor(diagram.Gen(boxG), diagram.Discard(typeB)))
	_ = diagram.Then(f, diagram.Tensor(diagram.Discard(typeB), diagram.Gen(boxG)))
	if got := f.String(); got != before {
		t.Errorf("Then changed its argument:\n%s\nwant\n%s", got, before)
	}
}

func TestFindBox(t *testing.T) {
	d := diagram.Then(diagram.Gen(boxP), diagram.Copy(typeA, 2), diagram.Tensor(diagram.Gen(boxF), diagram.Gen(boxF)))
	if i, ok := d.FindBox("f"); !ok || i != 1 {
		t.Errorf("FindBox(f) = %d, %v, want 1, true", i, ok)
	}
	if i, ok := d.FindBox("q"); ok || i != -1 {
		t.Errorf("FindBox(q) = %d, %v, want -1, false", i, ok)
	}
	if got := d.FindBoxes("f"); len(got) != 2 || got[0] != 1 || got[1] != 2 {
		t.Errorf("FindBoxes(f) = %v, want [1 2]", got)
	}
	if got := d.Boxes(); len(got) != 2 || got[0].Name != "p" || got[1].Name != "f" {
		t.Errorf("Boxes() = %v, want p and f", got)
	}
	u := diagram.Uniform(typeA)
	if _, ok := u.FindBox(""); ok {
		t.Errorf("FindBox found a uniform node")
	}
}

func TestTypeErrors(t *testing.T) {
	f, g := diagram.Gen(boxF), diagram.Gen(boxG)
	tests := []struct {
		name string
		fn   func()
		want string
	}{
		{"then mismatch", func() { diagram.Then(f, f) },
			"diagram: Then: outputs of diagram 0 (B) differ from inputs of diagram 1 (A) at position 0: B{b0,b1,b2} is not A{a0,a1}"},
		{"then too few", func() { diagram.Then(f, diagram.Gen(boxH)) },
			"diagram: Then: outputs of diagram 0 (B) differ from inputs of diagram 1 (A ⊗ B) at position 0: B{b0,b1,b2} is not A{a0,a1}"},
		{"then length", func() { diagram.Then(diagram.Id(typeA, typeB), diagram.Gen(boxF)) },
			"diagram: Then: outputs of diagram 0 (A ⊗ B) differ from inputs of diagram 1 (A) at position 1: outputs of diagram 0 have 2 types, inputs of diagram 1 have 1"},
		{"then third", func() { diagram.Then(f, g, f) },
			"diagram: Then: outputs of diagram 1 (C) differ from inputs of diagram 2 (A) at position 0: C{c0,c1} is not A{a0,a1}"},
		{"same name", func() { diagram.Then(diagram.Id(typeA), diagram.Id(diagram.NewType("A", "x", "y"))) },
			"diagram: Then: outputs of diagram 0 (A{a0,a1}) differ from inputs of diagram 1 (A{x,y}) at position 0: A{a0,a1} is not A{x,y}"},
		{"copy negative", func() { diagram.Copy(typeA, -1) },
			"diagram: Copy: copy count -1 of type A is negative; want 0 or more"},
		{"permute repeat", func() { diagram.Permute(types(typeA, typeA), []int{1, 1}) },
			"diagram: Permute: permutation [1 1]: input 1 occurs twice"},
		{"permute range", func() { diagram.Permute(types(typeA, typeA), []int{0, 2}) },
			"diagram: Permute: permutation [0 2]: entry 1 is 2, want 0 to 1"},
		{"permute length", func() { diagram.Permute(types(typeA, typeA), []int{0}) },
			"diagram: Permute: permutation [0] has 1 entry for 2 types A ⊗ A"},
		{"select range", func() { diagram.Select(types(typeA), []int{0, -1}) },
			"diagram: Select: index 1 is -1, want 0 to 0 for 1 type A"},
		{"substitute node", func() { f.Substitute(1, f) },
			"diagram: Substitute: node 1 does not exist; the diagram has 1 node"},
		{"substitute inputs", func() { f.Substitute(0, g) },
			`diagram: Substitute: inputs of node 0 "f" (A) differ from inputs of the replacement (B) at position 0: A{a0,a1} is not B{b0,b1,b2}`},
		{"substitute outputs", func() { f.Substitute(0, diagram.Then(f, g)) },
			`diagram: Substitute: outputs of node 0 "f" (B) differ from outputs of the replacement (C) at position 0: B{b0,b1,b2} is not C{c0,c1}`},
	}
	for _, test := range tests {
		t.Run(test.name, func(t *testing.T) {
			err := diagram.Maybe(test.fn)
			var e *diagram.TypeError
			if !errors.As(err, &e) {
				t.Fatalf("got %v, want a *TypeError", err)
			}
			if got := err.Error(); got != test.want {
				t.Errorf("message\n%s\nwant\n%s", got, test.want)
			}
		})
	}
}

func TestMaybe(t *testing.T) {
	if err := diagram.Maybe(func() {}); err != nil {
		t.Errorf("Maybe of a function that returns: %v", err)
	}
	defer func() {
		if r := recover(); r != "other" {
			t.Errorf("recovered %v, want the panic value other", r)
		}
	}()
	_ = diagram.Maybe(func() { panic("other") })
	t.Errorf("Maybe swallowed a panic that is not a *TypeError")
}
