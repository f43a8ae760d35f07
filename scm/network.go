package scm

import (
	"github.com/markovcat/causal/diagram"
	"github.com/markovcat/causal/stochastic"
)

// NetworkDiagram returns the string diagram of the model and the
// interpretation of its boxes.
//
// The diagram has one box per variable, named after the variable, whose
// inputs are the parents' types in Parents order and whose output is the
// variable's type. Each box's output is copied to each child and, for an
// observed variable, to the diagram's outputs. Latent outputs are discarded
// once their children have used them. The diagram has no inputs, and its
// outputs are the observed variables in Observed order, so interpreting it
// with the returned Map gives the observational joint state of the observed
// variables.
func (m *Model) NetworkDiagram() (diagram.Diagram, stochastic.Map) {
	// Boxes are added one layer at a time: a variable's layer is one more
	// than its parents' largest, so each layer needs only earlier ones.
	layer := make([]int, len(m.vars))
	var layers [][]int
	for _, v := range m.order {
		for _, p := range m.parents[v] {
			layer[v] = max(layer[v], layer[p]+1)
		}
		if layer[v] == len(layers) {
			layers = append(layers, nil)
		}
		layers[layer[v]] = append(layers[layer[v]], v)
	}
	// lastUse[v] is the layer of v's last child, or -1 without children.
	lastUse := make([]int, len(m.vars))
	for v := range lastUse {
		lastUse[v] = -1
		for _, c := range m.children[v] {
			lastUse[v] = max(lastUse[v], layer[c])
		}
	}

	// live lists the variables on the current diagram's output wires.
	d := diagram.Id()
	var live []int
	for l, vs := range layers {
		var rest, want []int
		for _, u := range live {
			if lastUse[u] > l || !m.vars[u].Latent {
				rest = append(rest, u)
			}
		}
		boxes := make([]diagram.Diagram, 0, len(vs)+1)
		for _, v := range vs {
			want = append(want, m.parents[v]...)
			boxes = append(boxes, diagram.Gen(diagram.Box{
				Name: m.vars[v].Name,
				In:   m.Types(m.parents[v]),
				Out:  []diagram.Type{m.types[v]},
			}))
		}
		want = append(want, rest...)
		boxes = append(boxes, diagram.Id(m.Types(rest)...))
		d = diagram.Then(d, m.rewire(live, want), diagram.Tensor(boxes...))
		live = append(append([]int(nil), vs...), rest...)
	}
	d = diagram.Then(d, m.rewire(live, m.Observed()))

	interp := make(stochastic.Map, len(m.vars))
	for i, v := range m.vars {
		interp[v.Name] = m.cpts[i]
	}
	return d, interp
}

// rewire returns the diagram that copies, discards and permutes wires
// carrying the variables in from (all distinct) into the list to, in which
// a variable may appear any number of times.
func (m *Model) rewire(from, to []int) diagram.Diagram {
	pos := make(map[int]int, len(from))
	for k, v := range from {
		pos[v] = k
	}
	idx := make([]int, len(to))
	for k, v := range to {
		idx[k] = pos[v]
	}
	return diagram.Select(m.Types(from), idx)
}
