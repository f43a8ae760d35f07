package stochastic

import (
	"fmt"

	"github.com/markovcat/causal/diagram"
)

// InterpretNaive returns the channel of d under in, computed as a fold over
// the nodes of d in topological order. The channel it carries is the joint
// of all wires alive at that point given the diagram inputs. Each step first
// applies a deterministic channel that copies, discards and reorders the
// live wires, keeping those still needed and adding the inputs of the next
// node. It then applies the identity tensored with the node's channel. Both
// steps are matrix products, the second with a Kronecker product.
//
// Its cost is exponential in the number of wires alive at once, so it is a
// reference for tests on small diagrams. Interpret computes the same channel
// without forming such joints.
func InterpretNaive(d diagram.Diagram, in Interpretation) (*Channel, error) {
	nodes := d.Nodes()
	chans, err := nodeChannels(nodes, in)
	if err != nil {
		return nil, err
	}

	// lastUse[w] is the last step that reads wire w, or -1 when nothing
	// reads it. The final selection of the outputs is step len(nodes).
	lastUse := make([]int, d.NumWires())
	for w := range lastUse {
		lastUse[w] = -1
	}
	for k, n := range nodes {
		for _, w := range n.In {
			lastUse[w] = k
		}
	}
	for _, w := range d.Outputs() {
		lastUse[w] = len(nodes)
	}

	live := d.Inputs()
	cur := Identity(wireTypes(d, live)...)
	for k, n := range nodes {
		var keep, sel []int
		for p, w := range live {
			if lastUse[w] > k {
				keep = append(keep, w)
				sel = append(sel, p)
			}
		}
		for _, w := range n.In {
			p := indexOf(live, w)
			if p < 0 {
				return nil, fmt.Errorf("stochastic: node %d reads wire %d before its source", k, w)
			}
			sel = append(sel, p)
		}
		cur = Then(cur, Select(wireTypes(d, live), sel))
		cur = Then(cur, Tensor(Identity(wireTypes(d, keep)...), chans[k]))
		live = append(keep, n.Out...)
	}

	var sel []int
	for _, w := range d.Outputs() {
		p := indexOf(live, w)
		if p < 0 {
			return nil, fmt.Errorf("stochastic: diagram output reads wire %d that has no source", w)
		}
		sel = append(sel, p)
	}
	return Then(cur, Select(wireTypes(d, live), sel)), nil
}

// wireTypes returns the types of the wires ws of d.
func wireTypes(d diagram.Diagram, ws []int) []diagram.Type {
	ts := make([]diagram.Type, len(ws))
	for k, w := range ws {
		ts[k] = d.WireType(w)
	}
	return ts
}

// indexOf returns the position of x in xs, or -1.
func indexOf(xs []int, x int) int {
	for k, y := range xs {
		if y == x {
			return k
		}
	}
	return -1
}
