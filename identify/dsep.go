package identify

import (
	"fmt"
	"slices"
	"strings"
)

// EdgeKind is the kind and direction of one edge of a Path.
type EdgeKind int

const (
	// EdgeForward is a directed edge from the earlier node to the later: A -> B.
	EdgeForward EdgeKind = iota
	// EdgeBackward is a directed edge from the later node to the earlier: A <- B.
	EdgeBackward
	// EdgeBidirected is a bidirected edge: A <-> B.
	EdgeBidirected
)

// String returns the edge as the graph syntax writes it: "->", "<-" or "<->".
func (k EdgeKind) String() string {
	switch k {
	case EdgeForward:
		return "->"
	case EdgeBackward:
		return "<-"
	case EdgeBidirected:
		return "<->"
	}
	return fmt.Sprintf("EdgeKind(%d)", int(k))
}

// headAtStart reports whether the edge has an arrowhead at its earlier node.
func (k EdgeKind) headAtStart() bool { return k != EdgeForward }

// headAtEnd reports whether the edge has an arrowhead at its later node.
func (k EdgeKind) headAtEnd() bool { return k != EdgeBackward }

// Path is a path of a graph: node Nodes[i] is joined to Nodes[i+1] by an edge
// of kind Edges[i], and no node appears twice. A path of one node has no edges.
type Path struct {
	Nodes []int
	Names []string // Names[i] is the name of Nodes[i]
	Edges []EdgeKind
}

// String returns the path in the graph syntax, for example "X <- U -> Y".
func (p Path) String() string {
	var b strings.Builder
	for i, name := range p.Names {
		if i > 0 {
			fmt.Fprintf(&b, " %s ", p.Edges[i-1])
		}
		b.WriteString(quoteName(name))
	}
	return b.String()
}

// DSeparated reports whether the node sets x and y are d-separated given z in g:
// whether every path between a node of x and a node of y is blocked by z. For
// graphs with bidirected edges this is m-separation. A path is blocked when one
// of its inner nodes is a collider (both adjacent edges have an arrowhead at it,
// as in A -> C <- B or A -> C <-> B) that is not an ancestor of a node of z, or
// is a non-collider that is in z. An empty x or y is d-separated from anything.
//
// The sets must hold valid node indices, each at most once, and be pairwise
// disjoint. Otherwise DSeparated returns an error naming the first node that
// is out of range, listed twice in one set or in two sets. The search is the
// Bayes-ball reachability search, extended with bidirected edges, and runs in
// time linear in the size of g.
func DSeparated(g *Graph, x, y, z []int) (bool, error) {
	if err := checkSets(g, "d-separation", []string{"x", "y", "z"}, x, y, z); err != nil {
		return false, err
	}
	s := newSearch(g, nil, z)
	return s.run(x, setOf(g.NumNodes(), y...), false) < 0, nil
}

// OpenPath returns a shortest path between a node of x and a node of y that z
// does not block, and whether there is one. Such a path is the witness that x
// and y are not d-separated given z. Its first node is in x and its last node
// is in y. The arguments are checked as by DSeparated.
func OpenPath(g *Graph, x, y, z []int) (Path, bool, error) {
	if err := checkSets(g, "d-separation", []string{"x", "y", "z"}, x, y, z); err != nil {
		return Path{}, false, err
	}
	s := newSearch(g, nil, z)
	end := s.run(x, setOf(g.NumNodes(), y...), true)
	if end < 0 {
		return Path{}, false, nil
	}
	return s.path(end), true, nil
}

// checkSets returns an error when a set holds an index that is not a node of g,
// when a set lists a node twice, or when two sets share a node. The error names
// the task, the sets by the given labels and the node.
func checkSets(g *Graph, task string, labels []string, sets ...[]int) error {
	n := g.NumNodes()
	owner := make([]uint8, n) // 1 + the index of the set holding each node, or 0
	for i, set := range sets {
		for _, v := range set {
			if v < 0 || v >= n {
				return fmt.Errorf("identify: %s: node index %d in %s is out of range: the graph has nodes 0 to %d",
					task, v, labels[i], n-1)
			}
			if j := int(owner[v]) - 1; j == i {
				return fmt.Errorf("identify: %s: node %s is listed twice in %s: list each node once",
					task, quoteName(g.Name(v)), labels[i])
			} else if j >= 0 {
				return fmt.Errorf("identify: %s: node %s is in both %s and %s: the sets must be disjoint",
					task, quoteName(g.Name(v)), labels[j], labels[i])
			}
			owner[v] = uint8(i + 1)
		}
	}
	return nil
}

// A search state is a node together with the mark at the node of the edge by
// which the search arrived. The mark is a tail when the search came from a
// child or started at the node, and an arrowhead when it came from a parent or
// a sibling. State 2v is node v reached at a tail, 2v+1 node v reached at an
// arrowhead.
const (
	atTail = 0
	atHead = 1
)

// search finds the nodes d-connected to a start set given a conditioning set,
// by breadth-first search over search states. It can ignore the directed edges
// out of a set of nodes, as in the graph written G with X underlined, which is
// how back-door paths are searched.
type search struct {
	g     *Graph
	cut   nodeSet // directed edges out of these nodes are ignored; nil for none
	given nodeSet // the conditioning set
	anc   nodeSet // the ancestors in g of the conditioning set, the set included

	prev  []int32    // state before each visited state; -1 at a start, -2 if unvisited
	edges []EdgeKind // the edge by which each visited state was reached; nil if not recorded
	queue []int32
}

// newSearch returns a search of g given z that ignores the edges out of cut.
// Ancestry for the collider rule is always taken in g itself.
func newSearch(g *Graph, cut []int, z []int) *search {
	n := g.NumNodes()
	s := &search{
		g:     g,
		given: setOf(n, z...),
		anc:   g.closure(z, g.parents),
		prev:  make([]int32, 2*n),
	}
	if len(cut) > 0 {
		s.cut = setOf(n, cut...)
	}
	return s
}

// cuts reports whether the directed edges out of v are ignored.
func (s *search) cuts(v int) bool { return s.cut != nil && s.cut.has(v) }

// run searches from the nodes of from and returns the first state reached at a
// node of to, or -1 when none is reached. The start nodes must not be in the
// conditioning set. When record is false, run keeps no predecessors and the
// result cannot be turned into a path.
func (s *search) run(from []int, to nodeSet, record bool) int {
	for i := range s.prev {
		s.prev[i] = -2
	}
	s.edges = nil
	if record {
		s.edges = make([]EdgeKind, len(s.prev))
	}
	s.queue = s.queue[:0]
	for _, v := range from {
		st := int32(2*v + atTail)
		if s.prev[st] == -2 {
			s.prev[st] = -1
			s.queue = append(s.queue, st)
		}
	}
	for head := 0; head < len(s.queue); head++ {
		st := int(s.queue[head])
		v, mark := st/2, st%2
		if to.has(v) {
			return st
		}
		s.expand(st, v, mark)
	}
	return -1
}

// expand visits the states that follow state st, at node v reached by mark.
// The edge to a parent or a sibling has an arrowhead at v, and the edge to a
// child has a tail. So v is a collider when the search reached it at an
// arrowhead and leaves by an arrowhead.
func (s *search) expand(st, v, mark int) {
	g := s.g
	inGiven := s.given.has(v)
	if mark == atTail && inGiven {
		return
	}
	// Leaving by a tail: v is a non-collider.
	if !inGiven && !s.cuts(v) {
		for _, c := range g.children[v] {
			s.visit(st, 2*c+atHead, EdgeForward)
		}
	}
	// Leaving by an arrowhead: v is a collider when it was reached at one.
	if mark == atHead && !s.anc.has(v) {
		return
	}
	for _, p := range g.parents[v] {
		if !s.cuts(p) {
			s.visit(st, 2*p+atTail, EdgeBackward)
		}
	}
	for _, w := range g.siblings[v] {
		s.visit(st, 2*w+atHead, EdgeBidirected)
	}
}

func (s *search) visit(from, to int, kind EdgeKind) {
	if s.prev[to] != -2 {
		return
	}
	s.prev[to] = int32(from)
	if s.edges != nil {
		s.edges[to] = kind
	}
	s.queue = append(s.queue, int32(to))
}

// path returns the path that run followed to reach state end. The search is
// breadth-first, so the walk it followed is a shortest open walk. Such a walk
// never repeats a node, because cutting out the part between two visits of a
// node would leave a shorter walk that is still open.
func (s *search) path(end int) Path {
	var p Path
	for st := end; st >= 0; st = int(s.prev[st]) {
		p.Nodes = append(p.Nodes, st/2)
		if s.prev[st] >= 0 {
			p.Edges = append(p.Edges, s.edges[st])
		}
	}
	slices.Reverse(p.Nodes)
	slices.Reverse(p.Edges)
	p.Names = s.g.namesOf(p.Nodes)
	return p
}
