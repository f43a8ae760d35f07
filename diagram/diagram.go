package diagram

import "strconv"

// Box is a generator: a named channel from the tensor product In to the
// tensor product Out. Two boxes are the same generator when their names and
// their type lists are equal.
type Box struct {
	Name    string
	In, Out []Type
}

// equal reports whether b and c are the same generator.
func (b Box) equal(c Box) bool {
	return b.Name == c.Name && EqualTypes(b.In, c.In) && EqualTypes(b.Out, c.Out)
}

func (b Box) clone() Box {
	return Box{Name: b.Name, In: cloneTypes(b.In), Out: cloneTypes(b.Out)}
}

// NodeKind is the kind of a node of the hypergraph.
type NodeKind int

const (
	// BoxNode is an instance of a generator Box.
	BoxNode NodeKind = iota
	// UniformNode is the uniform state on its one output wire. Its Box has
	// an empty name, no inputs and the wire's type as its one output.
	UniformNode
)

// String returns the name of the kind.
func (k NodeKind) String() string {
	switch k {
	case BoxNode:
		return "box"
	case UniformNode:
		return "uniform"
	}
	return "NodeKind(" + strconv.Itoa(int(k)) + ")"
}

// Node is a node of the hypergraph: a box whose input ports read the wires In
// and whose output ports are the sources of the wires Out.
type Node struct {
	Kind    NodeKind
	Box     Box
	In, Out []int
}

func (n Node) clone() Node {
	return Node{Kind: n.Kind, Box: n.Box.clone(), In: cloneInts(n.In), Out: cloneInts(n.Out)}
}

// Diagram is a string diagram stored as an open hypergraph. It is an
// immutable value: every operation returns a new diagram and no accessor
// exposes internal storage. The one exception is the States slice of each
// Type. Diagrams share it with the types they were built from and with the
// types they return, as the documentation of Type says.
//
// Wires are numbered 0 to NumWires()-1 and each has a type. Each wire has
// exactly one source: a diagram input or one output port of one node. A
// wire may be used any number of times, by node input ports and by diagram
// outputs. Several uses copy the wire, and no use discards it.
//
// The zero Diagram is the empty diagram from the unit to the unit.
type Diagram struct {
	wires   []Type
	inputs  []int
	outputs []int
	nodes   []Node
}

// In returns the input types of d, in order.
func (d Diagram) In() []Type {
	ts := make([]Type, len(d.inputs))
	for i, w := range d.inputs {
		ts[i] = d.wires[w]
	}
	return ts
}

// Out returns the output types of d, in order.
func (d Diagram) Out() []Type {
	ts := make([]Type, len(d.outputs))
	for i, w := range d.outputs {
		ts[i] = d.wires[w]
	}
	return ts
}

// NumWires returns the number of wires of d.
func (d Diagram) NumWires() int { return len(d.wires) }

// WireType returns the type of wire w. It panics when w is out of range.
func (d Diagram) WireType(w int) Type { return d.wires[w] }

// Inputs returns the wire of each diagram input, in order. These wires are
// distinct.
func (d Diagram) Inputs() []int { return cloneInts(d.inputs) }

// Outputs returns the wire of each diagram output, in order. A wire may occur
// more than once, which copies it, and may be an input wire, which passes it
// through.
func (d Diagram) Outputs() []int { return cloneInts(d.outputs) }

// NumNodes returns the number of nodes of d.
func (d Diagram) NumNodes() int { return len(d.nodes) }

// Node returns node i of d. It panics when i is out of range.
func (d Diagram) Node(i int) Node { return d.nodes[i].clone() }

// Nodes returns the nodes of d. They are in topological order: the source of
// every input wire of a node is a diagram input or an earlier node. A wire
// that no node and no output uses is discarded.
func (d Diagram) Nodes() []Node {
	ns := make([]Node, len(d.nodes))
	for i, n := range d.nodes {
		ns[i] = n.clone()
	}
	return ns
}

// FindBox returns the index in Nodes of the first box node whose box is
// called name, and whether there is one.
func (d Diagram) FindBox(name string) (int, bool) {
	for i, n := range d.nodes {
		if n.Kind == BoxNode && n.Box.Name == name {
			return i, true
		}
	}
	return -1, false
}

// FindBoxes returns the indices in Nodes of every box node whose box is
// called name.
func (d Diagram) FindBoxes(name string) []int {
	var idx []int
	for i, n := range d.nodes {
		if n.Kind == BoxNode && n.Box.Name == name {
			idx = append(idx, i)
		}
	}
	return idx
}

// Boxes returns the distinct generators that occur in d, in order of first
// occurrence.
func (d Diagram) Boxes() []Box {
	var bs []Box
	for _, n := range d.nodes {
		if n.Kind != BoxNode || containsBox(bs, n.Box) {
			continue
		}
		bs = append(bs, n.Box.clone())
	}
	return bs
}

func containsBox(bs []Box, b Box) bool {
	for _, c := range bs {
		if c.equal(b) {
			return true
		}
	}
	return false
}

// Sources returns, for each wire of d, the node that is its source, or -1
// when the wire is a diagram input.
func (d Diagram) Sources() []int {
	src := make([]int, len(d.wires))
	for i := range src {
		src[i] = -1
	}
	for i, n := range d.nodes {
		for _, w := range n.Out {
			src[w] = i
		}
	}
	return src
}

// Uses returns, for each wire of d, how many node input ports and diagram
// outputs read it.
func (d Diagram) Uses() []int {
	uses := make([]int, len(d.wires))
	for _, n := range d.nodes {
		for _, w := range n.In {
			uses[w]++
		}
	}
	for _, w := range d.outputs {
		uses[w]++
	}
	return uses
}

func cloneTypes(ts []Type) []Type {
	if ts == nil {
		return nil
	}
	return append([]Type(nil), ts...)
}

func cloneInts(xs []int) []int {
	if xs == nil {
		return nil
	}
	return append([]int(nil), xs...)
}
