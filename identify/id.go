package identify

import (
	"fmt"
	"slices"
	"strings"
)

// ID identifies the interventional distribution P(y | do(x)) from the
// observational distribution of the nodes of g, with the ID algorithm of
// Shpitser and Pearl ("Identification of joint interventional distributions in
// recursive semi-Markovian causal models", AAAI 2006). The algorithm is
// complete: when it fails, the effect is not identifiable, and ID returns a
// *NotIdentifiableError carrying a hedge that proves it.
//
// y must not be empty, and y and x must be disjoint sets of nodes of g.
func ID(g *Graph, y, x []int) (*Estimand, error) {
	return IDC(g, y, x, nil)
}

// IDC identifies the conditional interventional distribution P(y | do(x), z)
// with the IDC algorithm of Shpitser and Pearl ("Identification of conditional
// interventional distributions", UAI 2006). It moves each variable of z that
// the rules of do-calculus allow into the intervention, then identifies
// P(y, z' | do(x')) with ID and divides by its sum over y. IDC is complete: a
// query it cannot identify returns a *NotIdentifiableError carrying a hedge for
// P(y, z' | do(x')).
//
// y must not be empty, and y, x and z must be pairwise disjoint sets of nodes of g.
func IDC(g *Graph, y, x, z []int) (*Estimand, error) {
	if err := checkQuery(g, y, x, z); err != nil {
		return nil, err
	}
	s := newIDState(g)
	n := g.NumNodes()
	ys, xs, zs := setOf(n, y...), setOf(n, x...), setOf(n, z...)
	xs2, zs2 := s.moveEvidence(ys, xs, zs)

	p := dist{e: s.b.prob(setOf(n, s.order...), newNodeSet(n)), obs: true}
	all := setOf(n, s.order...)
	root, hedge := s.id(ys.union(zs2), xs2, p, all)
	if hedge != nil {
		hedge.Targets = ys.union(zs2).members()
		hedge.Interventions = xs2.members()
		return nil, &NotIdentifiableError{Query: queryString(g, y, x, z), Hedge: *hedge}
	}
	root = s.averageExtra(root, ys.union(xs2).union(zs2))
	if !zs2.empty() {
		root = s.b.quotient(root, s.b.sum(ys, root))
	}
	return &Estimand{
		g:       g,
		root:    root,
		targets: slices.Sorted(slices.Values(y)),
		do:      slices.Sorted(slices.Values(x)),
		given:   slices.Sorted(slices.Values(z)),
	}, nil
}

// averageExtra removes the free variables of root outside query. Line 3 of ID
// adds to the intervention nodes w that affect y only through x, because
// P(y | do(x)) = P(y | do(x, w)) for every value of w; the expression may then
// mention w although its value does not depend on it. averageExtra returns
// Σ_w P(w) root, which has the same value wherever root is defined at every w
// of positive probability.
//
// NOTE: where root is undefined at some w of positive probability, the average
// is undefined too, although root at another w may be defined and correct.
func (s *idState) averageExtra(root *expr, query nodeSet) *expr {
	w := root.free.minus(query)
	if w.empty() {
		return root
	}
	return s.b.sum(w, s.b.product(s.b.prob(w, newNodeSet(s.b.n)), root))
}

// checkQuery returns an error when y is empty or y, x and z are not disjoint
// sets of nodes of g.
func checkQuery(g *Graph, y, x, z []int) error {
	if len(y) == 0 {
		return fmt.Errorf("identify: query has no target variable")
	}
	role := make(map[int]string)
	for _, set := range []struct {
		name string
		vs   []int
	}{{"target", y}, {"intervention", x}, {"evidence", z}} {
		for _, v := range set.vs {
			if v < 0 || v >= g.NumNodes() {
				return fmt.Errorf("identify: %s node %d out of range: the graph has %d nodes", set.name, v, g.NumNodes())
			}
			if r, ok := role[v]; ok {
				if r == set.name {
					return fmt.Errorf("identify: %s %s listed twice", set.name, quoteName(g.Name(v)))
				}
				return fmt.Errorf("identify: %s is both %s and %s: each variable may have one role", quoteName(g.Name(v)), r, set.name)
			}
			role[v] = set.name
		}
	}
	return nil
}

// queryString writes P(y | do(x), z) with node names.
func queryString(g *Graph, y, x, z []int) string {
	var parts []string
	if len(x) > 0 {
		parts = append(parts, "do("+joinNames(g, x)+")")
	}
	if len(z) > 0 {
		parts = append(parts, joinNames(g, z))
	}
	if len(parts) == 0 {
		return "P(" + joinNames(g, y) + ")"
	}
	return "P(" + joinNames(g, y) + " | " + strings.Join(parts, ", ") + ")"
}

func joinNames(g *Graph, vs []int) string {
	names := make([]string, len(vs))
	for i, v := range vs {
		names[i] = quoteName(g.Name(v))
	}
	return strings.Join(names, ", ")
}

// idState holds what the recursion of ID shares: the graph, the expression
// builder and a topological order of the graph.
type idState struct {
	g     *Graph
	b     *builder
	order []int
	pos   []int // pos[v] is the position of v in order
}

func newIDState(g *Graph) *idState {
	s := &idState{g: g, b: newBuilder(g.NumNodes()), order: g.Topological()}
	s.pos = make([]int, g.NumNodes())
	for i, v := range s.order {
		s.pos[v] = i
	}
	return s
}

// dist is the distribution P that ID passes down its recursion: a distribution
// over the nodes of the current graph, as an expression. When obs is true, it
// is the observational marginal of those nodes, which then form an ancestral
// set of the whole graph.
type dist struct {
	e   *expr
	obs bool
}

// id runs the ID algorithm for P_x(y) on the subgraph induced by v, where p is
// a distribution over v. It returns the estimand, or a hedge when the effect is
// not identifiable. The comments name the lines of the algorithm as Shpitser
// and Pearl number them.
func (s *idState) id(y, x nodeSet, p dist, v nodeSet) (*expr, *Hedge) {
	b := s.b
	// Line 1: no intervention.
	if x.empty() {
		if p.obs {
			return b.prob(y, newNodeSet(b.n)), nil
		}
		return b.sum(v.minus(y), p.e), nil
	}

	// Line 2: keep only the ancestors of y.
	an := s.ancestorsWithin(y, v)
	if !an.equal(v) {
		q := dist{e: b.prob(an, newNodeSet(b.n)), obs: true}
		if !p.obs {
			q = dist{e: b.sum(v.minus(an), p.e)}
		}
		return s.id(y, x.intersect(an), q, an)
	}

	// Line 3: intervene also on the nodes that do not affect y once x is fixed.
	w := v.minus(x).minus(s.ancestorsWithin(y, v.minus(x)))
	if !w.empty() {
		return s.id(y, x.union(w), p, v)
	}

	// Line 4: factorise over the districts of the graph without x.
	districts := s.districtsWithin(v.minus(x))
	if len(districts) > 1 {
		fs := make([]*expr, len(districts))
		for i, d := range districts {
			f, h := s.id(d, v.minus(d), p, v)
			if h != nil {
				return nil, h
			}
			fs[i] = f
		}
		return b.sum(v.minus(y.union(x)), b.product(fs...)), nil
	}

	// Here v \ x is a single district S.
	S := districts[0]
	whole := s.districtsWithin(v)
	// Line 5: the graph is one district: fail with the hedge (G, S).
	if len(whole) == 1 {
		return nil, s.newHedge(v, S, y)
	}
	// Line 6: S is a district of the graph.
	for _, d := range whole {
		if d.equal(S) {
			return b.sum(S.minus(y), s.districtFactor(p, v, S)), nil
		}
	}
	// Line 7: S lies within a larger district S' of the graph.
	var S2 nodeSet
	for _, d := range whole {
		if S.subsetOf(d) {
			S2 = d
			break
		}
	}
	q := dist{e: s.districtFactor(p, v, S2)}
	return s.id(y, x.intersect(S2), q, S2)
}

// districtFactor returns the product, over the nodes vi of d in topological
// order, of P(vi | the nodes of v before vi), the conditionals of p.
func (s *idState) districtFactor(p dist, v, d nodeSet) *expr {
	var fs []*expr
	pred := newNodeSet(s.b.n)
	for _, u := range s.order {
		if !v.has(u) {
			continue
		}
		if d.has(u) {
			fs = append(fs, s.conditional(p, v, u, pred))
		}
		pred.add(u)
	}
	return s.b.product(fs...)
}

// conditional returns P(u | pred) for the distribution p over v, where pred
// holds the nodes of v before u. For the observational distribution it
// conditions only on the Markov blanket of u in the subgraph induced by
// pred ∪ {u}, in which u has no child: the district of u there and the parents
// of that district. The other nodes of pred are independent of u given those.
func (s *idState) conditional(p dist, v nodeSet, u int, pred nodeSet) *expr {
	n := s.b.n
	if !p.obs {
		return s.b.conditional(p.e, v, u, pred)
	}
	prefix := pred.clone()
	prefix.add(u)
	district := s.districtOf(u, prefix)
	blanket := district.clone()
	for _, t := range district.members() {
		for _, q := range s.g.parents[t] {
			blanket.add(q)
		}
	}
	blanket.remove(u)
	return s.b.prob(setOf(n, u), blanket)
}

// ancestorsWithin returns the ancestors of y in the subgraph induced by v.
func (s *idState) ancestorsWithin(y, v nodeSet) nodeSet {
	return s.reach(y, v, s.g.parents)
}

// districtOf returns the district of u in the subgraph induced by v.
func (s *idState) districtOf(u int, v nodeSet) nodeSet {
	return s.reach(setOf(s.b.n, u), v, s.g.siblings)
}

// reach returns the nodes of v reached from start ∩ v along next, staying in v.
func (s *idState) reach(start, v nodeSet, next [][]int) nodeSet {
	seen := start.intersect(v)
	stack := seen.members()
	for len(stack) > 0 {
		u := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for _, w := range next[u] {
			if v.has(w) && !seen.has(w) {
				seen.add(w)
				stack = append(stack, w)
			}
		}
	}
	return seen
}

// districtsWithin returns the districts of the subgraph induced by v, ordered
// by their smallest node.
func (s *idState) districtsWithin(v nodeSet) []nodeSet {
	var out []nodeSet
	left := v.clone()
	for _, u := range v.members() {
		if !left.has(u) {
			continue
		}
		d := s.districtOf(u, v)
		out = append(out, d)
		left = left.minus(d)
	}
	return out
}

// moveEvidence applies the first step of IDC: while some z in the evidence is
// independent of y given x and the rest of the evidence in the graph without
// the edges into x and out of z, it moves z from the evidence to the
// intervention. It returns the final intervention and evidence sets.
func (s *idState) moveEvidence(y, x, z nodeSet) (nodeSet, nodeSet) {
	// A pass tests each remaining variable once against the current sets and
	// moves it at once when it qualifies, so a run costs one pass per round of
	// moves instead of one per moved variable.
	for moved := true; moved; {
		moved = false
		for _, u := range z.members() {
			rest := z.clone()
			rest.remove(u)
			if s.separatedIDC(y, u, x, rest) {
				x = x.union(setOf(s.b.n, u))
				z = rest
				moved = true
			}
		}
	}
	return x, z
}

// separatedIDC reports whether y and u are m-separated given x ∪ rest in the
// graph without the edges into x and without the directed edges out of u.
// It follows the reachability formulation of m-separation: a path passes a
// collider only when the collider is an ancestor of the conditioning set, and
// passes a non-collider only when it is not conditioned on.
func (s *idState) separatedIDC(y nodeSet, u int, x, rest nodeSet) bool {
	g := s.g
	cond := x.union(rest)
	anc := s.ancestorsIDC(cond, u, x)
	hasEdge := func(from, to int) bool { return !x.has(to) && from != u }

	// A state is a node and whether the path arrived with an arrowhead at it.
	type state struct {
		v    int
		head bool
	}
	// seen[0] marks the nodes reached without an arrowhead, seen[1] with one.
	seen := [2]nodeSet{newNodeSet(s.b.n), newNodeSet(s.b.n)}
	var queue []state
	visit := func(st state) {
		k := 0
		if st.head {
			k = 1
		}
		if !seen[k].has(st.v) {
			seen[k].add(st.v)
			queue = append(queue, st)
		}
	}
	for _, v := range y.members() {
		visit(state{v, false})
	}
	for len(queue) > 0 {
		st := queue[0]
		queue = queue[1:]
		w := st.v
		if w == u {
			return false
		}
		start := y.has(w) && !st.head

		// Leaving w by an edge with a tail at w (w -> c): w is a non-collider.
		if start || !cond.has(w) {
			for _, c := range g.children[w] {
				if hasEdge(w, c) {
					visit(state{c, true})
				}
			}
		}

		// Leaving w by an edge with an arrowhead at w (w <- p or w <-> c): w is
		// a collider when the path arrived with an arrowhead too.
		pass := start || (st.head && anc.has(w)) || (!st.head && !cond.has(w))
		if !pass {
			continue
		}
		for _, p := range g.parents[w] {
			if hasEdge(p, w) {
				visit(state{p, false})
			}
		}
		for _, c := range g.siblings[w] {
			if !x.has(c) && !x.has(w) {
				visit(state{c, true})
			}
		}
	}
	return true
}

// ancestorsIDC returns the ancestors of cond in the graph without the edges
// into x and without the directed edges out of u.
func (s *idState) ancestorsIDC(cond nodeSet, u int, x nodeSet) nodeSet {
	anc := cond.clone()
	stack := cond.members()
	for len(stack) > 0 {
		w := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if x.has(w) {
			continue // the edges into w are removed
		}
		for _, p := range s.g.parents[w] {
			if p != u && !anc.has(p) {
				anc.add(p)
				stack = append(stack, p)
			}
		}
	}
	return anc
}
