package stochastic

import (
	"fmt"
	"math"
	"slices"

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
// without forming such joints. InterpretNaive returns a *SizeLimitError
// naming the wires when a matrix it would form has more than
// DefaultSizeLimit entries.
func InterpretNaive(d diagram.Diagram, in Interpretation) (*Channel, error) {
	nodes := d.Nodes()
	chans, err := nodeChannels(nodes, in)
	if err != nil {
		return nil, err
	}
	limit := naiveLimit{d: d}

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

	inputs := d.Inputs()
	if err := limit.check(inputs, inputs); err != nil {
		return nil, err
	}
	live := inputs
	cur := Identity(wireTypes(d, live)...)
	for k, n := range nodes {
		var keep, sel, selWires []int
		for p, w := range live {
			if lastUse[w] > k {
				keep = append(keep, w)
				sel = append(sel, p)
			}
		}
		for _, w := range n.In {
			p := slices.Index(live, w)
			if p < 0 {
				return nil, fmt.Errorf("stochastic: node %d reads wire %d before its source", k, w)
			}
			sel = append(sel, p)
		}
		selWires = append(append(selWires, keep...), n.In...)

		// Check the selection matrix, the identity tensored with the node's
		// channel and the two products before forming them.
		if err := limit.check(live, selWires); err != nil {
			return nil, err
		}
		if err := limit.check(keep, keep, n.In, n.Out); err != nil {
			return nil, err
		}
		if err := limit.check(inputs, selWires); err != nil {
			return nil, err
		}
		if err := limit.check(inputs, keep, n.Out); err != nil {
			return nil, err
		}
		cur = Then(cur, Select(wireTypes(d, live), sel))
		cur = Then(cur, Tensor(Identity(wireTypes(d, keep)...), chans[k]))
		live = append(keep, n.Out...)
	}

	var sel []int
	for _, w := range d.Outputs() {
		p := slices.Index(live, w)
		if p < 0 {
			return nil, fmt.Errorf("stochastic: diagram output reads wire %d that has no source", w)
		}
		sel = append(sel, p)
	}
	if err := limit.check(live, d.Outputs()); err != nil {
		return nil, err
	}
	if err := limit.check(inputs, d.Outputs()); err != nil {
		return nil, err
	}
	return Then(cur, Select(wireTypes(d, live), sel)), nil
}

// naiveLimit checks the matrices of InterpretNaive against
// DefaultSizeLimit.
type naiveLimit struct {
	d     diagram.Diagram
	names []string
}

// check returns a *SizeLimitError when a matrix indexed by the states of
// all the wires in the lists, one index per occurrence, has more than
// DefaultSizeLimit entries.
func (l *naiveLimit) check(lists ...[]int) error {
	size := 1
	for _, ws := range lists {
		for _, w := range ws {
			n := l.d.WireType(w).Size()
			if n > 0 && size > math.MaxInt/n {
				size = math.MaxInt
			} else {
				size *= n
			}
		}
	}
	if size <= DefaultSizeLimit {
		return nil
	}
	if l.names == nil {
		l.names = wireNames(l.d)
	}
	var vars []string
	for _, ws := range lists {
		for _, w := range ws {
			vars = append(vars, l.names[w])
		}
	}
	return &SizeLimitError{Vars: vars, Size: size, Limit: DefaultSizeLimit}
}

// wireTypes returns the types of the wires ws of d.
func wireTypes(d diagram.Diagram, ws []int) []diagram.Type {
	ts := make([]diagram.Type, len(ws))
	for k, w := range ws {
		ts[k] = d.WireType(w)
	}
	return ts
}
