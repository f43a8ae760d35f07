package identify

import (
	"fmt"
	"slices"
	"strings"

	"gonum.org/v1/gonum/graph"
	"gonum.org/v1/gonum/graph/simple"
	"gonum.org/v1/gonum/graph/topo"
)

// Graph is an acyclic directed mixed graph (ADMG): a set of named nodes joined by
// directed edges (A -> B, A is a direct cause of B) and bidirected edges (A <-> B,
// A and B share an unobserved common cause). The directed part is always acyclic:
// AddEdge rejects an edge that would close a directed cycle.
//
// Nodes are numbered 0, 1, ... in the order they were added. Every method that
// returns a set of nodes returns their indices in increasing order.
type Graph struct {
	names []string
	index map[string]int

	parents  [][]int
	children [][]int
	siblings [][]int // bidirected neighbours
}

// NewGraph returns an empty graph.
func NewGraph() *Graph {
	return &Graph{index: make(map[string]int)}
}

// AddNode adds a node named name and returns its index. When the graph already
// holds a node of that name, AddNode returns the existing index.
func (g *Graph) AddNode(name string) int {
	if v, ok := g.index[name]; ok {
		return v
	}
	v := len(g.names)
	g.names = append(g.names, name)
	g.index[name] = v
	g.parents = append(g.parents, nil)
	g.children = append(g.children, nil)
	g.siblings = append(g.siblings, nil)
	return v
}

// AddEdge adds the directed edge from -> to, adding either node when it is absent.
// Adding an edge twice has no effect. An edge that would close a directed cycle,
// a self-loop included, is not added: AddEdge returns a *CycleError listing the
// cycle.
func (g *Graph) AddEdge(from, to string) error {
	u := g.AddNode(from)
	v := g.AddNode(to)
	return g.addEdge(u, v)
}

// AddBidirected adds the bidirected edge a <-> b, adding either node when it is
// absent. Adding an edge twice, in either direction, has no effect. A bidirected
// self-loop a <-> a is rejected with an error.
func (g *Graph) AddBidirected(a, b string) error {
	if a == b {
		return fmt.Errorf("identify: invalid bidirected edge %s <-> %s: both ends are the same node", quoteName(a), quoteName(b))
	}
	u := g.AddNode(a)
	v := g.AddNode(b)
	g.addBidirected(u, v)
	return nil
}

// addEdge adds u -> v between existing nodes, rejecting a cycle.
func (g *Graph) addEdge(u, v int) error {
	if slices.Contains(g.children[u], v) {
		return nil
	}
	if path := g.directedPath(v, u); path != nil {
		return g.newCycleError(path)
	}
	g.children[u] = insertSorted(g.children[u], v)
	g.parents[v] = insertSorted(g.parents[v], u)
	return nil
}

// addBidirected adds u <-> v between existing distinct nodes.
func (g *Graph) addBidirected(u, v int) {
	if u == v {
		panic("identify: bidirected self-loop")
	}
	if slices.Contains(g.siblings[u], v) {
		return
	}
	g.siblings[u] = insertSorted(g.siblings[u], v)
	g.siblings[v] = insertSorted(g.siblings[v], u)
}

// insertSorted inserts x into the sorted slice s.
func insertSorted(s []int, x int) []int {
	i, _ := slices.BinarySearch(s, x)
	return slices.Insert(s, i, x)
}

// directedPath returns the nodes of a directed path from u to v, both included,
// or nil when there is none. The path of u to itself is [u].
func (g *Graph) directedPath(u, v int) []int {
	if u == v {
		return []int{u}
	}
	prev := make([]int, len(g.names))
	for i := range prev {
		prev[i] = -1
	}
	prev[u] = u
	queue := []int{u}
	for len(queue) > 0 {
		w := queue[0]
		queue = queue[1:]
		for _, c := range g.children[w] {
			if prev[c] >= 0 {
				continue
			}
			prev[c] = w
			if c == v {
				var path []int
				for x := v; x != u; x = prev[x] {
					path = append(path, x)
				}
				path = append(path, u)
				slices.Reverse(path)
				return path
			}
			queue = append(queue, c)
		}
	}
	return nil
}

// newCycleError returns the cycle closed by adding the edge from the last node
// of path to its first, rotated to start at the earliest added node.
func (g *Graph) newCycleError(path []int) *CycleError {
	start := 0
	for i, v := range path {
		if v < path[start] {
			start = i
		}
	}
	cycle := make([]string, 0, len(path)+1)
	for i := range path {
		cycle = append(cycle, g.names[path[(start+i)%len(path)]])
	}
	cycle = append(cycle, cycle[0])
	return &CycleError{Cycle: cycle}
}

// CycleError is a directed cycle, which an ADMG cannot contain.
type CycleError struct {
	// Cycle lists the node names along the cycle; the first name is repeated
	// at the end.
	Cycle []string
}

// Error returns a message listing the nodes along the cycle.
func (e *CycleError) Error() string {
	quoted := make([]string, len(e.Cycle))
	for i, name := range e.Cycle {
		quoted[i] = quoteName(name)
	}
	return "identify: directed cycle " + strings.Join(quoted, " -> ")
}

// NumNodes returns the number of nodes.
func (g *Graph) NumNodes() int { return len(g.names) }

// Name returns the name of node v.
func (g *Graph) Name(v int) string { return g.names[v] }

// Names returns the node names in index order.
func (g *Graph) Names() []string { return slices.Clone(g.names) }

// Index returns the index of the node named name.
func (g *Graph) Index(name string) (int, bool) {
	v, ok := g.index[name]
	return v, ok
}

// Parents returns the parents of v in increasing order. The slice belongs to the
// graph and must not be modified.
func (g *Graph) Parents(v int) []int { return g.parents[v][:len(g.parents[v]):len(g.parents[v])] }

// Children returns the children of v in increasing order. The slice belongs to
// the graph and must not be modified.
func (g *Graph) Children(v int) []int { return g.children[v][:len(g.children[v]):len(g.children[v])] }

// Siblings returns the nodes joined to v by a bidirected edge, in increasing
// order. The slice belongs to the graph and must not be modified.
func (g *Graph) Siblings(v int) []int { return g.siblings[v][:len(g.siblings[v]):len(g.siblings[v])] }

// HasEdge reports whether the graph has the directed edge u -> v.
func (g *Graph) HasEdge(u, v int) bool {
	_, ok := slices.BinarySearch(g.children[u], v)
	return ok
}

// HasBidirected reports whether the graph has the bidirected edge u <-> v.
func (g *Graph) HasBidirected(u, v int) bool {
	_, ok := slices.BinarySearch(g.siblings[u], v)
	return ok
}

// Edges returns the directed edges as (from, to) pairs, ordered by from, then to.
func (g *Graph) Edges() [][2]int {
	var edges [][2]int
	for u, cs := range g.children {
		for _, v := range cs {
			edges = append(edges, [2]int{u, v})
		}
	}
	return edges
}

// BidirectedEdges returns the bidirected edges as pairs (a, b) with a < b, in
// increasing order.
func (g *Graph) BidirectedEdges() [][2]int {
	var edges [][2]int
	for u, ss := range g.siblings {
		for _, v := range ss {
			if u < v {
				edges = append(edges, [2]int{u, v})
			}
		}
	}
	return edges
}

// Ancestors returns the ancestors of the nodes in vs: every node with a directed
// path to one of them, the nodes of vs included.
func (g *Graph) Ancestors(vs []int) []int {
	return g.closure(vs, g.parents).members()
}

// Descendants returns the descendants of the nodes in vs: every node reached by
// a directed path from one of them, the nodes of vs included.
func (g *Graph) Descendants(vs []int) []int {
	return g.closure(vs, g.children).members()
}

// closure returns vs and every node reached from vs along next.
func (g *Graph) closure(vs []int, next [][]int) nodeSet {
	seen := newNodeSet(len(g.names))
	stack := make([]int, 0, len(vs))
	for _, v := range vs {
		if !seen.has(v) {
			seen.add(v)
			stack = append(stack, v)
		}
	}
	for len(stack) > 0 {
		v := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for _, w := range next[v] {
			if !seen.has(w) {
				seen.add(w)
				stack = append(stack, w)
			}
		}
	}
	return seen
}

// Subgraph returns the subgraph induced by the nodes vs: those nodes, with every
// edge of g between two of them. Node i of the result is the i-th smallest index
// in vs, and keeps its name. Repeated indices count once.
func (g *Graph) Subgraph(vs []int) *Graph {
	keep := slices.Clone(vs)
	slices.Sort(keep)
	keep = slices.Compact(keep)
	pos := make(map[int]int, len(keep))
	h := NewGraph()
	for i, v := range keep {
		pos[v] = i
		h.AddNode(g.names[v])
	}
	for i, v := range keep {
		for _, c := range g.children[v] {
			if j, ok := pos[c]; ok {
				h.children[i] = append(h.children[i], j)
				h.parents[j] = append(h.parents[j], i)
			}
		}
		for _, s := range g.siblings[v] {
			if j, ok := pos[s]; ok {
				h.siblings[i] = append(h.siblings[i], j)
			}
		}
	}
	return h
}

// Districts returns the districts (c-components) of the graph: the connected
// components of its bidirected part. Each district is sorted, and districts are
// ordered by their smallest node.
func (g *Graph) Districts() [][]int {
	u := simple.NewUndirectedGraph()
	for v := range g.names {
		u.AddNode(simple.Node(v))
	}
	for _, e := range g.BidirectedEdges() {
		u.SetEdge(simple.Edge{F: simple.Node(e[0]), T: simple.Node(e[1])})
	}
	var districts [][]int
	for _, comp := range topo.ConnectedComponents(u) {
		d := make([]int, len(comp))
		for i, n := range comp {
			d[i] = int(n.ID())
		}
		slices.Sort(d)
		districts = append(districts, d)
	}
	slices.SortFunc(districts, func(a, b []int) int { return a[0] - b[0] })
	return districts
}

// District returns the district (c-component) containing v: the nodes joined to
// v by a path of bidirected edges, v included.
func (g *Graph) District(v int) []int {
	return g.closure([]int{v}, g.siblings).members()
}

// Topological returns the nodes in a topological order of the directed edges:
// every parent comes before its children. The order depends only on the graph,
// not on the order in which its edges were added.
func (g *Graph) Topological() []int {
	sorted, err := topo.SortStabilized(g.Directed(), nil)
	if err != nil {
		// NOTE: AddEdge rejects every edge that would close a cycle.
		panic("identify: cycle in an acyclic graph: " + err.Error())
	}
	order := make([]int, len(sorted))
	for i, n := range sorted {
		order[i] = int(n.ID())
	}
	return order
}

// Directed returns the directed part of g as a gonum graph whose node IDs are
// the node indices of g. The result is a copy: later changes to g do not show.
func (g *Graph) Directed() graph.Directed {
	d := simple.NewDirectedGraph()
	for v := range g.names {
		d.AddNode(simple.Node(v))
	}
	for u, cs := range g.children {
		for _, v := range cs {
			d.SetEdge(simple.Edge{F: simple.Node(u), T: simple.Node(v)})
		}
	}
	return d
}

// String returns g in the graph syntax that ParseGraph reads: one statement per
// line, directed edges first, then bidirected edges, then isolated nodes.
func (g *Graph) String() string {
	var b strings.Builder
	for _, e := range g.Edges() {
		fmt.Fprintf(&b, "%s -> %s\n", quoteName(g.names[e[0]]), quoteName(g.names[e[1]]))
	}
	for _, e := range g.BidirectedEdges() {
		fmt.Fprintf(&b, "%s <-> %s\n", quoteName(g.names[e[0]]), quoteName(g.names[e[1]]))
	}
	for v, name := range g.names {
		if len(g.parents[v])+len(g.children[v])+len(g.siblings[v]) == 0 {
			fmt.Fprintf(&b, "%s\n", quoteName(name))
		}
	}
	return b.String()
}

// namesOf returns the names of the nodes vs, in the same order.
func (g *Graph) namesOf(vs []int) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = g.names[v]
	}
	return out
}
