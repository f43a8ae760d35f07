package identify

import (
	"fmt"
	"slices"
	"strings"
)

// CForest is a C-forest of a graph (Shpitser and Pearl 2006): a set of nodes
// with a subset of the graph's edges between them. Every node has at most one
// child, so the directed edges form a forest, and the bidirected edges connect
// all the nodes. The roots are the nodes without a child.
type CForest struct {
	Nodes []int
	// Edges holds the directed edges of the forest as (parent, child) pairs:
	// one for each node that is not a root.
	Edges [][2]int
	// Bidirected holds a spanning tree of bidirected edges as pairs (a, b)
	// with a < b.
	Bidirected [][2]int
	Roots      []int
}

// Hedge is a pair of C-forests F and F' with the same roots that proves an
// effect P(y | do(x)) not identifiable: F' is contained in F, F meets x, F'
// does not, and the roots are ancestors of y in the graph without the edges
// into x. Two models can agree on the observational distribution and differ
// on the effect, one built on F and one on F'.
type Hedge struct {
	F, FPrime CForest
	// Targets and Interventions are the query P(Targets | do(Interventions))
	// that the hedge is for; for IDC they include the evidence that could not
	// be moved into the intervention, as targets.
	Targets, Interventions []int
	// Graph is the graph the node indices refer to.
	Graph *Graph
}

// String returns the hedge with node names, such as
// "F = {X, Y}, F' = {Y}, roots {Y}".
func (h Hedge) String() string {
	return fmt.Sprintf("F = {%s}, F' = {%s}, roots {%s}",
		joinNames(h.Graph, h.F.Nodes), joinNames(h.Graph, h.FPrime.Nodes), joinNames(h.Graph, h.F.Roots))
}

// NotIdentifiableError is returned by ID and IDC when the query cannot be
// computed from the observational distribution in any model with the graph.
type NotIdentifiableError struct {
	// Query is the query in the query language, such as "P(Y | do(X))".
	Query string
	Hedge Hedge
}

// Error returns a message giving the query and the hedge that witnesses it.
func (e *NotIdentifiableError) Error() string {
	return fmt.Sprintf("identify: %s is not identifiable: hedge %s", e.Query, e.Hedge)
}

// newHedge returns the hedge found at the failure line of ID: F over the
// nodes v, a single district, and F' over S = v \ x, a single district of the
// graph without x, both rooted at y. Every node of v is an ancestor of y
// there, and every node of S is an ancestor of y within S.
func (s *idState) newHedge(v, S, y nodeSet) *Hedge {
	prime := s.cforest(S, y, S, nil)
	f := s.cforest(v, y, S, prime.Bidirected)
	return &Hedge{F: f, FPrime: prime, Graph: s.g}
}

// cforest returns a C-forest over the nodes v with roots y. It first gives the
// nodes of inner a child inside inner, by a breadth-first search towards y, so
// that the forest over inner is a part of the forest over any v ⊇ inner. The
// other nodes of v then get a child by a search towards inner. Likewise its
// bidirected spanning tree extends innerTree, a spanning tree of inner when
// inner is not v.
func (s *idState) cforest(v, y, inner nodeSet, innerTree [][2]int) CForest {
	g := s.g
	child := make(map[int]int)
	reached := y.clone()
	queue := y.members()
	grow := func(within nodeSet) {
		for len(queue) > 0 {
			u := queue[0]
			queue = queue[1:]
			for _, p := range g.parents[u] {
				if within.has(p) && !reached.has(p) {
					reached.add(p)
					child[p] = u
					queue = append(queue, p)
				}
			}
		}
	}
	grow(inner.intersect(v))
	queue = reached.members()
	grow(v)

	f := CForest{Nodes: v.members(), Roots: y.members()}
	for _, u := range f.Nodes {
		if c, ok := child[u]; ok {
			f.Edges = append(f.Edges, [2]int{u, c})
		}
	}
	f.Bidirected = slices.Clone(innerTree)
	seen := setOf(s.b.n, f.Nodes[0])
	if innerTree != nil {
		seen = inner.clone()
	}
	queue = seen.members()
	for len(queue) > 0 {
		u := queue[0]
		queue = queue[1:]
		for _, w := range g.siblings[u] {
			if v.has(w) && !seen.has(w) {
				seen.add(w)
				queue = append(queue, w)
				f.Bidirected = append(f.Bidirected, [2]int{min(u, w), max(u, w)})
			}
		}
	}
	slices.SortFunc(f.Bidirected, func(a, b [2]int) int {
		if a[0] != b[0] {
			return a[0] - b[0]
		}
		return a[1] - b[1]
	})
	return f
}

// Check returns an error when f is not a C-forest of g. The error names a node
// or edge not in g, a node with two children, a cycle, roots that are not the
// childless nodes, or bidirected edges that do not connect all the nodes.
func (f CForest) Check(g *Graph) error {
	if len(f.Nodes) == 0 {
		return fmt.Errorf("identify: C-forest has no nodes")
	}
	in := make(map[int]bool)
	for _, v := range f.Nodes {
		if v < 0 || v >= g.NumNodes() || in[v] {
			return fmt.Errorf("identify: C-forest node %d is repeated or not in the graph", v)
		}
		in[v] = true
	}
	child := make(map[int]int)
	for _, e := range f.Edges {
		if !in[e[0]] || !in[e[1]] || !g.HasEdge(e[0], e[1]) {
			return fmt.Errorf("identify: C-forest edge %d -> %d is not an edge of the graph between its nodes", e[0], e[1])
		}
		if _, ok := child[e[0]]; ok {
			return fmt.Errorf("identify: C-forest node %s has two children", quoteName(g.Name(e[0])))
		}
		child[e[0]] = e[1]
	}
	var roots []int
	for _, v := range f.Nodes {
		if _, ok := child[v]; !ok {
			roots = append(roots, v)
		}
	}
	want := slices.Sorted(slices.Values(f.Roots))
	if !slices.Equal(roots, want) {
		return fmt.Errorf("identify: C-forest roots are %v, but the nodes without a child are %v", want, roots)
	}
	// The graph is acyclic, so following children from any node reaches a root.
	parent := make(map[int]int)
	for _, v := range f.Nodes {
		parent[v] = v
	}
	var find func(int) int
	find = func(v int) int {
		for parent[v] != v {
			v = parent[v]
		}
		return v
	}
	for _, e := range f.Bidirected {
		if !in[e[0]] || !in[e[1]] || !g.HasBidirected(e[0], e[1]) {
			return fmt.Errorf("identify: C-forest edge %d <-> %d is not a bidirected edge of the graph between its nodes", e[0], e[1])
		}
		parent[find(e[0])] = find(e[1])
	}
	r := find(f.Nodes[0])
	for _, v := range f.Nodes {
		if find(v) != r {
			return fmt.Errorf("identify: C-forest bidirected edges do not connect %s to %s", quoteName(g.Name(v)), quoteName(g.Name(f.Nodes[0])))
		}
	}
	return nil
}

// Check returns an error when h is not a hedge for P(y | do(x)) in its graph:
// F and F' must be C-forests with the same roots, F' a part of F, F meeting x,
// F' disjoint from x, and the roots ancestors of y in the graph without the
// edges into x.
//
// NOTE: a pair that passes Check does not by itself prove P(y | do(x)) not
// identifiable. Shpitser, "When does the ID algorithm fail?" (2023), gives a
// counterexample to that reading of the hedge criterion. What proves it for
// a hedge of a *NotIdentifiableError is the failure of ID, which is complete.
func (h Hedge) Check(y, x []int) error {
	g := h.Graph
	for _, f := range []CForest{h.F, h.FPrime} {
		if err := f.Check(g); err != nil {
			return err
		}
	}
	if !slices.Equal(slices.Sorted(slices.Values(h.F.Roots)), slices.Sorted(slices.Values(h.FPrime.Roots))) {
		return fmt.Errorf("identify: hedge forests have different roots")
	}
	inF := make(map[int]bool)
	for _, v := range h.F.Nodes {
		inF[v] = true
	}
	for _, v := range h.FPrime.Nodes {
		if !inF[v] {
			return fmt.Errorf("identify: hedge node %s is in F' but not in F", quoteName(g.Name(v)))
		}
	}
	for _, e := range h.FPrime.Edges {
		if !slices.Contains(h.F.Edges, e) {
			return fmt.Errorf("identify: hedge edge %s -> %s is in F' but not in F", quoteName(g.Name(e[0])), quoteName(g.Name(e[1])))
		}
	}
	for _, e := range h.FPrime.Bidirected {
		if !slices.Contains(h.F.Bidirected, e) {
			return fmt.Errorf("identify: hedge edge %s <-> %s is in F' but not in F", quoteName(g.Name(e[0])), quoteName(g.Name(e[1])))
		}
	}
	xs := make(map[int]bool)
	for _, v := range x {
		xs[v] = true
	}
	meets := false
	for _, v := range h.F.Nodes {
		meets = meets || xs[v]
	}
	if !meets {
		return fmt.Errorf("identify: hedge forest F does not meet the interventions")
	}
	for _, v := range h.FPrime.Nodes {
		if xs[v] {
			return fmt.Errorf("identify: hedge forest F' contains the intervention %s", quoteName(g.Name(v)))
		}
	}
	// Ancestors of y in the graph without the edges into x.
	anc := make(map[int]bool)
	stack := slices.Clone(y)
	for _, v := range y {
		anc[v] = true
	}
	for len(stack) > 0 {
		v := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if xs[v] {
			continue
		}
		for _, p := range g.Parents(v) {
			if !anc[p] {
				anc[p] = true
				stack = append(stack, p)
			}
		}
	}
	var bad []string
	for _, r := range h.F.Roots {
		if !anc[r] {
			bad = append(bad, quoteName(g.Name(r)))
		}
	}
	if len(bad) > 0 {
		return fmt.Errorf("identify: hedge roots %s are not ancestors of the targets without the edges into the interventions", strings.Join(bad, ", "))
	}
	return nil
}
