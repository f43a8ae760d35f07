package diagram_test

import (
	"testing"

	"github.com/markovcat/causal/diagram"
	"github.com/markovcat/causal/internal/diagramtest"
	"pgregory.net/rapid"
)

// shuffle returns d with its wires renumbered and its nodes listed in a
// random order, rebuilt through diagram.New.
func shuffle(t *rapid.T, d diagram.Diagram) diagram.Diagram {
	n := d.NumWires()
	perm := rapid.Permutation(seq(n)).Draw(t, "wire permutation")
	wires := make([]diagram.Type, n)
	for w := 0; w < n; w++ {
		wires[perm[w]] = d.WireType(w)
	}
	nodes := d.Nodes()
	for i := range nodes {
		nodes[i].In = rename(nodes[i].In, perm)
		nodes[i].Out = rename(nodes[i].Out, perm)
	}
	nodes = rapid.Permutation(nodes).Draw(t, "node order")
	e, err := diagram.New(wires, rename(d.Inputs(), perm), rename(d.Outputs(), perm), nodes)
	if err != nil {
		t.Fatalf("New on a shuffled diagram: %v", err)
	}
	return e
}

func rename(ws, perm []int) []int {
	out := make([]int, len(ws))
	for i, w := range ws {
		out[i] = perm[w]
	}
	return out
}

func seq(n int) []int {
	s := make([]int, n)
	for i := range s {
		s[i] = i
	}
	return s
}

func TestEqualReflexiveSymmetric(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		a := diagramtest.AnyDiagram().Draw(t, "a")
		b := diagramtest.DiagramDepth(a.In(), a.Out(), 2).Draw(t, "b")
		if !diagram.Equal(a, a) {
			t.Fatalf("Equal(a, a) is false for\n%v", a)
		}
		if diagram.Equal(a, b) != diagram.Equal(b, a) {
			t.Fatalf("Equal(a, b) is %v but Equal(b, a) is not\na:\n%v\nb:\n%v", diagram.Equal(a, b), a, b)
		}
	})
}

func TestEqualShuffleInvariant(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		a := diagramtest.AnyDiagram().Draw(t, "a")
		b := shuffle(t, a)
		mustEqual(t, "shuffled", a, b)
		if got, want := b.Canonical().String(), a.Canonical().String(); got != want {
			t.Fatalf("canonical text of shuffled diagram:\n%s\nwant:\n%s", got, want)
		}
	})
}

func TestCanonicalIdempotent(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		a := diagramtest.AnyDiagram().Draw(t, "a")
		c := a.Canonical()
		if got, want := c.Canonical().String(), c.String(); got != want {
			t.Fatalf("canonical form of canonical form:\n%s\nwant:\n%s", got, want)
		}
		mustEqual(t, "canonical", a, c)
	})
}

// TestEqualMatchesIsomorphism compares Equal with a brute-force search for
// an isomorphism between the pruned hypergraphs.
func TestEqualMatchesIsomorphism(t *testing.T) {
	equalCount := 0
	rapid.Check(t, func(t *rapid.T) {
		in := diagramtest.Types(2).Draw(t, "in")
		out := diagramtest.Types(2).Draw(t, "out")
		a := diagramtest.DiagramDepth(in, out, 2).Draw(t, "a")
		var b diagram.Diagram
		if rapid.Bool().Draw(t, "related") {
			b = shuffle(t, diagram.Then(diagram.Id(in...), a, diagram.Tensor(diagram.Id(out...), diagram.Tensor())))
		} else {
			b = diagramtest.DiagramDepth(in, out, 2).Draw(t, "b")
		}
		pa, pb := prune(a), prune(b)
		if len(pa.nodes) > 6 || len(pb.nodes) > 6 {
			t.Skip("too many nodes for brute force")
		}
		want := isomorphic(pa, pb)
		if got := diagram.Equal(a, b); got != want {
			t.Fatalf("Equal = %v, isomorphism search = %v\na:\n%v\nb:\n%v", got, want, a, b)
		}
		if want {
			equalCount++
		}
	})
	if equalCount == 0 {
		t.Errorf("no equal pair was generated")
	}
}

// hypergraph is a diagram read through the public hypergraph view.
type hypergraph struct {
	types   []diagram.Type
	inputs  []int
	outputs []int
	nodes   []diagram.Node
}

// prune removes nodes none of whose outputs is used, until none is left,
// by repeated scans rather than the reachability search of Prune.
func prune(d diagram.Diagram) hypergraph {
	h := hypergraph{types: make([]diagram.Type, d.NumWires()), inputs: d.Inputs(), outputs: d.Outputs(), nodes: d.Nodes()}
	for w := range h.types {
		h.types[w] = d.WireType(w)
	}
	for changed := true; changed; {
		changed = false
		used := make(map[int]bool)
		for _, w := range h.outputs {
			used[w] = true
		}
		for _, n := range h.nodes {
			for _, w := range n.In {
				used[w] = true
			}
		}
		for i, n := range h.nodes {
			if !anyUsed(n.Out, used) {
				h.nodes = append(h.nodes[:i:i], h.nodes[i+1:]...)
				changed = true
				break
			}
		}
	}
	return h
}

func anyUsed(ws []int, used map[int]bool) bool {
	for _, w := range ws {
		if used[w] {
			return true
		}
	}
	return false
}

// isomorphic tries every bijection between the nodes of a and b.
func isomorphic(a, b hypergraph) bool {
	if len(a.nodes) != len(b.nodes) || len(a.inputs) != len(b.inputs) || len(a.outputs) != len(b.outputs) {
		return false
	}
	perm := seq(len(a.nodes))
	for {
		if matches(a, b, perm) {
			return true
		}
		if !nextPermutation(perm) {
			return false
		}
	}
}

// matches reports whether mapping node i of a to node perm[i] of b, and
// inputs to inputs, is an isomorphism.
func matches(a, b hypergraph, perm []int) bool {
	wire := make(map[int]int)
	bind := func(x, y int) bool {
		if z, ok := wire[x]; ok {
			return z == y
		}
		wire[x] = y
		return a.types[x].Equal(b.types[y])
	}
	for i := range a.inputs {
		if !bind(a.inputs[i], b.inputs[i]) {
			return false
		}
	}
	for i, n := range a.nodes {
		m := b.nodes[perm[i]]
		if n.Kind != m.Kind || n.Box.Name != m.Box.Name || len(n.Out) != len(m.Out) || len(n.In) != len(m.In) {
			return false
		}
		for k := range n.Out {
			if !bind(n.Out[k], m.Out[k]) {
				return false
			}
		}
	}
	for i, n := range a.nodes {
		m := b.nodes[perm[i]]
		for k := range n.In {
			if y, ok := wire[n.In[k]]; !ok || y != m.In[k] {
				return false
			}
		}
	}
	for i := range a.outputs {
		if y, ok := wire[a.outputs[i]]; !ok || y != b.outputs[i] {
			return false
		}
	}
	return injective(wire)
}

func injective(m map[int]int) bool {
	seen := make(map[int]bool)
	for _, y := range m {
		if seen[y] {
			return false
		}
		seen[y] = true
	}
	return true
}

// nextPermutation advances p to the next permutation in lexical order and
// reports false after the last one.
func nextPermutation(p []int) bool {
	i := len(p) - 2
	for i >= 0 && p[i] >= p[i+1] {
		i--
	}
	if i < 0 {
		return false
	}
	j := len(p) - 1
	for p[j] <= p[i] {
		j--
	}
	p[i], p[j] = p[j], p[i]
	for l, r := i+1, len(p)-1; l < r; l, r = l+1, r-1 {
		p[l], p[r] = p[r], p[l]
	}
	return true
}

func TestSubstituteInContext(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		f, _, h := drawChain(t)
		c := diagramtest.Types(2).Draw(t, "c")
		out := diagramtest.Types(2).Draw(t, "box out")
		box := diagramtest.Box(f.Out(), out).Draw(t, "box")
		r := diagramtest.DiagramDepth(box.In, box.Out, 2).Draw(t, "replacement")
		after := diagramtest.DiagramDepth(append(append([]diagram.Type(nil), out...), c...), h.In(), 1).Draw(t, "after")

		d := diagram.Then(diagram.Tensor(f, diagram.Id(c...)), diagram.Tensor(diagram.Gen(box), diagram.Id(c...)), after, h)
		got := d.Substitute(f.NumNodes(), r)
		want := diagram.Then(diagram.Tensor(f, diagram.Id(c...)), diagram.Tensor(r, diagram.Id(c...)), after, h)
		mustEqual(t, "substitute in context", got, want)
	})
}

func TestSubstituteSameBox(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		d := diagramtest.AnyDiagram().Draw(t, "d")
		if d.NumNodes() == 0 {
			t.Skip("no nodes")
		}
		i := rapid.IntRange(0, d.NumNodes()-1).Draw(t, "node")
		n := d.Node(i)
		var r diagram.Diagram
		if n.Kind == diagram.UniformNode {
			r = diagram.Uniform(n.Box.Out[0])
		} else {
			r = diagram.Gen(n.Box)
		}
		mustEqual(t, "substitute a node by itself", d.Substitute(i, r), d)
	})
}

func TestThenTypeMismatch(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		f := diagramtest.AnyDiagram().Draw(t, "f")
		g := diagramtest.AnyDiagram().Draw(t, "g")
		err := diagram.Maybe(func() { diagram.Then(f, g) })
		if diagram.EqualTypes(f.Out(), g.In()) {
			if err != nil {
				t.Fatalf("Then of matching types: %v", err)
			}
			return
		}
		e, ok := err.(*diagram.TypeError)
		if !ok {
			t.Fatalf("Then of %v and %v: got error %v, want *TypeError", f.Out(), g.In(), err)
		}
		if !diagram.EqualTypes(e.Left, f.Out()) || !diagram.EqualTypes(e.Right, g.In()) {
			t.Fatalf("TypeError lists %v and %v, want %v and %v", e.Left, e.Right, f.Out(), g.In())
		}
	})
}

func TestNewRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		d := diagramtest.AnyDiagram().Draw(t, "d")
		wires := make([]diagram.Type, d.NumWires())
		for w := range wires {
			wires[w] = d.WireType(w)
		}
		e, err := diagram.New(wires, d.Inputs(), d.Outputs(), d.Nodes())
		if err != nil {
			t.Fatalf("New: %v", err)
		}
		if got, want := e.String(), d.String(); got != want {
			t.Fatalf("New rebuilt\n%s\nwant\n%s", got, want)
		}
	})
}
