package diagram

import "strconv"

// Id returns the identity diagram on the tensor product ts: each input wire
// is also the output at the same position.
func Id(ts ...Type) Diagram {
	d := Diagram{wires: cloneTypes(ts)}
	d.inputs = seq(len(ts))
	d.outputs = seq(len(ts))
	return d
}

// Gen returns the diagram of one box b.
func Gen(b Box) Diagram {
	nin, nout := len(b.In), len(b.Out)
	d := Diagram{wires: make([]Type, 0, nin+nout)}
	d.wires = append(d.wires, b.In...)
	d.wires = append(d.wires, b.Out...)
	d.inputs = seq(nin)
	d.outputs = offset(seq(nout), nin)
	n := Node{Kind: BoxNode, Box: b.clone(), In: seq(nin), Out: offset(seq(nout), nin)}
	d.nodes = []Node{n}
	return d
}

// Uniform returns the uniform state on t: a diagram from the unit to t.
func Uniform(t Type) Diagram {
	n := Node{Kind: UniformNode, Box: Box{Out: []Type{t}}, Out: []int{0}}
	return Diagram{wires: []Type{t}, outputs: []int{0}, nodes: []Node{n}}
}

// Discard returns the diagram that discards the tensor product ts: its
// input wires have no use and it has no outputs.
func Discard(ts ...Type) Diagram {
	return Diagram{wires: cloneTypes(ts), inputs: seq(len(ts))}
}

// Copy returns the diagram from t to n copies of t. Copy(t, 0) is
// Discard(t) and Copy(t, 1) is Id(t). Copy panics with *TypeError when n is
// negative.
func Copy(t Type, n int) Diagram {
	if n < 0 {
		invalid("Copy", "copy count %d of type %s is negative; want 0 or more", n, t)
	}
	return Diagram{wires: []Type{t}, inputs: []int{0}, outputs: make([]int, n)}
}

// Swap returns the symmetry from a ⊗ b to b ⊗ a.
func Swap(a, b []Type) Diagram {
	perm := make([]int, 0, len(a)+len(b))
	for i := range b {
		perm = append(perm, len(a)+i)
	}
	for i := range a {
		perm = append(perm, i)
	}
	ts := append(cloneTypes(a), b...)
	return Permute(ts, perm)
}

// Permute returns the diagram on the tensor product ts whose output i is
// input perm[i]. Permute panics with *TypeError when perm is not a
// permutation of 0, ..., len(ts)-1.
func Permute(ts []Type, perm []int) Diagram {
	if len(perm) != len(ts) {
		invalid("Permute", "permutation %v has %s for %s %s", perm, plural(len(perm), "entry"), plural(len(ts), "type"), formatTypes(ts, false))
	}
	seen := make([]bool, len(ts))
	for i, p := range perm {
		if p < 0 || p >= len(ts) {
			invalid("Permute", "permutation %v: entry %d is %d, want 0 to %d", perm, i, p, len(ts)-1)
		}
		if seen[p] {
			invalid("Permute", "permutation %v: input %d occurs twice", perm, p)
		}
		seen[p] = true
	}
	return Select(ts, perm)
}

// Select returns the diagram on the tensor product ts whose output i is
// input idx[i]. An index may occur several times, which copies that input,
// or not at all, which discards it. Select panics with *TypeError when an
// index is out of range.
func Select(ts []Type, idx []int) Diagram {
	for i, p := range idx {
		if p < 0 || p >= len(ts) {
			invalid("Select", "index %d is %d, want 0 to %d for %s %s", i, p, len(ts)-1, plural(len(ts), "type"), formatTypes(ts, false))
		}
	}
	return Diagram{wires: cloneTypes(ts), inputs: seq(len(ts)), outputs: cloneInts(idx)}
}

// Then returns the sequential composition of ds in diagrammatic order:
// Then(f, g) is f followed by g, and Then() is the empty diagram. Then panics
// with *TypeError when the outputs of one diagram do not match the inputs of
// the next.
func Then(ds ...Diagram) Diagram {
	if len(ds) == 0 {
		return Diagram{}
	}
	d := ds[0].clone()
	for i := 1; i < len(ds); i++ {
		mustMatch("Then", "outputs of diagram "+strconv.Itoa(i-1), d.Out(), "inputs of diagram "+strconv.Itoa(i), ds[i].In())
		d = then(d, ds[i])
	}
	return d
}

// then glues the input wires of g to the output wires of f. The types must
// already match.
func then(f, g Diagram) Diagram {
	wire := make([]int, len(g.wires))
	for i := range wire {
		wire[i] = -1
	}
	for i, w := range g.inputs {
		wire[w] = f.outputs[i]
	}
	d := Diagram{wires: f.wires, inputs: f.inputs, nodes: f.nodes}
	for w, t := range g.wires {
		if wire[w] < 0 {
			wire[w] = len(d.wires)
			d.wires = append(d.wires, t)
		}
	}
	d.outputs = relabel(g.outputs, wire)
	for _, n := range g.nodes {
		d.nodes = append(d.nodes, relabelNode(n, wire))
	}
	return d
}

// Tensor returns the diagrams ds side by side: the inputs of the result are
// the inputs of ds in order, and likewise the outputs. Tensor() is the empty
// diagram.
func Tensor(ds ...Diagram) Diagram {
	var d Diagram
	for _, e := range ds {
		base := len(d.wires)
		d.wires = append(d.wires, e.wires...)
		d.inputs = append(d.inputs, offset(cloneInts(e.inputs), base)...)
		d.outputs = append(d.outputs, offset(cloneInts(e.outputs), base)...)
		for _, n := range e.nodes {
			n = n.clone()
			offset(n.In, base)
			offset(n.Out, base)
			d.nodes = append(d.nodes, n)
		}
	}
	return d
}

// clone returns a deep copy of d, so that appending to its slices leaves d
// unchanged.
func (d Diagram) clone() Diagram {
	e := Diagram{wires: cloneTypes(d.wires), inputs: cloneInts(d.inputs), outputs: cloneInts(d.outputs)}
	e.nodes = make([]Node, len(d.nodes))
	for i, n := range d.nodes {
		e.nodes[i] = n.clone()
	}
	return e
}

func relabelNode(n Node, wire []int) Node {
	return Node{Kind: n.Kind, Box: n.Box.clone(), In: relabel(n.In, wire), Out: relabel(n.Out, wire)}
}

// relabel returns the wires ws renamed by wire.
func relabel(ws, wire []int) []int {
	if ws == nil {
		return nil
	}
	out := make([]int, len(ws))
	for i, w := range ws {
		out[i] = wire[w]
	}
	return out
}

// seq returns 0, 1, ..., n-1.
func seq(n int) []int {
	s := make([]int, n)
	for i := range s {
		s[i] = i
	}
	return s
}

// offset adds base to every element of xs in place and returns xs.
func offset(xs []int, base int) []int {
	for i := range xs {
		xs[i] += base
	}
	return xs
}
