package diagram

import (
	"fmt"
	"slices"
	"strings"

	"gonum.org/v1/gonum/graph"
	"gonum.org/v1/gonum/graph/simple"
	"gonum.org/v1/gonum/graph/topo"
)

// New returns the diagram with the given hypergraph: wires numbered by
// their position in wires, the wires of the diagram inputs and outputs, and
// the nodes. It returns a *TypeError when the parts do not form a diagram.
// The checks reject a wire number out of range, an input listed twice, a
// wire with no source or two sources, and a cycle of nodes. They also
// reject a node whose box types differ from the types of its wires, and a
// uniform node that is not from the unit to one wire or whose box has a
// name.
//
// The nodes of the result are in a topological order that keeps the given
// order wherever the wires allow.
func New(wires []Type, inputs, outputs []int, nodes []Node) (Diagram, error) {
	d := Diagram{wires: cloneTypes(wires), inputs: cloneInts(inputs), outputs: cloneInts(outputs)}
	d.nodes = make([]Node, len(nodes))
	for i, n := range nodes {
		d.nodes[i] = n.clone()
	}
	if err := d.check(); err != nil {
		return Diagram{}, err
	}
	return d.sortNodes()
}

// check validates everything New promises except acyclicity.
func (d Diagram) check() error {
	source := make([]string, len(d.wires))
	setSource := func(w int, s string) error {
		if w < 0 || w >= len(d.wires) {
			return d.newError("%s names wire %d, %s", s, w, d.wireRange())
		}
		if source[w] != "" {
			return d.newError("wire %d has two sources, %s and %s", w, source[w], s)
		}
		source[w] = s
		return nil
	}
	for i, w := range d.inputs {
		if err := setSource(w, fmt.Sprintf("input %d", i)); err != nil {
			return err
		}
	}
	for i, n := range d.nodes {
		if err := d.checkNode(i, n); err != nil {
			return err
		}
		for k, w := range n.Out {
			if err := setSource(w, fmt.Sprintf("output %d of node %d", k, i)); err != nil {
				return err
			}
		}
	}
	for w, s := range source {
		if s == "" {
			return d.newError("wire %d has no source; every wire must be an input or a node output", w)
		}
	}
	return d.checkUses()
}

// checkNode checks the kind of node i and that its box types are the types
// of its wires.
func (d Diagram) checkNode(i int, n Node) error {
	switch n.Kind {
	case BoxNode:
	case UniformNode:
		if len(n.In) != 0 || len(n.Out) != 1 {
			return d.newError("uniform node %d has %d inputs and %d outputs, want 0 and 1", i, len(n.In), len(n.Out))
		}
		if n.Box.Name != "" {
			return d.newError("uniform node %d has box name %q, want an empty name", i, n.Box.Name)
		}
	default:
		return d.newError("node %d has unknown kind %d", i, int(n.Kind))
	}
	for _, w := range append(slices.Clone(n.In), n.Out...) {
		if w < 0 || w >= len(d.wires) {
			return d.newError("node %d names wire %d, %s", i, w, d.wireRange())
		}
	}
	name := fmt.Sprintf("node %d %q", i, nodeLabel(n))
	if pos := mismatch(n.Box.In, d.types(n.In)); pos >= 0 {
		return &TypeError{Op: "New", Left: cloneTypes(n.Box.In), Right: d.types(n.In),
			LeftName: "box inputs of " + name, RightName: "its input wires", Pos: pos}
	}
	if pos := mismatch(n.Box.Out, d.types(n.Out)); pos >= 0 {
		return &TypeError{Op: "New", Left: cloneTypes(n.Box.Out), Right: d.types(n.Out),
			LeftName: "box outputs of " + name, RightName: "its output wires", Pos: pos}
	}
	return nil
}

// checkUses checks that every diagram output names a wire.
func (d Diagram) checkUses() error {
	for i, w := range d.outputs {
		if w < 0 || w >= len(d.wires) {
			return d.newError("output %d names wire %d, %s", i, w, d.wireRange())
		}
	}
	return nil
}

// wireRange describes the valid wire numbers of d for an error message.
func (d Diagram) wireRange() string {
	if len(d.wires) == 0 {
		return "but the diagram has no wires"
	}
	return fmt.Sprintf("want 0 to %d", len(d.wires)-1)
}

func (d Diagram) newError(format string, args ...any) error {
	return &TypeError{Op: "New", Reason: fmt.Sprintf(format, args...)}
}

// sortNodes puts the nodes of d in topological order, keeping their order
// where the wires allow, or returns an error naming a cycle.
func (d Diagram) sortNodes() (Diagram, error) {
	g := simple.NewDirectedGraph()
	for i := range d.nodes {
		g.AddNode(simple.Node(i))
	}
	src := d.Sources()
	for i, n := range d.nodes {
		for _, w := range n.In {
			j := src[w]
			if j == i {
				return Diagram{}, d.newError("node %d %q reads its own output wire %d", i, nodeLabel(n), w)
			}
			if j >= 0 {
				g.SetEdge(g.NewEdge(simple.Node(j), simple.Node(i)))
			}
		}
	}
	sorted, err := topo.SortStabilized(g, byID)
	if err != nil {
		return Diagram{}, d.cycleError(err)
	}
	nodes := make([]Node, len(sorted))
	for k, v := range sorted {
		nodes[k] = d.nodes[v.ID()]
	}
	d.nodes = nodes
	return d, nil
}

// cycleError names the nodes of the first cycle that topo reports.
func (d Diagram) cycleError(err error) error {
	cycles, ok := err.(topo.Unorderable)
	if !ok || len(cycles) == 0 {
		return d.newError("the nodes form a cycle: %v", err)
	}
	c := slices.Clone(cycles[0])
	byID(c)
	names := make([]string, len(c))
	for k, v := range c {
		names[k] = fmt.Sprintf("%d %q", v.ID(), nodeLabel(d.nodes[v.ID()]))
	}
	return d.newError("nodes %s form a cycle; a diagram must be acyclic", strings.Join(names, ", "))
}

func byID(ns []graph.Node) {
	slices.SortFunc(ns, func(a, b graph.Node) int { return int(a.ID() - b.ID()) })
}
