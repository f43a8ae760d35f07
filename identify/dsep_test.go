package identify

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"pgregory.net/rapid"
)

// The helpers prefixed bf are brute-force references: they enumerate every
// path of a small graph and apply the textbook definitions directly.

// bfGraph draws a random ADMG of up to maxNodes nodes named v0, v1, ...
// Directed edges go from lower to higher index, so the graph is acyclic.
func bfGraph(t *rapid.T, maxNodes int) *Graph {
	n := rapid.IntRange(1, maxNodes).Draw(t, "nodes")
	pDir := rapid.Float64Range(0, 0.7).Draw(t, "pDirected")
	pBi := rapid.Float64Range(0, 0.5).Draw(t, "pBidirected")
	seed := rapid.Uint64().Draw(t, "seed")
	return bfGraphSeeded(rand.New(rand.NewPCG(seed, 1)), n, pDir, pBi)
}

func bfGraphSeeded(rng *rand.Rand, n int, pDir, pBi float64) *Graph {
	g := NewGraph()
	for i := range n {
		g.AddNode(fmt.Sprintf("v%d", i))
	}
	for i := range n {
		for j := i + 1; j < n; j++ {
			if rng.Float64() < pDir {
				if err := g.AddEdge(g.Name(i), g.Name(j)); err != nil {
					panic(err)
				}
			}
			if rng.Float64() < pBi {
				if err := g.AddBidirected(g.Name(i), g.Name(j)); err != nil {
					panic(err)
				}
			}
		}
	}
	return g
}

// bfPartition draws disjoint sets x, y, z of the nodes of g, x and y non-empty
// when g has at least two nodes.
func bfPartition(t *rapid.T, g *Graph) (x, y, z []int) {
	n := g.NumNodes()
	perm := rapid.Permutation(bfSeq(n)).Draw(t, "perm")
	nx := rapid.IntRange(1, max(1, n-1)).Draw(t, "nx")
	ny := rapid.IntRange(0, n-nx).Draw(t, "ny")
	nz := rapid.IntRange(0, n-nx-ny).Draw(t, "nz")
	x = slices.Sorted(slices.Values(perm[:nx]))
	y = slices.Sorted(slices.Values(perm[nx : nx+ny]))
	z = slices.Sorted(slices.Values(perm[nx+ny : nx+ny+nz]))
	return x, y, z
}

func bfSeq(n int) []int {
	s := make([]int, n)
	for i := range s {
		s[i] = i
	}
	return s
}

// bfAncestors returns the ancestors of vs, vs included, by fixed-point iteration
// over the edge list.
func bfAncestors(g *Graph, vs []int) []bool {
	an := make([]bool, g.NumNodes())
	for _, v := range vs {
		an[v] = true
	}
	for changed := true; changed; {
		changed = false
		for _, e := range g.Edges() {
			if an[e[1]] && !an[e[0]] {
				an[e[0]] = true
				changed = true
			}
		}
	}
	return an
}

// bfPaths calls fn with every path from a to b. The slices passed to fn are
// reused between calls.
func bfPaths(g *Graph, a, b int, fn func(nodes []int, edges []EdgeKind)) {
	on := make([]bool, g.NumNodes())
	nodes := []int{a}
	var edges []EdgeKind
	on[a] = true
	var walk func(v int)
	step := func(w int, k EdgeKind) {
		if on[w] {
			return
		}
		on[w] = true
		nodes = append(nodes, w)
		edges = append(edges, k)
		walk(w)
		nodes = nodes[:len(nodes)-1]
		edges = edges[:len(edges)-1]
		on[w] = false
	}
	walk = func(v int) {
		if v == b {
			fn(nodes, edges)
			return
		}
		for w := range g.NumNodes() {
			if g.HasEdge(v, w) {
				step(w, EdgeForward)
			}
			if g.HasEdge(w, v) {
				step(w, EdgeBackward)
			}
			if g.HasBidirected(v, w) {
				step(w, EdgeBidirected)
			}
		}
	}
	walk(a)
}

// bfOpen reports whether the path is open given the set z whose ancestors are
// marked in an.
func bfOpen(nodes []int, edges []EdgeKind, z []int, an []bool) bool {
	for k := 1; k < len(nodes)-1; k++ {
		v := nodes[k]
		collider := edges[k-1].headAtEnd() && edges[k].headAtStart()
		if collider && !an[v] {
			return false
		}
		if !collider && slices.Contains(z, v) {
			return false
		}
	}
	return true
}

// bfShortestOpen returns the number of edges of a shortest open path between x
// and y given z, or -1 when every path is blocked.
func bfShortestOpen(g *Graph, x, y, z []int) int {
	an := bfAncestors(g, z)
	best := -1
	for _, a := range x {
		for _, b := range y {
			bfPaths(g, a, b, func(nodes []int, edges []EdgeKind) {
				if bfOpen(nodes, edges, z, an) && (best < 0 || len(edges) < best) {
					best = len(edges)
				}
			})
		}
	}
	return best
}

// bfTB is the part of testing.TB that *rapid.T also has.
type bfTB interface {
	Helper()
	Fatalf(format string, args ...any)
}

// bfCheckWitness fails t unless p is a path of g from x to y that is open given z.
func bfCheckWitness(t bfTB, g *Graph, p Path, x, y, z []int) {
	t.Helper()
	if len(p.Nodes) == 0 || len(p.Edges) != len(p.Nodes)-1 || len(p.Names) != len(p.Nodes) {
		t.Fatalf("malformed path %+v", p)
	}
	if !slices.Contains(x, p.Nodes[0]) || !slices.Contains(y, p.Nodes[len(p.Nodes)-1]) {
		t.Fatalf("path %v does not run from %v to %v", p, x, y)
	}
	seen := map[int]bool{}
	for i, v := range p.Nodes {
		if seen[v] {
			t.Fatalf("path %v repeats node %s", p, g.Name(v))
		}
		seen[v] = true
		if p.Names[i] != g.Name(v) {
			t.Fatalf("path %v: name %q of node %d, want %q", p, p.Names[i], v, g.Name(v))
		}
	}
	for i, k := range p.Edges {
		u, v := p.Nodes[i], p.Nodes[i+1]
		ok := (k == EdgeForward && g.HasEdge(u, v)) || (k == EdgeBackward && g.HasEdge(v, u)) ||
			(k == EdgeBidirected && g.HasBidirected(u, v))
		if !ok {
			t.Fatalf("path %v: edge %d is not in the graph", p, i)
		}
	}
	if !bfOpen(p.Nodes, p.Edges, z, bfAncestors(g, z)) {
		t.Fatalf("path %v is blocked given %v", p, g.namesOf(z))
	}
}

func TestDSeparatedMatchesPathEnumeration(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		g := bfGraph(t, 7)
		x, y, z := bfPartition(t, g)
		got, err := DSeparated(g, x, y, z)
		if err != nil {
			t.Fatal(err)
		}
		shortest := bfShortestOpen(g, x, y, z)
		if want := shortest < 0; got != want {
			t.Fatalf("DSeparated(%v, %v | %v) = %v, want %v in\n%v", g.namesOf(x), g.namesOf(y), g.namesOf(z), got, want, g)
		}
		p, ok, err := OpenPath(g, x, y, z)
		if err != nil {
			t.Fatal(err)
		}
		if ok != !got {
			t.Fatalf("OpenPath found %v, DSeparated returned %v", ok, got)
		}
		if ok {
			bfCheckWitness(t, g, p, x, y, z)
			if len(p.Edges) != shortest {
				t.Fatalf("OpenPath returned %v of length %d, the shortest open path has %d edges", p, len(p.Edges), shortest)
			}
		}
	})
}

// bfMoralSeparated decides d-separation by the augmentation criterion: x and
// y are d-separated given z exactly when z separates them in the augmented
// graph of the ancestors of x, y and z. In that graph two nodes are adjacent
// when an edge or a path of colliders joins them, that is, when both lie in
// some district D or among the parents of D.
func bfMoralSeparated(g *Graph, x, y, z []int) bool {
	n := g.NumNodes()
	an := bfAncestors(g, slices.Concat(x, y, z))

	// Label the districts of the ancestral subgraph by repeated relabelling.
	label := bfSeq(n)
	for changed := true; changed; {
		changed = false
		for _, e := range g.BidirectedEdges() {
			if an[e[0]] && an[e[1]] && label[e[0]] != label[e[1]] {
				l := min(label[e[0]], label[e[1]])
				label[e[0]], label[e[1]] = l, l
				changed = true
			}
		}
	}
	adj := make([][]bool, n)
	for i := range adj {
		adj[i] = make([]bool, n)
	}
	for d := range n {
		var clique []int
		for v := range n {
			if an[v] && label[v] == d {
				clique = append(clique, v)
				clique = append(clique, g.Parents(v)...)
			}
		}
		for _, a := range clique {
			for _, b := range clique {
				adj[a][b] = true
			}
		}
	}

	// Search from x around z.
	seen := make([]bool, n)
	stack := slices.Clone(x)
	for _, v := range x {
		seen[v] = true
	}
	for len(stack) > 0 {
		v := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if slices.Contains(y, v) {
			return false
		}
		for w := range n {
			if an[w] && adj[v][w] && !seen[w] && !slices.Contains(z, w) {
				seen[w] = true
				stack = append(stack, w)
			}
		}
	}
	return true
}

// TestDSeparatedMatchesMoralGraph checks d-separation against the augmentation
// criterion, and witnesses against the path definition, on graphs too large to
// enumerate paths.
func TestDSeparatedMatchesMoralGraph(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		g := bfGraph(t, 40)
		x, y, z := bfPartition(t, g)
		got, err := DSeparated(g, x, y, z)
		if err != nil {
			t.Fatal(err)
		}
		if want := bfMoralSeparated(g, x, y, z); got != want {
			t.Fatalf("DSeparated(%v, %v | %v) = %v, the augmentation criterion gives %v in\n%v",
				g.namesOf(x), g.namesOf(y), g.namesOf(z), got, want, g)
		}
		yx, err := DSeparated(g, y, x, z)
		if err != nil {
			t.Fatal(err)
		}
		if yx != got {
			t.Fatalf("DSeparated(x, y | z) = %v but DSeparated(y, x | z) = %v", got, yx)
		}
		if p, ok, _ := OpenPath(g, x, y, z); ok {
			bfCheckWitness(t, g, p, x, y, z)
		}
	})
}

func bfParse(t testing.TB, src string) *Graph {
	t.Helper()
	g := NewGraph()
	for _, stmt := range strings.Split(src, ";") {
		f := strings.Fields(stmt)
		switch {
		case len(f) == 1:
			g.AddNode(f[0])
		case len(f) == 3 && f[1] == "->":
			if err := g.AddEdge(f[0], f[2]); err != nil {
				t.Fatal(err)
			}
		case len(f) == 3 && f[1] == "<-":
			if err := g.AddEdge(f[2], f[0]); err != nil {
				t.Fatal(err)
			}
		case len(f) == 3 && f[1] == "<->":
			if err := g.AddBidirected(f[0], f[2]); err != nil {
				t.Fatal(err)
			}
		default:
			t.Fatalf("bad statement %q", stmt)
		}
	}
	return g
}

func bfNodes(t testing.TB, g *Graph, names ...string) []int {
	t.Helper()
	vs := make([]int, len(names))
	for i, name := range names {
		v, ok := g.Index(name)
		if !ok {
			t.Fatalf("no node %q", name)
		}
		vs[i] = v
	}
	return vs
}

func TestDSeparatedClassic(t *testing.T) {
	tests := []struct {
		name      string
		graph     string
		x, y, z   []string
		separated bool
		path      string
	}{
		{"chain open", "A -> B; B -> C", []string{"A"}, []string{"C"}, nil, false, "A -> B -> C"},
		{"chain blocked", "A -> B; B -> C", []string{"A"}, []string{"C"}, []string{"B"}, true, ""},
		{"fork open", "A <- B; B -> C", []string{"A"}, []string{"C"}, nil, false, "A <- B -> C"},
		{"collider blocked", "A -> B; B <- C", []string{"A"}, []string{"C"}, nil, true, ""},
		{"collider opened", "A -> B; B <- C", []string{"A"}, []string{"C"}, []string{"B"}, false, "A -> B <- C"},
		{"collider descendant", "A -> B; B <- C; B -> D", []string{"A"}, []string{"C"}, []string{"D"}, false, "A -> B <- C"},
		{"bidirected", "A <-> B", []string{"A"}, []string{"B"}, nil, false, "A <-> B"},
		{"bidirected collider", "A <-> B; B <-> C", []string{"A"}, []string{"C"}, nil, true, ""},
		{"bidirected collider opened", "A <-> B; B <-> C", []string{"A"}, []string{"C"}, []string{"B"}, false, "A <-> B <-> C"},
		{"mixed collider", "A -> B; B <-> C", []string{"A"}, []string{"C"}, []string{"B"}, false, "A -> B <-> C"},
		{"mixed non-collider", "A <- B; B <-> C", []string{"A"}, []string{"C"}, []string{"B"}, true, ""},
		{"empty x", "A -> B", nil, []string{"B"}, nil, true, ""},
		{"M-bias", "X <- A; A -> M; M <- B; B -> Y", []string{"X"}, []string{"Y"}, []string{"M"}, false, "X <- A -> M <- B -> Y"},
	}
	for _, test := range tests {
		t.Run(test.name, func(t *testing.T) {
			g := bfParse(t, test.graph)
			x, y, z := bfNodes(t, g, test.x...), bfNodes(t, g, test.y...), bfNodes(t, g, test.z...)
			got, err := DSeparated(g, x, y, z)
			if err != nil {
				t.Fatal(err)
			}
			if got != test.separated {
				t.Errorf("DSeparated = %v, want %v", got, test.separated)
			}
			p, ok, err := OpenPath(g, x, y, z)
			if err != nil {
				t.Fatal(err)
			}
			if ok && p.String() != test.path || !ok && test.path != "" {
				t.Errorf("OpenPath = %q (found %v), want %q", p, ok, test.path)
			}
		})
	}
}

func TestDSeparatedInvalidSets(t *testing.T) {
	g := bfParse(t, "A -> B; B -> C")
	tests := []struct {
		name    string
		x, y, z []int
		want    string
	}{
		{"x and y share", []int{0}, []int{0, 2}, nil, "node A is in both x and y"},
		{"y and z share", []int{0}, []int{2}, []int{1, 2}, "node C is in both y and z"},
		{"x and z share", []int{0, 1}, []int{2}, []int{1}, "node B is in both x and z"},
		{"out of range", []int{0}, []int{3}, nil, "node index 3 in y is out of range"},
		{"negative", []int{-1}, []int{2}, nil, "node index -1 in x is out of range"},
	}
	for _, test := range tests {
		t.Run(test.name, func(t *testing.T) {
			_, err := DSeparated(g, test.x, test.y, test.z)
			if err == nil || !strings.Contains(err.Error(), test.want) {
				t.Errorf("DSeparated error = %v, want one containing %q", err, test.want)
			}
			_, _, err = OpenPath(g, test.x, test.y, test.z)
			if err == nil || !strings.Contains(err.Error(), test.want) {
				t.Errorf("OpenPath error = %v, want one containing %q", err, test.want)
			}
		})
	}
}
