package diagram_test

import (
	"testing"

	"github.com/markovcat/causal/diagram"
	"github.com/markovcat/causal/internal/diagramtest"
	"pgregory.net/rapid"
)

// mustEqual fails t when a and b are not Equal, showing both canonical forms.
func mustEqual(t *rapid.T, law string, a, b diagram.Diagram) {
	t.Helper()
	if !diagram.Equal(a, b) {
		t.Fatalf("%s: diagrams differ\nleft:\n%v\nright:\n%v", law, a.Canonical(), b.Canonical())
	}
}

// drawChain draws diagrams f: a -> b, g: b -> c and h: c -> d.
func drawChain(t *rapid.T) (f, g, h diagram.Diagram) {
	a := diagramtest.Types(3).Draw(t, "a")
	b := diagramtest.Types(3).Draw(t, "b")
	c := diagramtest.Types(3).Draw(t, "c")
	d := diagramtest.Types(3).Draw(t, "d")
	f = diagramtest.DiagramDepth(a, b, 2).Draw(t, "f")
	g = diagramtest.DiagramDepth(b, c, 2).Draw(t, "g")
	h = diagramtest.DiagramDepth(c, d, 2).Draw(t, "h")
	return f, g, h
}

func TestThenAssociative(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		f, g, h := drawChain(t)
		mustEqual(t, "(f;g);h = f;(g;h)", diagram.Then(diagram.Then(f, g), h), diagram.Then(f, diagram.Then(g, h)))
		mustEqual(t, "(f;g);h = Then(f, g, h)", diagram.Then(diagram.Then(f, g), h), diagram.Then(f, g, h))
	})
}

func TestTensorAssociative(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		f := diagramtest.AnyDiagram().Draw(t, "f")
		g := diagramtest.AnyDiagram().Draw(t, "g")
		h := diagramtest.AnyDiagram().Draw(t, "h")
		left := diagram.Tensor(diagram.Tensor(f, g), h)
		mustEqual(t, "(f⊗g)⊗h = f⊗(g⊗h)", left, diagram.Tensor(f, diagram.Tensor(g, h)))
		mustEqual(t, "(f⊗g)⊗h = Tensor(f, g, h)", left, diagram.Tensor(f, g, h))
	})
}

func TestUnitLaws(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		f := diagramtest.AnyDiagram().Draw(t, "f")
		mustEqual(t, "id;f = f", diagram.Then(diagram.Id(f.In()...), f), f)
		mustEqual(t, "f;id = f", diagram.Then(f, diagram.Id(f.Out()...)), f)
		mustEqual(t, "I⊗f = f", diagram.Tensor(diagram.Tensor(), f), f)
		mustEqual(t, "f⊗I = f", diagram.Tensor(f, diagram.Id()), f)
		mustEqual(t, "Then(f) = f", diagram.Then(f), f)
	})
}

func TestInterchangeLaw(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		f1, g1, _ := drawChain(t)
		f2, g2, _ := drawChain(t)
		left := diagram.Then(diagram.Tensor(f1, f2), diagram.Tensor(g1, g2))
		right := diagram.Tensor(diagram.Then(f1, g1), diagram.Then(f2, g2))
		mustEqual(t, "(f1⊗f2);(g1⊗g2) = (f1;g1)⊗(f2;g2)", left, right)
	})
}

func TestSwapInvolution(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		a := diagramtest.Types(3).Draw(t, "a")
		b := diagramtest.Types(3).Draw(t, "b")
		id := diagram.Id(append(append([]diagram.Type(nil), a...), b...)...)
		mustEqual(t, "swap;swap = id", diagram.Then(diagram.Swap(a, b), diagram.Swap(b, a)), id)
	})
}

func TestSwapNatural(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		f := diagramtest.AnyDiagram().Draw(t, "f")
		g := diagramtest.AnyDiagram().Draw(t, "g")
		left := diagram.Then(diagram.Tensor(f, g), diagram.Swap(f.Out(), g.Out()))
		right := diagram.Then(diagram.Swap(f.In(), g.In()), diagram.Tensor(g, f))
		mustEqual(t, "(f⊗g);swap = swap;(g⊗f)", left, right)
	})
}

func TestCopyLaws(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		a := diagramtest.Type().Draw(t, "a")
		cp, id, del := diagram.Copy(a, 2), diagram.Id(a), diagram.Discard(a)
		left := diagram.Then(cp, diagram.Tensor(cp, id))
		right := diagram.Then(cp, diagram.Tensor(id, cp))
		mustEqual(t, "coassociative", left, right)
		mustEqual(t, "copy 3", left, diagram.Copy(a, 3))
		mustEqual(t, "cocommutative", diagram.Then(cp, diagram.Swap([]diagram.Type{a}, []diagram.Type{a})), cp)
		mustEqual(t, "left counit", diagram.Then(cp, diagram.Tensor(del, id)), id)
		mustEqual(t, "right counit", diagram.Then(cp, diagram.Tensor(id, del)), id)
		mustEqual(t, "copy 1", diagram.Copy(a, 1), id)
		mustEqual(t, "copy 0", diagram.Copy(a, 0), del)
	})
}

func TestDiscardNatural(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		f := diagramtest.AnyDiagram().Draw(t, "f")
		mustEqual(t, "f;discard = discard", diagram.Then(f, diagram.Discard(f.Out()...)), diagram.Discard(f.In()...))
	})
}

// TestCopyNaturalForWirings checks that copy commutes with diagrams made of
// wires only, which are deterministic.
func TestCopyNaturalForWirings(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		in := diagramtest.Types(3).Draw(t, "in")
		idx := rapid.SliceOfN(rapid.IntRange(0, max(len(in)-1, 0)), 0, 3).Draw(t, "idx")
		if len(in) == 0 {
			idx = nil
		}
		w := diagram.Select(in, idx)
		left := diagram.Then(w, copyAll(w.Out()))
		right := diagram.Then(copyAll(in), diagram.Tensor(w, w))
		mustEqual(t, "w;copy = copy;(w⊗w)", left, right)
	})
}

// TestCopyNotThroughBox checks that copying the output of a box differs
// from running two instances of the box on a copied input.
func TestCopyNotThroughBox(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		in := diagramtest.Types(2).Draw(t, "in")
		out := rapid.SliceOfN(diagramtest.Type(), 1, 2).Draw(t, "out")
		f := diagram.Gen(diagramtest.Box(in, out).Draw(t, "f"))
		left := diagram.Then(f, copyAll(out))
		right := diagram.Then(copyAll(in), diagram.Tensor(f, f))
		if diagram.Equal(left, right) {
			t.Fatalf("f;copy equals copy;(f⊗f):\n%v", left.Canonical())
		}
	})
}

// copyAll returns the diagram ts -> ts ⊗ ts that copies every wire.
func copyAll(ts []diagram.Type) diagram.Diagram {
	idx := make([]int, 2*len(ts))
	for i := range ts {
		idx[i], idx[len(ts)+i] = i, i
	}
	return diagram.Select(ts, idx)
}

func TestUniformDiscarded(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		a := diagramtest.Type().Draw(t, "a")
		mustEqual(t, "uniform;discard = I", diagram.Then(diagram.Uniform(a), diagram.Discard(a)), diagram.Tensor())
	})
}
