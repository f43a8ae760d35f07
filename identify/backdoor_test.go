package identify

import (
	"errors"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"
)

// bfDescendants returns the descendants of vs, vs included, by fixed-point
// iteration over the edge list.
func bfDescendants(g *Graph, vs []int) []bool {
	de := make([]bool, g.NumNodes())
	for _, v := range vs {
		de[v] = true
	}
	for changed := true; changed; {
		changed = false
		for _, e := range g.Edges() {
			if de[e[0]] && !de[e[1]] {
				de[e[1]] = true
				changed = true
			}
		}
	}
	return de
}

// bfUsesEdgeOut reports whether the path uses a directed edge out of a node of x.
func bfUsesEdgeOut(nodes []int, edges []EdgeKind, x []int) bool {
	for i, k := range edges {
		if k == EdgeForward && slices.Contains(x, nodes[i]) || k == EdgeBackward && slices.Contains(x, nodes[i+1]) {
			return true
		}
	}
	return false
}

// bfBackDoor reports whether z satisfies the back-door criterion for (x, y).
// No node of z may descend from x, and z must block every path from x to y that
// starts with an edge into x and uses no directed edge out of x.
func bfBackDoor(g *Graph, x, y, z []int) bool {
	de := bfDescendants(g, x)
	for _, v := range z {
		if de[v] {
			return false
		}
	}
	an := bfAncestors(g, z)
	ok := true
	for _, a := range x {
		for _, b := range y {
			bfPaths(g, a, b, func(nodes []int, edges []EdgeKind) {
				if edges[0] != EdgeForward && !bfUsesEdgeOut(nodes, edges, x) && bfOpen(nodes, edges, z, an) {
					ok = false
				}
			})
		}
	}
	return ok
}

// bfSubsets returns every subset of vs, each in increasing order.
func bfSubsets(vs []int) [][]int {
	var out [][]int
	for mask := 0; mask < 1<<len(vs); mask++ {
		s := []int{}
		for i, v := range vs {
			if mask&(1<<i) != 0 {
				s = append(s, v)
			}
		}
		out = append(out, s)
	}
	return out
}

// bfMinimal returns the sets of sets that have no proper subset in sets,
// ordered by size and then by indices.
func bfMinimal(sets [][]int) [][]int {
	out := [][]int{}
	for _, s := range sets {
		minimal := true
		for _, t := range sets {
			if len(t) < len(s) && bfSubsetOf(t, s) {
				minimal = false
				break
			}
		}
		if minimal {
			out = append(out, s)
		}
	}
	slices.SortFunc(out, func(a, b []int) int {
		if len(a) != len(b) {
			return len(a) - len(b)
		}
		return slices.Compare(a, b)
	})
	return out
}

func bfSubsetOf(a, b []int) bool {
	for _, v := range a {
		if !slices.Contains(b, v) {
			return false
		}
	}
	return true
}

// bfEffect draws a graph and a treatment and an outcome of one or two nodes
// each. It returns the other nodes as candidates for adjustment. The first
// treatment node comes before the first outcome node in the order of the
// directed edges, and the graph is dense enough that most draws need
// adjustment.
func bfEffect(t *rapid.T, maxNodes int) (g *Graph, x, y, rest []int) {
	n := rapid.IntRange(min(4, maxNodes), maxNodes).Draw(t, "nodes")
	pDir := rapid.Float64Range(0.3, 0.9).Draw(t, "pDirected")
	pBi := rapid.Float64Range(0, 0.4).Draw(t, "pBidirected")
	seed := rapid.Uint64().Draw(t, "seed")
	g = bfGraphSeeded(rand.New(rand.NewPCG(seed, 2)), n, pDir, pBi)

	x0 := rapid.IntRange(min(1, n-2), n-2).Draw(t, "x")
	y0 := rapid.IntRange(x0+1, n-1).Draw(t, "y")
	x, y = []int{x0}, []int{y0}
	for _, v := range bfSeq(n) {
		if v != x0 && v != y0 {
			rest = append(rest, v)
		}
	}
	if len(rest) > 0 && rapid.Bool().Draw(t, "second treatment") {
		i := rapid.IntRange(0, len(rest)-1).Draw(t, "x2")
		x = append(x, rest[i])
		rest = slices.Delete(rest, i, i+1)
	}
	if len(rest) > 0 && rapid.Bool().Draw(t, "second outcome") {
		i := rapid.IntRange(0, len(rest)-1).Draw(t, "y2")
		y = append(y, rest[i])
		rest = slices.Delete(rest, i, i+1)
	}
	slices.Sort(x)
	slices.Sort(y)
	return g, x, y, rest
}

// bfCase is a graph with a treatment, an outcome and the other nodes.
type bfCase struct {
	g          *Graph
	x, y, rest []int
}

// bfCases returns n cases drawn by draw from the seeds 0 to n-1, for tests that
// run more cases by default than rapid does.
func bfCases(n int, draw func(t *rapid.T, maxNodes int) (*Graph, []int, []int, []int)) []bfCase {
	gen := rapid.Custom(func(t *rapid.T) bfCase {
		g, x, y, rest := draw(t, 7)
		return bfCase{g, x, y, rest}
	})
	cases := make([]bfCase, n)
	for i := range cases {
		cases[i] = gen.Example(i)
	}
	return cases
}

func TestBackDoorMatchesBruteForce(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		g, x, y, rest := bfEffect(t, 7)
		bfCompareBackDoor(t, g, x, y, rest)
	})
}

// TestBackDoorBruteForceSeeded runs the comparison with brute force on 2,000
// fixed draws, so that the default test run covers many graphs.
func TestBackDoorBruteForceSeeded(t *testing.T) {
	for _, c := range bfCases(2000, bfEffect) {
		bfCompareBackDoor(t, c.g, c.x, c.y, c.rest)
	}
}

// bfCompareBackDoor checks every back-door function on (x, y) against brute
// force over all subsets of rest.
func bfCompareBackDoor(t bfTB, g *Graph, x, y, rest []int) {
	t.Helper()
	var valid [][]int
	for _, z := range bfSubsets(rest) {
		want := bfBackDoor(g, x, y, z)
		got, err := IsBackDoorSet(g, x, y, z)
		if err != nil {
			t.Fatalf("%v", err)
		}
		if got != want {
			t.Fatalf("IsBackDoorSet(%v, %v, %v) = %v, want %v in\n%v",
				g.namesOf(x), g.namesOf(y), g.namesOf(z), got, want, g)
		}
		if want {
			valid = append(valid, z)
		}
	}
	wantMinimal := bfMinimal(valid)

	all, err := MinimalBackDoorSets(g, x, y, 0)
	if err != nil {
		t.Fatalf("%v", err)
	}
	if diff := cmp.Diff(wantMinimal, all); diff != "" {
		t.Fatalf("MinimalBackDoorSets(%v, %v) mismatch (-want +got):\n%s\nin\n%v", g.namesOf(x), g.namesOf(y), diff, g)
	}

	minimal, ok, err := MinimalBackDoorSet(g, x, y)
	if err != nil {
		t.Fatalf("%v", err)
	}
	if ok != (len(wantMinimal) > 0) {
		t.Fatalf("MinimalBackDoorSet found %v, brute force found %d minimal sets", ok, len(wantMinimal))
	}
	if ok && !slices.ContainsFunc(wantMinimal, func(s []int) bool { return slices.Equal(s, minimal) }) {
		t.Fatalf("MinimalBackDoorSet = %v, not among the minimal sets %v", minimal, wantMinimal)
	}

	minimum, ok, err := MinimumBackDoorSet(g, x, y)
	if err != nil {
		t.Fatalf("%v", err)
	}
	if ok != (len(wantMinimal) > 0) {
		t.Fatalf("MinimumBackDoorSet found %v, brute force found %d minimal sets", ok, len(wantMinimal))
	}
	if ok {
		if !bfBackDoor(g, x, y, minimum) {
			t.Fatalf("MinimumBackDoorSet = %v is not a back-door set", minimum)
		}
		if len(minimum) != len(wantMinimal[0]) {
			t.Fatalf("MinimumBackDoorSet = %v, want a set of size %d such as %v", minimum, len(wantMinimal[0]), wantMinimal[0])
		}
	}
}

// TestCheckBackDoorWitness checks that a failure names a path that shows it.
func TestCheckBackDoorWitness(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		g, x, y, rest := bfEffect(t, 12)
		z := rapid.SliceOfNDistinct(rapid.SampledFrom(append(rest, -1)), 0, len(rest), rapid.ID[int]).Draw(t, "z")
		z = slices.DeleteFunc(z, func(v int) bool { return v < 0 })
		err := CheckBackDoor(g, x, y, z)
		var ce *CriterionError
		if err != nil && !errors.As(err, &ce) {
			t.Fatalf("CheckBackDoor returned %v, want a *CriterionError or nil", err)
		}
		if err == nil {
			return
		}
		p := ce.Path
		switch ce.Condition {
		case 1:
			if !slices.Contains(x, p.Nodes[0]) || !slices.Contains(z, p.Nodes[len(p.Nodes)-1]) || len(p.Edges) == 0 {
				t.Fatalf("condition 1 path %v does not run from %v to %v", p, g.namesOf(x), g.namesOf(z))
			}
			for i, k := range p.Edges {
				if k != EdgeForward || !g.HasEdge(p.Nodes[i], p.Nodes[i+1]) {
					t.Fatalf("condition 1 path %v is not a directed path", p)
				}
			}
		case 2:
			bfCheckWitness(t, g, p, x, y, z)
			if p.Edges[0] == EdgeForward || bfUsesEdgeOut(p.Nodes, p.Edges, x) {
				t.Fatalf("condition 2 path %v is not a back-door path", p)
			}
		default:
			t.Fatalf("condition %d of the back-door criterion", ce.Condition)
		}
	})
}

func TestBackDoorClassic(t *testing.T) {
	tests := []struct {
		name    string
		graph   string
		x, y    []string
		minimal [][]string // nil: no back-door set exists
		minimum int
	}{
		{"Simpson", "Z -> X; Z -> Y; X -> Y", []string{"X"}, []string{"Y"}, [][]string{{"Z"}}, 1},
		{"no confounding", "X -> Y; Z -> Y", []string{"X"}, []string{"Y"}, [][]string{{}}, 0},
		{"M-bias", "X <- A; A -> M; M <- B; B -> Y; X -> Y", []string{"X"}, []string{"Y"}, [][]string{{}}, 0},
		{"front door", "X -> Z; Z -> Y; X <-> Y", []string{"X"}, []string{"Y"}, nil, 0},
		{"napkin", "W1 -> W2; W2 -> X; X -> Y; W1 <-> X; W1 <-> Y", []string{"X"}, []string{"Y"}, nil, 0},
		{"two paths", "X <- A; A -> Y; X <- B; B -> Y; X -> Y", []string{"X"}, []string{"Y"}, [][]string{{"A", "B"}}, 2},
		{"chain of confounders", "X <- A; A <- B; B -> C; C -> Y; X -> Y", []string{"X"}, []string{"Y"},
			[][]string{{"A"}, {"B"}, {"C"}}, 1},
		{"bidirected confounder", "X <-> A; A -> Y; X -> Y", []string{"X"}, []string{"Y"}, [][]string{{"A"}}, 1},
		{"mediator excluded", "X -> M; M -> Y; X <- C; C -> Y", []string{"X"}, []string{"Y"}, [][]string{{"C"}}, 1},
		{"two treatments", "X1 <- U; U -> X2; X2 -> Y; X1 -> Y; C -> X2; C -> Y", []string{"X1", "X2"}, []string{"Y"},
			[][]string{{"C"}}, 1},
	}
	for _, test := range tests {
		t.Run(test.name, func(t *testing.T) {
			g := bfParse(t, test.graph)
			x, y := bfNodes(t, g, test.x...), bfNodes(t, g, test.y...)
			sets, err := MinimalBackDoorSets(g, x, y, 0)
			if err != nil {
				t.Fatal(err)
			}
			got := make([][]string, len(sets))
			for i, s := range sets {
				got[i] = g.namesOf(s)
			}
			want := test.minimal
			if want == nil {
				want = [][]string{}
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("MinimalBackDoorSets mismatch (-want +got):\n%s", diff)
			}
			z, ok, err := MinimumBackDoorSet(g, x, y)
			if err != nil {
				t.Fatal(err)
			}
			if ok != (test.minimal != nil) || ok && len(z) != test.minimum {
				t.Errorf("MinimumBackDoorSet = %v, %v, want a set of %d nodes: %v", g.namesOf(z), ok, test.minimum, test.minimal != nil)
			}
			z, ok, err = MinimalBackDoorSet(g, x, y)
			if err != nil {
				t.Fatal(err)
			}
			if ok != (test.minimal != nil) {
				t.Errorf("MinimalBackDoorSet = %v, %v, want found %v", g.namesOf(z), ok, test.minimal != nil)
			}
		})
	}
}

func TestCheckBackDoorMessages(t *testing.T) {
	g := bfParse(t, "X <- U; U -> Y; X -> M; M -> Y; X <-> W; W -> Y")
	tests := []struct {
		z    []string
		want string
	}{
		{[]string{"M", "U"}, "identify: {U, M} is not a back-door set for the effect of {X} on {Y}: " +
			"path X -> M violates condition 1: no node of {U, M} may be a descendant of {X}"},
		{[]string{"W"}, "identify: {W} is not a back-door set for the effect of {X} on {Y}: " +
			"path X <- U -> Y violates condition 2: {W} must block every back-door path from {X} to {Y}"},
		{[]string{"U"}, "identify: {U} is not a back-door set for the effect of {X} on {Y}: " +
			"path X <-> W -> Y violates condition 2: {U} must block every back-door path from {X} to {Y}"},
		{[]string{"U", "W"}, ""},
	}
	for _, test := range tests {
		err := CheckBackDoor(g, bfNodes(t, g, "X"), bfNodes(t, g, "Y"), bfNodes(t, g, test.z...))
		got := ""
		if err != nil {
			got = err.Error()
		}
		if got != test.want {
			t.Errorf("CheckBackDoor(%v):\n got %q\nwant %q", test.z, got, test.want)
		}
	}
}

func TestBackDoorInvalidArguments(t *testing.T) {
	g := bfParse(t, "A -> B; B -> C")
	tests := []struct {
		name    string
		x, y, z []int
		want    string
	}{
		{"empty treatment", nil, []int{2}, nil, "empty treatment set"},
		{"empty outcome", []int{0}, nil, nil, "empty outcome set"},
		{"shared", []int{0}, []int{2}, []int{2}, "node C is in both the outcome and the adjustment set"},
		{"out of range", []int{0}, []int{9}, nil, "node index 9 in the outcome is out of range"},
	}
	for _, test := range tests {
		t.Run(test.name, func(t *testing.T) {
			_, err := IsBackDoorSet(g, test.x, test.y, test.z)
			if err == nil || !strings.Contains(err.Error(), test.want) {
				t.Errorf("IsBackDoorSet error = %v, want one containing %q", err, test.want)
			}
			if test.z != nil {
				return
			}
			if _, _, err := MinimalBackDoorSet(g, test.x, test.y); err == nil || !strings.Contains(err.Error(), test.want) {
				t.Errorf("MinimalBackDoorSet error = %v, want one containing %q", err, test.want)
			}
			if _, _, err := MinimumBackDoorSet(g, test.x, test.y); err == nil || !strings.Contains(err.Error(), test.want) {
				t.Errorf("MinimumBackDoorSet error = %v, want one containing %q", err, test.want)
			}
			if _, err := MinimalBackDoorSets(g, test.x, test.y, 0); err == nil || !strings.Contains(err.Error(), test.want) {
				t.Errorf("MinimalBackDoorSets error = %v, want one containing %q", err, test.want)
			}
		})
	}
}

func TestMinimalBackDoorSetsLimit(t *testing.T) {
	// Each of four confounding paths X <- Ai <- Bi -> Y can be blocked at Ai or
	// at Bi, which gives 16 minimal sets.
	g := bfParse(t, "X -> Y; X <- A1; A1 <- B1; B1 -> Y; X <- A2; A2 <- B2; B2 -> Y; "+
		"X <- A3; A3 <- B3; B3 -> Y; X <- A4; A4 <- B4; B4 -> Y")
	x, y := bfNodes(t, g, "X"), bfNodes(t, g, "Y")
	all, err := MinimalBackDoorSets(g, x, y, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 16 {
		t.Errorf("found %d minimal sets, want 16", len(all))
	}
	some, err := MinimalBackDoorSets(g, x, y, 5)
	if err != nil {
		t.Fatal(err)
	}
	if len(some) != 5 {
		t.Errorf("found %d minimal sets with limit 5, want 5", len(some))
	}
	for _, s := range some {
		if !slices.ContainsFunc(all, func(t []int) bool { return slices.Equal(s, t) }) {
			t.Errorf("set %v found with a limit is not minimal", g.namesOf(s))
		}
	}
}

// bfModel is a causal model of binary variables for the graph of a test: the
// observed nodes of the graph and one latent root per bidirected edge.
type bfModel struct {
	n       int     // the number of observed variables, numbered first
	parents [][]int // parents of every variable, latent ones included
	p1      [][]float64
}

func newBFModel(g *Graph, rng *rand.Rand) *bfModel {
	n := g.NumNodes()
	m := &bfModel{n: n, parents: make([][]int, n)}
	for v := range n {
		m.parents[v] = slices.Clone(g.Parents(v))
	}
	for _, e := range g.BidirectedEdges() {
		u := len(m.parents)
		m.parents = append(m.parents, nil)
		m.parents[e[0]] = append(m.parents[e[0]], u)
		m.parents[e[1]] = append(m.parents[e[1]], u)
	}
	m.p1 = make([][]float64, len(m.parents))
	for v, ps := range m.parents {
		m.p1[v] = make([]float64, 1<<len(ps))
		for i := range m.p1[v] {
			m.p1[v][i] = 0.05 + 0.9*rng.Float64()
		}
	}
	return m
}

// factor returns P(v = its value in a | parents) for the assignment a, a bit
// mask over all variables.
func (m *bfModel) factor(v int, a uint) float64 {
	cfg := 0
	for i, p := range m.parents[v] {
		cfg |= int(a>>p&1) << i
	}
	if a>>v&1 == 1 {
		return m.p1[v][cfg]
	}
	return 1 - m.p1[v][cfg]
}

// joint returns the probability of every assignment of the observed variables,
// with the variables of cut set by intervention and left out of the product.
func (m *bfModel) joint(cut []int) []float64 {
	obs := make([]float64, 1<<m.n)
	for a := uint(0); a < 1<<len(m.parents); a++ {
		p := 1.0
		for v := range m.parents {
			if !slices.Contains(cut, v) {
				p *= m.factor(v, a)
			}
		}
		obs[a&(1<<m.n-1)] += p
	}
	return obs
}

// bfMask returns the bits of vs set as in the values mask, indexed by position.
func bfMask(vs []int, values uint) uint {
	var a uint
	for i, v := range vs {
		a |= (values >> i & 1) << v
	}
	return a
}

// bfSum returns the total of p over the assignments that agree with fixed on
// the variables vars.
func bfSum(p []float64, vars []int, fixed uint) float64 {
	var mask uint
	for _, v := range vars {
		mask |= 1 << v
	}
	total := 0.0
	for a, q := range p {
		if uint(a)&mask == fixed&mask {
			total += q
		}
	}
	return total
}

// TestBackDoorAdjustmentFormula checks the criterion itself: for every set
// that IsBackDoorSet accepts, the adjustment formula on the observed joint
// equals the causal effect computed by truncated factorisation on a model with
// the latent variables present.
func TestBackDoorAdjustmentFormula(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		g, x, y, rest := bfEffect(t, 6)
		if len(g.BidirectedEdges()) > 6 {
			t.Skip("too many latent variables to enumerate")
		}
		m := newBFModel(g, rand.New(rand.NewPCG(rapid.Uint64().Draw(t, "tables"), 4)))
		obs := m.joint(nil)
		for _, z := range bfSubsets(rest) {
			ok, err := IsBackDoorSet(g, x, y, z)
			if err != nil {
				t.Fatal(err)
			}
			if !ok {
				continue
			}
			for xv := uint(0); xv < 1<<len(x); xv++ {
				do := m.joint(x)
				xa := bfMask(x, xv)
				for yv := uint(0); yv < 1<<len(y); yv++ {
					ya := bfMask(y, yv)
					want := bfSum(do, slices.Concat(x, y), xa|ya)
					got := 0.0
					for zv := uint(0); zv < 1<<len(z); zv++ {
						za := bfMask(z, zv)
						pxz := bfSum(obs, slices.Concat(x, z), xa|za)
						got += bfSum(obs, slices.Concat(x, y, z), xa|ya|za) / pxz * bfSum(obs, z, za)
					}
					if diff := got - want; diff > 1e-9 || diff < -1e-9 {
						t.Fatalf("back-door set %v for %v on %v: adjustment gives %v, the effect is %v in\n%v",
							g.namesOf(z), g.namesOf(x), g.namesOf(y), got, want, g)
					}
				}
			}
		}
	})
}
