package identify

import "slices"

// separation is the search for back-door sets as vertex separators of an
// undirected graph.
//
// Let G' be g without the directed edges out of x, and A the ancestors of x and
// y in G'. A set z of A m-separates x and y in G' exactly when z separates them
// in the augmented (moral) graph of G'[A], in which two nodes are adjacent when
// a path of colliders joins them. Every minimal m-separator lies in A, and if
// any separator within the allowed nodes exists, the allowed nodes of A form
// one. The allowed nodes are those that a back-door set may hold: neither in x
// or y nor a descendant of x.
//
// In the augmented graph every district D of G'[A] makes the nodes of D and of
// its parents pairwise adjacent. Instead of that clique the graph has a hub
// node joined to each of them. A hub is never in a separator, so paths and
// cuts are the same, and the graph stays linear in the size of g. Nodes 0 to
// n-1 are the nodes of g, and hubs follow.
type separation struct {
	n       int     // the number of nodes of g
	size    int     // the number of nodes of the augmented graph, hubs included
	offset  []int32 // the neighbours of v are adj[offset[v]:offset[v+1]]
	adj     []int32 // the augmented graph; nodes of g outside A are isolated
	allowed []bool  // nodes that a separator may hold
	source  []int   // x
	target  []bool  // y, with room for the hubs
}

// neighbours returns the nodes adjacent to v in the augmented graph.
func (s *separation) neighbours(v int) []int32 { return s.adj[s.offset[v]:s.offset[v+1]] }

// newBackDoorSeparation returns the separation problem whose minimal
// separators are the minimal back-door sets for (x, y).
func newBackDoorSeparation(g *Graph, x, y []int) (*separation, error) {
	if err := checkEffectSets(g, "back-door criterion", x, y, nil); err != nil {
		return nil, err
	}
	n := g.NumNodes()
	treated := setOf(n, x...)
	descendants := g.closure(x, g.children)

	// A: the ancestors of x and y in G', where no edge leaves a node of x.
	inA := make([]bool, n)
	stack := make([]int, 0, n)
	for _, v := range slices.Concat(x, y) {
		if !inA[v] {
			inA[v] = true
			stack = append(stack, v)
		}
	}
	for len(stack) > 0 {
		v := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for _, p := range g.parents[v] {
			if !inA[p] && !treated.has(p) {
				inA[p] = true
				stack = append(stack, p)
			}
		}
	}

	s := &separation{n: n, source: sortedSet(x), target: make([]bool, n)}
	for _, v := range y {
		s.target[v] = true
	}
	s.addHubs(g, inA, treated)
	s.target = append(s.target, make([]bool, s.size-n)...)
	s.allowed = make([]bool, s.size)
	for v := range n {
		s.allowed[v] = inA[v] && !descendants.has(v) && !s.target[v]
	}
	return s, nil
}

// addHubs adds one hub for each district of G'[A] and joins it to the district
// and to the district's parents in G'. It sets size, offset and adj.
func (s *separation) addHubs(g *Graph, inA []bool, treated nodeSet) {
	district := make([]int, s.n) // 1 + the district of each node of A, or 0
	stamp := make([]int, s.n)    // 1 + the last hub that a node was joined to
	var members []int
	var joins [][2]int32 // (hub, node) pairs
	hub := int32(s.n)
	for root := range s.n {
		if !inA[root] || district[root] != 0 {
			continue
		}
		// Collect the district of root within A.
		id := root + 1
		members = append(members[:0], root)
		district[root] = id
		for i := 0; i < len(members); i++ {
			for _, w := range g.siblings[members[i]] {
				if inA[w] && district[w] == 0 {
					district[w] = id
					members = append(members, w)
				}
			}
		}
		join := func(v int) {
			if stamp[v] != int(hub)+1 {
				stamp[v] = int(hub) + 1
				joins = append(joins, [2]int32{hub, int32(v)})
			}
		}
		for _, v := range members {
			join(v)
		}
		for _, v := range members {
			for _, p := range g.parents[v] {
				if !treated.has(p) {
					join(p)
				}
			}
		}
		hub++
	}

	// Store the undirected edges hub - node in compressed rows.
	s.size = int(hub)
	s.offset = make([]int32, s.size+1)
	for _, e := range joins {
		s.offset[e[0]+1]++
		s.offset[e[1]+1]++
	}
	for v := range s.size {
		s.offset[v+1] += s.offset[v]
	}
	s.adj = make([]int32, 2*len(joins))
	next := slices.Clone(s.offset[:s.size])
	for _, e := range joins {
		s.adj[next[e[0]]] = e[1]
		next[e[0]]++
		s.adj[next[e[1]]] = e[0]
		next[e[1]]++
	}
}

// reach marks in seen every node reachable from the marked nodes without
// passing a node for which stop returns true. Such stopping nodes are marked
// when reached. It returns the nodes newly marked.
func (s *separation) reach(seen []bool, stop func(v int) bool) []int {
	queue := make([]int, 0, s.size)
	for v, ok := range seen {
		if ok {
			queue = append(queue, v)
		}
	}
	start := len(queue)
	for head := 0; head < len(queue); head++ {
		v := queue[head]
		if head >= start && stop(v) {
			continue
		}
		for _, w := range s.neighbours(v) {
			if !seen[w] {
				seen[w] = true
				queue = append(queue, int(w))
			}
		}
	}
	return queue[start:]
}

// cutOff returns the nodes of cut that are reached from the marked nodes
// without passing through another node of cut.
func (s *separation) cutOff(from []bool, cut []bool) []bool {
	seen := slices.Clone(from)
	out := make([]bool, s.size)
	for _, v := range s.reach(seen, func(v int) bool { return cut[v] }) {
		if cut[v] {
			out[v] = true
		}
	}
	return out
}

// separates reports whether removing the nodes of cut leaves no path from the
// source to the target.
func (s *separation) separates(cut []bool) bool {
	seen := s.sourceSet()
	for _, v := range s.reach(seen, func(v int) bool { return cut[v] }) {
		if s.target[v] && !cut[v] {
			return false
		}
	}
	return true
}

func (s *separation) sourceSet() []bool {
	seen := make([]bool, s.size)
	for _, v := range s.source {
		seen[v] = true
	}
	return seen
}

func (s *separation) targetSet() []bool {
	seen := make([]bool, s.size)
	copy(seen, s.target)
	return seen
}

// members returns the marked nodes of g in increasing order.
func (s *separation) members(set []bool) []int {
	out := []int{}
	for v := range s.n {
		if set[v] {
			out = append(out, v)
		}
	}
	return out
}

// minimal returns an inclusion-minimal separator: starting from all allowed
// nodes, it keeps those reached from the source, and of them those reached from
// the target. Both sides of the result are then full components, which makes it
// minimal.
func (s *separation) minimal() ([]int, bool) {
	if !s.separates(s.allowed) {
		return nil, false
	}
	nearSource := s.cutOff(s.sourceSet(), s.allowed)
	return s.members(s.cutOff(s.targetSet(), nearSource)), true
}

// minimum returns a separator of the fewest allowed nodes. It splits every
// node v into an arc from in(v) to out(v), of capacity 1 for an allowed node
// and unbounded otherwise. After a maximum flow from the source to the target
// by shortest augmenting paths, the cut is the allowed nodes whose arc leaves
// the part of the residual graph that the source reaches.
func (s *separation) minimum() ([]int, bool) {
	if !s.separates(s.allowed) {
		return nil, false
	}
	f := newFlowNetwork(s)
	for f.augment() {
	}
	reached := f.residualReach()
	cut := make([]bool, s.size)
	for v := range s.n {
		cut[v] = s.allowed[v] && reached[2*v] && !reached[2*v+1]
	}
	return s.members(cut), true
}

// unbounded is the capacity of an arc that no cut may use. A flow never
// reaches it, because every augmenting path passes an arc of capacity 1.
const unbounded = 1 << 30

// flowNetwork is the split graph of a separation with a residual capacity on
// every arc. Arc e and arc e^1 are reverses of each other.
type flowNetwork struct {
	first  []int32 // the first arc leaving each node, or -1
	next   []int32 // the next arc leaving the same node, or -1
	head   []int32 // the node that each arc enters
	cap    []int32 // the residual capacity of each arc
	source int
	sink   int
}

func newFlowNetwork(s *separation) *flowNetwork {
	nodes := 2*s.size + 2
	arcs := 2 * (s.size + len(s.adj) + len(s.source) + s.n)
	f := &flowNetwork{
		first:  make([]int32, nodes),
		next:   make([]int32, 0, arcs),
		head:   make([]int32, 0, arcs),
		cap:    make([]int32, 0, arcs),
		source: nodes - 2,
		sink:   nodes - 1,
	}
	for i := range f.first {
		f.first[i] = -1
	}
	for v := range s.size {
		c := int32(unbounded)
		if s.allowed[v] {
			c = 1
		}
		f.addArc(2*v, 2*v+1, c)
		for _, w := range s.neighbours(v) {
			f.addArc(2*v+1, 2*int(w), unbounded)
		}
	}
	for _, v := range s.source {
		f.addArc(f.source, 2*v, unbounded)
	}
	for v := range s.n {
		if s.target[v] {
			f.addArc(2*v+1, f.sink, unbounded)
		}
	}
	return f
}

func (f *flowNetwork) addArc(from, to int, c int32) {
	for _, a := range [2]struct {
		from, to int
		c        int32
	}{{from, to, c}, {to, from, 0}} {
		f.head = append(f.head, int32(a.to))
		f.cap = append(f.cap, a.c)
		f.next = append(f.next, f.first[a.from])
		f.first[a.from] = int32(len(f.head) - 1)
	}
}

// augment pushes one unit of flow along a shortest path of the residual graph
// and reports whether there was one.
func (f *flowNetwork) augment() bool {
	via := make([]int32, len(f.first)) // the arc that reached each node, or -1
	for i := range via {
		via[i] = -1
	}
	queue := []int{f.source}
	for head := 0; head < len(queue) && via[f.sink] < 0; head++ {
		v := queue[head]
		for e := f.first[v]; e >= 0; e = f.next[e] {
			w := int(f.head[e])
			if f.cap[e] > 0 && via[w] < 0 && w != f.source {
				via[w] = e
				queue = append(queue, w)
			}
		}
	}
	if via[f.sink] < 0 {
		return false
	}
	for v := f.sink; v != f.source; {
		e := via[v]
		f.cap[e]--
		f.cap[e^1]++
		v = int(f.head[e^1])
	}
	return true
}

// residualReach marks the nodes that the source reaches in the residual graph.
func (f *flowNetwork) residualReach() []bool {
	seen := make([]bool, len(f.first))
	seen[f.source] = true
	queue := []int{f.source}
	for head := 0; head < len(queue); head++ {
		for e := f.first[queue[head]]; e >= 0; e = f.next[e] {
			if w := int(f.head[e]); f.cap[e] > 0 && !seen[w] {
				seen[w] = true
				queue = append(queue, w)
			}
		}
	}
	return seen
}

// all returns the minimal separators, at most limit of them when limit is
// positive, in the order the search finds them.
func (s *separation) all(limit int) [][]int {
	sets := [][]int{}
	s.branch(s.sourceSet(), make([]bool, s.size), func(z []int) bool {
		sets = append(sets, z)
		return limit <= 0 || len(sets) < limit
	})
	return sets
}

// branch calls emit with every minimal separator z such that the nodes marked
// in side lie in the source's component once z is removed and the nodes marked
// in forced are in z. It returns false as soon as emit does.
//
// The separator closest to side is the neighbourhood of the target's component
// once side and its neighbours are removed. Every wanted separator leaves the
// whole component of side that this closest separator bounds on the source's
// side, so branch grows side to that component. It then picks a node v of the
// closest separator. The wanted separators either contain v or leave it on the
// source's side, and branch searches the two cases in turn. The first case
// always yields the closest separator, so every split yields a result.
func (s *separation) branch(side, forced []bool, emit func([]int) bool) bool {
	// Nodes that no separator may hold and that touch side join it; the
	// allowed nodes that touch it form its boundary.
	side = slices.Clone(side)
	boundary := make([]bool, s.size)
	for _, v := range s.reach(side, func(v int) bool { return s.allowed[v] }) {
		switch {
		case s.target[v]:
			return true
		case s.allowed[v]:
			boundary[v] = true
			side[v] = false
		}
	}
	// The closest separator: the nodes of boundary next to the target's side.
	far := s.targetSet()
	s.reach(far, func(v int) bool { return boundary[v] || side[v] })
	closest := make([]bool, s.size)
	for v := range boundary {
		closest[v] = boundary[v] && far[v]
	}
	for v, ok := range forced {
		if ok && !closest[v] {
			return true
		}
	}
	s.reach(side, func(v int) bool { return closest[v] })
	for v := range side {
		side[v] = side[v] && !closest[v]
	}

	pick := -1
	for v, ok := range closest {
		if ok && !forced[v] {
			pick = v
			break
		}
	}
	if pick < 0 {
		return emit(s.members(closest))
	}
	withPick := slices.Clone(forced)
	withPick[pick] = true
	if !s.branch(side, withPick, emit) {
		return false
	}
	side[pick] = true
	return s.branch(side, forced, emit)
}
