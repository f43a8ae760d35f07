package identify

import (
	"testing"

	"pgregory.net/rapid"
)

// TestSeparatedIDCMatchesDSeparated checks the m-separation test of IDC, which
// works on the graph without the edges into x and out of u, against
// DSeparated on that graph built explicitly.
func TestSeparatedIDCMatchesDSeparated(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(3, 9).Draw(t, "n")
		g := NewGraph()
		for i := range n {
			g.AddNode(string(rune('A' + i)))
		}
		for j := range n {
			for i := range j {
				if rapid.Float64Range(0, 1).Draw(t, "edge") < 0.35 {
					g.addEdge(i, j)
				}
				if rapid.Float64Range(0, 1).Draw(t, "bidirected") < 0.2 {
					g.addBidirected(i, j)
				}
			}
		}
		role := make([]int, n) // 0 none, 1 y, 2 u, 3 x, 4 rest
		for v := range role {
			role[v] = rapid.IntRange(0, 4).Draw(t, "role")
		}
		role[0], role[1] = 1, 2
		var y, x, rest []int
		u := 1
		for v, r := range role {
			switch r {
			case 1:
				y = append(y, v)
			case 3:
				x = append(x, v)
			case 4:
				rest = append(rest, v)
			}
		}
		// The graph without the edges into x and the directed edges out of u.
		inX := setOf(n, x...)
		h := NewGraph()
		for v := range n {
			h.AddNode(g.Name(v))
		}
		for _, e := range g.Edges() {
			if !inX.has(e[1]) && e[0] != u {
				h.addEdge(e[0], e[1])
			}
		}
		for _, e := range g.BidirectedEdges() {
			if !inX.has(e[0]) && !inX.has(e[1]) {
				h.addBidirected(e[0], e[1])
			}
		}
		want, err := DSeparated(h, y, []int{u}, append(append([]int(nil), x...), rest...))
		if err != nil {
			t.Fatal(err)
		}
		s := newIDState(g)
		got := s.separatedIDC(setOf(n, y...), u, inX, setOf(n, rest...))
		if got != want {
			t.Fatalf("y=%v u=%d x=%v rest=%v in\n%s: got separated=%v, want %v", y, u, x, rest, g, got, want)
		}
	})
}
