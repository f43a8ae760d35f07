package identify

import (
	"github.com/markovcat/causal/scm"
)

// Project returns the latent projection of the causal graph of m onto its
// observed variables (Verma 1993): an ADMG over the observed variables, in the
// model's order, with
//
//   - a directed edge a -> b when the model has a directed path from a to b
//     whose intermediate variables are all latent, and
//   - a bidirected edge a <-> b when some latent variable has directed paths
//     to a and to b whose intermediate variables are all latent.
//
// The projection has the same conditional independences among the observed
// variables and the same identifiable effects as the model, so ID can work on
// it in place of the model.
func Project(m *scm.Model) *Graph {
	g := NewGraph()
	for _, v := range m.Observed() {
		g.AddNode(m.Variable(v).Name)
	}
	// sources[l] lists the observed variables that the latent l reaches by a
	// directed path through latent variables only.
	sources := make(map[int][]int)
	for _, v := range m.Observed() {
		name := m.Variable(v).Name
		seen := map[int]bool{v: true}
		stack := []int{v}
		for len(stack) > 0 {
			u := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			for _, p := range m.Parents(u) {
				if seen[p] {
					continue
				}
				seen[p] = true
				if !m.Variable(p).Latent {
					if err := g.AddEdge(m.Variable(p).Name, name); err != nil {
						// NOTE: the projection of an acyclic model is acyclic.
						panic("identify: latent projection: " + err.Error())
					}
					continue
				}
				sources[p] = append(sources[p], v)
				stack = append(stack, p)
			}
		}
	}
	for _, vs := range sources {
		for i, a := range vs {
			for _, b := range vs[i+1:] {
				g.addBidirected(g.index[m.Variable(a).Name], g.index[m.Variable(b).Name])
			}
		}
	}
	return g
}
