package identify

import (
	"fmt"
	"strings"

	"github.com/markovcat/causal/scm"
)

// IdentifyQuery identifies the query q, written in the query language, in the
// graph g with IDC. It returns the estimand and the states that q assigns to
// its interventions and evidence, by variable name, ready for Evaluate.
//
// A counterfactual query, a variable that g does not have and a variable with
// two roles are errors. A query that is not identifiable returns a
// *NotIdentifiableError.
func IdentifyQuery(g *Graph, q *scm.Query) (*Estimand, map[string]string, error) {
	if q.IsCounterfactual() {
		return nil, nil, fmt.Errorf("identify: %s is a counterfactual query: identification from a graph handles P(y | do(x), z) only", q)
	}
	fixed := make(map[string]string)
	nodes := func(ts []scm.Term, pin bool) ([]int, error) {
		var vs []int
		for _, t := range ts {
			v, ok := g.Index(t.Var)
			if !ok {
				return nil, fmt.Errorf("identify: the graph has no variable %s: valid variables are %s", quoteName(t.Var), listGraphNames(g))
			}
			vs = append(vs, v)
			if pin && t.HasValue {
				fixed[t.Var] = t.Value
			}
		}
		return vs, nil
	}
	y, err := nodes(q.Targets, false)
	if err != nil {
		return nil, nil, err
	}
	x, err := nodes(q.Do, true)
	if err != nil {
		return nil, nil, err
	}
	z, err := nodes(q.Evidence, true)
	if err != nil {
		return nil, nil, err
	}
	e, err := IDC(g, y, x, z)
	if err != nil {
		return nil, nil, err
	}
	return e, fixed, nil
}

// listGraphNames lists up to 20 node names of g.
func listGraphNames(g *Graph) string {
	const maxListed = 20
	names := g.Names()
	more := ""
	if len(names) > maxListed {
		more = fmt.Sprintf(" and %d more", len(names)-maxListed)
		names = names[:maxListed]
	}
	for i, n := range names {
		names[i] = quoteName(n)
	}
	return strings.Join(names, ", ") + more
}
