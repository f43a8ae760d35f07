package identify_test

import (
	"fmt"
	"log"

	"github.com/markovcat/causal/identify"
)

// Simpson's paradox: Z confounds the effect of X on Y, so the effect is
// Σ_z P(Y | X, z) P(z), not P(Y | X).
func ExampleMinimalBackDoorSet() {
	g, err := identify.ParseGraph("Z -> X -> Y; Z -> Y")
	if err != nil {
		log.Fatal(err)
	}
	z, ok, err := identify.MinimalBackDoorSet(g, nodeIndices(g, "X"), nodeIndices(g, "Y"))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(ok, nodeNames(g, z))
	// Output:
	// true [Z]
}

// In the front-door graph the bidirected edge X <-> Y is a back-door path that
// no set of observed nodes blocks. That is a different result from a graph
// without confounding, where the empty set is a back-door set.
func ExampleMinimalBackDoorSet_none() {
	for _, src := range []string{"X -> Z -> Y; X <-> Y", "X -> Z -> Y"} {
		g, err := identify.ParseGraph(src)
		if err != nil {
			log.Fatal(err)
		}
		z, ok, err := identify.MinimalBackDoorSet(g, nodeIndices(g, "X"), nodeIndices(g, "Y"))
		if err != nil {
			log.Fatal(err)
		}
		if !ok {
			fmt.Printf("%s: no back-door set\n", src)
			continue
		}
		fmt.Printf("%s: back-door set %v\n", src, nodeNames(g, z))
	}
	// Output:
	// X -> Z -> Y; X <-> Y: no back-door set
	// X -> Z -> Y: back-door set []
}

// Two confounding paths, each of which can be blocked at either of two nodes,
// give four minimal back-door sets.
func ExampleMinimalBackDoorSets() {
	g, err := identify.ParseGraph("X -> Y; X <- A1 <- B1 -> Y; X <- A2 <- B2 -> Y")
	if err != nil {
		log.Fatal(err)
	}
	sets, err := identify.MinimalBackDoorSets(g, nodeIndices(g, "X"), nodeIndices(g, "Y"), 0)
	if err != nil {
		log.Fatal(err)
	}
	for _, z := range sets {
		fmt.Println(nodeNames(g, z))
	}
	// Output:
	// [A1 A2]
	// [A1 B2]
	// [B1 A2]
	// [B1 B2]
}

// A district: U and W are confounded, so the back-door path X <- U <-> W -> Y
// can be blocked at U or at W, and one node suffices.
func ExampleMinimumBackDoorSet() {
	g, err := identify.ParseGraph("X -> Y; X <- U <-> W -> Y; X <- C -> Y")
	if err != nil {
		log.Fatal(err)
	}
	z, ok, err := identify.MinimumBackDoorSet(g, nodeIndices(g, "X"), nodeIndices(g, "Y"))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(ok, nodeNames(g, z))
	// Output:
	// true [U C]
}

func ExampleCheckBackDoor() {
	g, err := identify.ParseGraph("X -> M -> Y; X <- U -> Y")
	if err != nil {
		log.Fatal(err)
	}
	for _, z := range [][]string{{"M"}, {}, {"U"}} {
		err := identify.CheckBackDoor(g, nodeIndices(g, "X"), nodeIndices(g, "Y"), nodeIndices(g, z...))
		fmt.Println(err)
	}
	// Output:
	// identify: {M} is not a back-door set for the effect of {X} on {Y}: path X -> M violates condition 1: no node of {M} may be a descendant of {X}
	// identify: {} is not a back-door set for the effect of {X} on {Y}: path X <- U -> Y violates condition 2: {} must block every back-door path from {X} to {Y}
	// <nil>
}

// nodeNames returns the names of the nodes vs of g.
func nodeNames(g *identify.Graph, vs []int) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = g.Name(v)
	}
	return out
}
