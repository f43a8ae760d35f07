package diagram

import "fmt"

// Substitute returns d with node i replaced by the diagram r. The input
// wires of r are glued to the wires that node i reads, and the outputs of r
// become the sources of the wires that node i wrote. The nodes of r take the
// place of node i in Nodes, so the other nodes keep their order.
//
// Substitute panics with *TypeError when i is not a node of d or when the
// input or output types of r differ from those of node i.
func (d Diagram) Substitute(i int, r Diagram) Diagram {
	if i < 0 || i >= len(d.nodes) {
		invalid("Substitute", "node %d does not exist; the diagram has %s", i, plural(len(d.nodes), "node"))
	}
	n := d.nodes[i]
	name := fmt.Sprintf("node %d %q", i, nodeLabel(n))
	mustMatch("Substitute", "inputs of "+name, d.types(n.In), "inputs of the replacement", r.In())
	mustMatch("Substitute", "outputs of "+name, d.types(n.Out), "outputs of the replacement", r.Out())
	return d.substitute(i, r)
}

// substitute performs Substitute after the types are checked.
func (d Diagram) substitute(i int, r Diagram) Diagram {
	n := d.nodes[i]

	// Place the wires of r after those of d, with the inputs of r glued to
	// the wires that n reads.
	wire := make([]int, len(r.wires))
	for w := range wire {
		wire[w] = -1
	}
	for k, w := range r.inputs {
		wire[w] = n.In[k]
	}
	e := d.clone()
	for w, t := range r.wires {
		if wire[w] < 0 {
			wire[w] = len(e.wires)
			e.wires = append(e.wires, t)
		}
	}

	// Every use of an output wire of n now reads the matching output of r.
	use := seq(len(e.wires))
	for k, w := range n.Out {
		use[w] = wire[r.outputs[k]]
	}
	nodes := make([]Node, 0, len(e.nodes)-1+len(r.nodes))
	nodes = append(nodes, e.nodes[:i]...)
	for _, m := range r.nodes {
		nodes = append(nodes, relabelNode(m, wire))
	}
	nodes = append(nodes, e.nodes[i+1:]...)
	for k := range nodes {
		nodes[k].In = relabel(nodes[k].In, use)
	}
	e.nodes = nodes
	e.outputs = relabel(e.outputs, use)

	// The output wires of n no longer have a source.
	dead := make([]bool, len(e.wires))
	for _, w := range n.Out {
		dead[w] = true
	}
	return e.dropWires(dead)
}

// dropWires returns d without the wires marked dead, which no node or
// output may use, and with the other wires renumbered in order.
func (d Diagram) dropWires(dead []bool) Diagram {
	wire := make([]int, len(d.wires))
	var wires []Type
	for w, t := range d.wires {
		if dead[w] {
			wire[w] = -1
			continue
		}
		wire[w] = len(wires)
		wires = append(wires, t)
	}
	e := Diagram{wires: wires, inputs: relabel(d.inputs, wire), outputs: relabel(d.outputs, wire)}
	e.nodes = make([]Node, len(d.nodes))
	for k, n := range d.nodes {
		e.nodes[k] = relabelNode(n, wire)
	}
	return e
}

// types returns the types of the wires ws.
func (d Diagram) types(ws []int) []Type {
	ts := make([]Type, len(ws))
	for i, w := range ws {
		ts[i] = d.wires[w]
	}
	return ts
}

// nodeLabel returns the name shown for n in text and drawings.
func nodeLabel(n Node) string {
	if n.Kind == UniformNode {
		return "uniform"
	}
	return n.Box.Name
}
