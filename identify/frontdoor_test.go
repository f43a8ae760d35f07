package identify

import (
	"errors"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"pgregory.net/rapid"
)

// bfFrontDoor returns the first front-door condition that z fails for (x, y),
// by enumerating paths, or 0 when z meets all three.
func bfFrontDoor(g *Graph, x, z, y []int) int {
	for _, a := range x {
		for _, b := range y {
			unblocked := false
			bfPaths(g, a, b, func(nodes []int, edges []EdgeKind) {
				for _, k := range edges {
					if k != EdgeForward {
						return
					}
				}
				for _, v := range nodes {
					if slices.Contains(z, v) {
						return
					}
				}
				unblocked = true
			})
			if unblocked {
				return 1
			}
		}
	}
	for _, pair := range []struct {
		from, to, given []int
		condition       int
	}{{x, z, nil, 2}, {z, y, x, 3}} {
		an := bfAncestors(g, pair.given)
		open := false
		for _, a := range pair.from {
			for _, b := range pair.to {
				bfPaths(g, a, b, func(nodes []int, edges []EdgeKind) {
					if edges[0] != EdgeForward && bfOpen(nodes, edges, pair.given, an) {
						open = true
					}
				})
			}
		}
		if open {
			return pair.condition
		}
	}
	return 0
}

// bfFrontDoorEffect draws a sparse graph around the chain x -> v1 -> y, often
// with a second mediator, so that front-door sets are common.
func bfFrontDoorEffect(t *rapid.T, maxNodes int) (g *Graph, x, y, rest []int) {
	n := rapid.IntRange(3, maxNodes).Draw(t, "nodes")
	pDir := rapid.Float64Range(0, 0.4).Draw(t, "pDirected")
	pBi := rapid.Float64Range(0, 0.3).Draw(t, "pBidirected")
	seed := rapid.Uint64().Draw(t, "seed")
	g = bfGraphSeeded(rand.New(rand.NewPCG(seed, 6)), n, pDir, pBi)
	chains := [][2]int{{0, 1}, {1, n - 1}}
	if n > 3 && rapid.Bool().Draw(t, "second mediator") {
		chains = append(chains, [2]int{0, 2}, [2]int{2, n - 1})
	}
	for _, e := range chains {
		if err := g.AddEdge(g.Name(e[0]), g.Name(e[1])); err != nil {
			t.Fatal(err)
		}
	}
	return g, []int{0}, []int{n - 1}, bfSeq(n)[1 : n-1]
}

// bfAnyEffect draws from bfEffect or from bfFrontDoorEffect.
func bfAnyEffect(t *rapid.T, maxNodes int) (g *Graph, x, y, rest []int) {
	if rapid.Bool().Draw(t, "front-door shape") {
		return bfFrontDoorEffect(t, maxNodes)
	}
	return bfEffect(t, maxNodes)
}

func TestFrontDoorMatchesBruteForce(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		g, x, y, rest := bfAnyEffect(t, 7)
		bfCompareFrontDoor(t, g, x, y, rest)
	})
}

// TestFrontDoorBruteForceSeeded runs the comparison with brute force on 2,000
// fixed draws, so that the default test run covers many graphs.
func TestFrontDoorBruteForceSeeded(t *testing.T) {
	for _, c := range bfCases(2000, bfAnyEffect) {
		bfCompareFrontDoor(t, c.g, c.x, c.y, c.rest)
	}
}

// bfCompareFrontDoor checks every front-door function on (x, y) against brute
// force over all subsets of rest.
func bfCompareFrontDoor(t bfTB, g *Graph, x, y, rest []int) {
	t.Helper()
	var valid [][]int
	for _, z := range bfSubsets(rest) {
		want := bfFrontDoor(g, x, z, y)
		err := CheckFrontDoor(g, x, z, y)
		var ce *CriterionError
		got := 0
		if errors.As(err, &ce) {
			got = ce.Condition
		} else if err != nil {
			t.Fatalf("%v", err)
		}
		if got != want {
			t.Fatalf("CheckFrontDoor(%v, %v, %v) fails condition %d, want %d (0 for none): %v\nin\n%v",
				g.namesOf(x), g.namesOf(z), g.namesOf(y), got, want, err, g)
		}
		if ok, err := IsFrontDoorSet(g, x, z, y); err != nil || ok != (want == 0) {
			t.Fatalf("IsFrontDoorSet = %v, %v, want %v", ok, err, want == 0)
		}
		if want == 0 {
			valid = append(valid, z)
		}
	}
	z, ok, err := FindFrontDoorSet(g, x, y)
	if err != nil {
		t.Fatalf("%v", err)
	}
	if ok != (len(valid) > 0) {
		t.Fatalf("FindFrontDoorSet(%v, %v) found %v, brute force found %d sets in\n%v", g.namesOf(x), g.namesOf(y), ok, len(valid), g)
	}
	if !ok {
		return
	}
	if !slices.ContainsFunc(bfMinimal(valid), func(s []int) bool { return slices.Equal(s, z) }) {
		t.Fatalf("FindFrontDoorSet = %v is not a minimal front-door set, want one of %v", z, bfMinimal(valid))
	}
}

// TestCheckFrontDoorWitness checks that a failure names a path that shows it.
func TestCheckFrontDoorWitness(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		g, x, y, rest := bfAnyEffect(t, 12)
		z := rapid.SliceOfNDistinct(rapid.SampledFrom(append(rest, -1)), 0, len(rest), rapid.ID[int]).Draw(t, "z")
		z = slices.DeleteFunc(z, func(v int) bool { return v < 0 })
		err := CheckFrontDoor(g, x, z, y)
		var ce *CriterionError
		if err == nil {
			return
		}
		if !errors.As(err, &ce) {
			t.Fatalf("CheckFrontDoor returned %v, want a *CriterionError or nil", err)
		}
		p := ce.Path
		switch ce.Condition {
		case 1:
			bfCheckWitness(t, g, p, x, y, nil)
			for i, k := range p.Edges {
				if k != EdgeForward {
					t.Fatalf("condition 1 path %v is not directed", p)
				}
				if slices.Contains(z, p.Nodes[i+1]) {
					t.Fatalf("condition 1 path %v passes through %v", p, g.namesOf(z))
				}
			}
		case 2:
			bfCheckWitness(t, g, p, x, z, nil)
			if p.Edges[0] == EdgeForward {
				t.Fatalf("condition 2 path %v is not a back-door path", p)
			}
		case 3:
			bfCheckWitness(t, g, p, z, y, x)
			if p.Edges[0] == EdgeForward {
				t.Fatalf("condition 3 path %v is not a back-door path", p)
			}
		default:
			t.Fatalf("condition %d of the front-door criterion", ce.Condition)
		}
	})
}

func TestFrontDoorClassic(t *testing.T) {
	tests := []struct {
		name  string
		graph string
		z     []string // the minimal front-door set found, or nil when none exists
	}{
		{"front door", "X -> Z; Z -> Y; X <-> Y", []string{"Z"}},
		{"explicit confounder", "X -> Z; Z -> Y; U -> X; U -> Y", []string{"Z"}},
		{"two mediators", "X -> Z1; Z1 -> Y; X -> Z2; Z2 -> Y; X <-> Y", []string{"Z1", "Z2"}},
		{"chain of mediators", "X -> Z1; Z1 -> Z2; Z2 -> Y; X <-> Y", []string{"Z1"}},
		{"direct edge", "X -> Z; Z -> Y; X -> Y; X <-> Y", nil},
		{"confounded mediator", "X -> Z; Z -> Y; X <-> Z; X <-> Y", nil},
		{"mediator confounded with outcome", "X -> Z; Z -> Y; Z <-> Y", nil},
		{"no effect", "X <- Y", []string{}},
		{"napkin", "W1 -> W2; W2 -> X; X -> Y; W1 <-> X; W1 <-> Y", nil},
	}
	for _, test := range tests {
		t.Run(test.name, func(t *testing.T) {
			g := bfParse(t, test.graph)
			x, y := bfNodes(t, g, "X"), bfNodes(t, g, "Y")
			z, ok, err := FindFrontDoorSet(g, x, y)
			if err != nil {
				t.Fatal(err)
			}
			if ok != (test.z != nil) || ok && !slices.Equal(g.namesOf(z), test.z) {
				t.Fatalf("FindFrontDoorSet = %v, %v, want %v", g.namesOf(z), ok, test.z)
			}
			if ok {
				if err := CheckFrontDoor(g, x, z, y); err != nil {
					t.Errorf("CheckFrontDoor of the set found: %v", err)
				}
			}
		})
	}
}

func TestCheckFrontDoorMessages(t *testing.T) {
	tests := []struct {
		graph string
		z     string
		want  string
	}{
		{"S -> T; T -> C; S <-> C", "T", ""},
		{"S -> T; T -> C; S <-> C; S -> C", "T", "identify: {T} is not a front-door set for the effect of {S} on {C}: " +
			"path S -> C violates condition 1: {T} must intercept every directed path from {S} to {C}"},
		{"S -> T; T -> C; S <-> C; S <-> T", "T", "identify: {T} is not a front-door set for the effect of {S} on {C}: " +
			"path S <-> T violates condition 2: no back-door path from {S} to {T} may be open"},
		{"S -> T; T -> C; S <-> C; H -> T; H -> C", "T", "identify: {T} is not a front-door set for the effect of {S} on {C}: " +
			"path T <- H -> C violates condition 3: {S} must block every back-door path from {T} to {C}"},
	}
	for _, test := range tests {
		g := bfParse(t, test.graph)
		err := CheckFrontDoor(g, bfNodes(t, g, "S"), bfNodes(t, g, test.z), bfNodes(t, g, "C"))
		got := ""
		if err != nil {
			got = err.Error()
		}
		if got != test.want {
			t.Errorf("CheckFrontDoor on %s:\n got %q\nwant %q", test.graph, got, test.want)
		}
	}
}

func TestFrontDoorInvalidArguments(t *testing.T) {
	g := bfParse(t, "A -> B; B -> C")
	tests := []struct {
		name    string
		x, z, y []int
		want    string
	}{
		{"empty treatment", nil, []int{1}, []int{2}, "empty treatment set"},
		{"empty outcome", []int{0}, []int{1}, nil, "empty outcome set"},
		{"shared", []int{0}, []int{0, 1}, []int{2}, "node A is in both the treatment and the front-door set"},
		{"out of range", []int{0}, []int{7}, []int{2}, "node index 7 in the front-door set is out of range"},
	}
	for _, test := range tests {
		t.Run(test.name, func(t *testing.T) {
			_, err := IsFrontDoorSet(g, test.x, test.z, test.y)
			if err == nil || !strings.Contains(err.Error(), test.want) {
				t.Errorf("IsFrontDoorSet error = %v, want one containing %q", err, test.want)
			}
		})
	}
	if _, _, err := FindFrontDoorSet(g, []int{0}, []int{0}); err == nil || !strings.Contains(err.Error(), "node A is in both") {
		t.Errorf("FindFrontDoorSet error = %v, want one naming node A", err)
	}
}

// TestFrontDoorFormula checks the criterion itself: for every set that
// IsFrontDoorSet accepts, the front-door formula on the observed joint equals
// the causal effect computed by truncated factorisation on a model with the
// latent variables present.
func TestFrontDoorFormula(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		g, x, y, rest := bfAnyEffect(t, 6)
		if len(g.BidirectedEdges()) > 6 {
			t.Skip("too many latent variables to enumerate")
		}
		m := newBFModel(g, rand.New(rand.NewPCG(rapid.Uint64().Draw(t, "tables"), 5)))
		obs := m.joint(nil)
		do := m.joint(x)
		for _, z := range bfSubsets(rest) {
			ok, err := IsFrontDoorSet(g, x, z, y)
			if err != nil {
				t.Fatal(err)
			}
			if !ok {
				continue
			}
			for xv := uint(0); xv < 1<<len(x); xv++ {
				xa := bfMask(x, xv)
				for yv := uint(0); yv < 1<<len(y); yv++ {
					ya := bfMask(y, yv)
					want := bfSum(do, slices.Concat(x, y), xa|ya)
					// Σ_z P(z | x) Σ_x' P(y | x', z) P(x')
					got := 0.0
					for zv := uint(0); zv < 1<<len(z); zv++ {
						za := bfMask(z, zv)
						inner := 0.0
						for xv2 := uint(0); xv2 < 1<<len(x); xv2++ {
							xa2 := bfMask(x, xv2)
							inner += bfSum(obs, slices.Concat(x, y, z), xa2|ya|za) /
								bfSum(obs, slices.Concat(x, z), xa2|za) * bfSum(obs, x, xa2)
						}
						got += bfSum(obs, slices.Concat(x, z), xa|za) / bfSum(obs, x, xa) * inner
					}
					if diff := got - want; diff > 1e-9 || diff < -1e-9 {
						t.Fatalf("front-door set %v for %v on %v: the formula gives %v, the effect is %v in\n%v",
							g.namesOf(z), g.namesOf(x), g.namesOf(y), got, want, g)
					}
				}
			}
		}
	})
}
