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
// observed variable, to the diagram's outputs; latent outputs are discarded
// once their children have used them. The diagram has no inputs, and its
// outputs are the observed variables in Observed order, so interpreting it
// with the returned Map gives the observational joint state of the observed
// variables.
func (m *Model) NetworkDiagram() (diagram.Diagram, stochastic.Map) {
	order := m.order
	rank := make([]int, len(order))
	for k, v := range order {
		rank[v] = k
	}
	// lastUse[v] is the rank of v's last child, or -1 without children.
	lastUse := make([]int, len(order))
	for v := range lastUse {
		lastUse[v] = -1
		for _, c := range m.children[v] {
			lastUse[v] = max(lastUse[v], rank[c])
		}
	}

	// live lists the variables on the current diagram's output wires.
	d := diagram.Id()
	var live []int
	for k, v := range order {
		var rest []int
		for _, u := range live {
			if lastUse[u] > k || !m.vars[u].Latent {
				rest = append(rest, u)
			}
		}
		want := append(append([]int(nil), m.parents[v]...), rest...)
		box := diagram.Box{Name: m.vars[v].Name, In: m.Types(m.parents[v]), Out: []diagram.Type{m.types[v]}}
		d = diagram.Then(d, m.rewire(live, want), diagram.Tensor(diagram.Gen(box), diagram.Id(m.Types(rest)...)))
		live = append([]int{v}, rest...)
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
