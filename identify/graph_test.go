package identify_test

import (
	"errors"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/markovcat/causal/identify"
)

func TestGraphQueries(t *testing.T) {
	// The Tian graph.
	g := mustGraph(t, "Z2 -> Z1; Z2 -> X; Z2 -> Z3; X -> Z1; Z1 -> Y; Z3 -> Y; Z2 <-> X; Z2 <-> Y; X <-> Z3; X <-> Y; W")
	z2, z1, x, z3, y, w := 0, 1, 2, 3, 4, 5
	checks := []struct {
		name      string
		got, want any
	}{
		{"names", g.Names(), []string{"Z2", "Z1", "X", "Z3", "Y", "W"}},
		{"parents of Y", g.Parents(y), []int{z1, z3}},
		{"children of Z2", g.Children(z2), []int{z1, x, z3}},
		{"siblings of X", g.Siblings(x), []int{z2, z3, y}},
		{"ancestors of Z1", g.Ancestors([]int{z1}), []int{z2, z1, x}},
		{"descendants of X", g.Descendants([]int{x}), []int{z1, x, y}},
		{"ancestors of nothing", g.Ancestors(nil), []int{}},
		{"districts", g.Districts(), [][]int{{z2, x, z3, y}, {z1}, {w}}},
		{"district of W", g.District(w), []int{w}},
		{"topological", g.Topological(), []int{z2, x, z1, z3, y, w}},
		{"edges", len(g.Edges()), 6},
		{"bidirected edges", g.BidirectedEdges(), [][2]int{{z2, x}, {z2, y}, {x, z3}, {x, y}}},
	}
	for _, c := range checks {
		if diff := cmp.Diff(c.want, c.got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", c.name, diff)
		}
	}
	sub := g.Subgraph([]int{y, x, z1})
	if got, want := sub.String(), "Z1 -> Y\nX -> Z1\nX <-> Y\n"; got != want {
		t.Errorf("subgraph: got\n%s\nwant\n%s", got, want)
	}
}

func TestGraphAddEdgeCycle(t *testing.T) {
	g := identify.NewGraph()
	for _, e := range [][2]string{{"a", "b"}, {"b", "c"}, {"c", "d"}} {
		if err := g.AddEdge(e[0], e[1]); err != nil {
			t.Fatal(err)
		}
	}
	err := g.AddEdge("d", "b")
	var ce *identify.CycleError
	if !errors.As(err, &ce) {
		t.Fatalf("got %v, want *CycleError", err)
	}
	if diff := cmp.Diff([]string{"b", "c", "d", "b"}, ce.Cycle); diff != "" {
		t.Errorf("cycle (-want +got):\n%s", diff)
	}
	if g.HasEdge(3, 1) {
		t.Error("the edge that closes the cycle was added")
	}
	if err := g.AddBidirected("a", "a"); err == nil {
		t.Error("bidirected self-loop accepted")
	}
	if got := g.AddNode("c"); got != 2 {
		t.Errorf("AddNode of an existing name: got %d, want 2", got)
	}
}

// TestGraphTopologicalProperty checks on random graphs that every edge goes
// forward in the topological order and that ancestors are closed under
// parents, against a direct definition.
func TestGraphTopologicalProperty(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(1, 30).Draw(t, "n")
		rnd := rand.New(rand.NewPCG(rapid.Uint64().Draw(t, "seed"), 1))
		g := randomADMG(rnd, n, 2, 0.1)
		order := g.Topological()
		pos := make([]int, n)
		for i, v := range order {
			pos[v] = i
		}
		for _, e := range g.Edges() {
			if pos[e[0]] >= pos[e[1]] {
				t.Fatalf("edge %v goes backwards in %v", e, order)
			}
		}
		v := rapid.IntRange(0, n-1).Draw(t, "v")
		an := g.Ancestors([]int{v})
		// Direct definition: u is an ancestor of v when v is a descendant of u.
		for u := range n {
			isAnc := slices.Contains(g.Descendants([]int{u}), v)
			if isAnc != slices.Contains(an, u) {
				t.Fatalf("node %d: ancestor %v, but descendant relation says %v", u, slices.Contains(an, u), isAnc)
			}
		}
		// Districts partition the nodes.
		seen := make([]int, n)
		for _, d := range g.Districts() {
			for _, u := range d {
				seen[u]++
				if diff := cmp.Diff(d, g.District(u)); diff != "" {
					t.Fatalf("district of %d (-Districts +District):\n%s", u, diff)
				}
			}
		}
		for u, c := range seen {
			if c != 1 {
				t.Fatalf("node %d is in %d districts", u, c)
			}
		}
	})
}
