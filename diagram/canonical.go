package diagram

import "slices"

// Prune returns d without the nodes that cannot affect its outputs: a node
// is removed when none of its output wires is used by an output of d or by
// a node that stays. Every box denotes a stochastic channel, and discarding
// the output of a stochastic channel is the same as discarding its input, so
// pruning preserves the meaning of d. A node with no outputs is always
// removed.
func (d Diagram) Prune() Diagram {
	live := d.liveNodes()
	e := Diagram{wires: d.wires, inputs: d.inputs, outputs: d.outputs}
	dead := make([]bool, len(d.wires))
	for i, n := range d.nodes {
		if live[i] {
			e.nodes = append(e.nodes, n)
			continue
		}
		for _, w := range n.Out {
			dead[w] = true
		}
	}
	return e.dropWires(dead)
}

// liveNodes marks the nodes that an output of d depends on.
func (d Diagram) liveNodes() []bool {
	src := d.Sources()
	live := make([]bool, len(d.nodes))
	var stack []int
	mark := func(w int) {
		if i := src[w]; i >= 0 && !live[i] {
			live[i] = true
			stack = append(stack, i)
		}
	}
	for _, w := range d.outputs {
		mark(w)
	}
	for len(stack) > 0 {
		i := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for _, w := range d.nodes[i].In {
			mark(w)
		}
	}
	return live
}

// Canonical returns the canonical form of d: d pruned, with its wires and
// nodes renumbered in an order fixed by the structure alone. Two diagrams
// are equal in the sense of Equal exactly when their canonical forms have
// the same wires, inputs, outputs and nodes.
//
// The order starts from the boundary. The input wires come first, in
// order. Then the outputs are visited in order, and visiting a wire visits
// its source node: first the node's input wires, in port order, then the
// node itself, whose output wires are numbered in port order. Every wire has
// one source and every port has a position, so no step makes a choice, and
// after pruning every node is reached from some output.
func (d Diagram) Canonical() Diagram {
	p := d.Prune()
	c := canonicalizer{d: p, src: p.Sources(), wire: make([]int, len(p.wires)), done: make([]bool, len(p.nodes))}
	for w := range c.wire {
		c.wire[w] = -1
	}
	for _, w := range p.inputs {
		c.number(w)
	}
	for _, w := range p.outputs {
		c.visit(w)
	}
	return c.result()
}

// canonicalizer holds the state of the traversal in Canonical.
type canonicalizer struct {
	d     Diagram
	src   []int  // source node of each wire, -1 for an input
	wire  []int  // new number of each wire, -1 while unnumbered
	next  int    // next wire number
	done  []bool // node already placed
	order []int  // nodes in placement order
}

func (c *canonicalizer) number(w int) {
	c.wire[w] = c.next
	c.next++
}

// visit numbers wire w, placing its source node first when needed.
func (c *canonicalizer) visit(w int) {
	if c.wire[w] >= 0 {
		return
	}
	i := c.src[w]
	if c.done[i] {
		return
	}
	// NOTE: recursion depth is the length of the longest path of nodes.
	for _, v := range c.d.nodes[i].In {
		c.visit(v)
	}
	c.done[i] = true
	c.order = append(c.order, i)
	for _, v := range c.d.nodes[i].Out {
		c.number(v)
	}
}

func (c *canonicalizer) result() Diagram {
	wires := make([]Type, len(c.d.wires))
	for w, t := range c.d.wires {
		wires[c.wire[w]] = t
	}
	e := Diagram{wires: wires, inputs: relabel(c.d.inputs, c.wire), outputs: relabel(c.d.outputs, c.wire)}
	e.nodes = make([]Node, len(c.order))
	for k, i := range c.order {
		e.nodes[k] = relabelNode(c.d.nodes[i], c.wire)
	}
	return e
}

// Equal reports whether a and b are the same morphism of the free Markov
// category on their boxes. That is equality up to the laws of symmetric
// monoidal categories and the comonoid laws of copy and discard
// (associativity, commutativity, counit, compatibility with the tensor).
// It also uses the rule that discarding the output of a box is discarding
// its inputs.
//
// Equal does not move copy through a box: Then(Gen(f), Copy(t, 2)) and
// Then(Copy(s, 2), Tensor(Gen(f), Gen(f))) are different, because a
// stochastic channel copied after sampling is not two independent samples.
// Boxes are compared by name and types, never by what they denote.
func Equal(a, b Diagram) bool {
	return sameForm(a.Canonical(), b.Canonical())
}

// sameForm reports whether two canonical forms are identical.
func sameForm(a, b Diagram) bool {
	if !EqualTypes(a.wires, b.wires) || !slices.Equal(a.inputs, b.inputs) || !slices.Equal(a.outputs, b.outputs) {
		return false
	}
	if len(a.nodes) != len(b.nodes) {
		return false
	}
	for i, n := range a.nodes {
		m := b.nodes[i]
		if n.Kind != m.Kind || !n.Box.equal(m.Box) || !slices.Equal(n.In, m.In) || !slices.Equal(n.Out, m.Out) {
			return false
		}
	}
	return true
}
