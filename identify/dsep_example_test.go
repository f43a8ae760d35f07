package identify_test

import (
	"fmt"
	"log"

	"github.com/markovcat/causal/identify"
)

// nodeIndices returns the indices of the named nodes of g.
func nodeIndices(g *identify.Graph, names ...string) []int {
	vs := make([]int, len(names))
	for i, name := range names {
		v, ok := g.Index(name)
		if !ok {
			log.Fatalf("no node %s", name)
		}
		vs[i] = v
	}
	return vs
}

// The M-bias graph: A and B are independent, but conditioning on their common
// effect M opens the path X <- A -> M <- B -> Y.
func ExampleDSeparated() {
	g, err := identify.ParseGraph("X <- A -> M <- B -> Y")
	if err != nil {
		log.Fatal(err)
	}
	x, y := nodeIndices(g, "X"), nodeIndices(g, "Y")
	for _, z := range [][]string{nil, {"M"}, {"M", "A"}} {
		sep, err := identify.DSeparated(g, x, y, nodeIndices(g, z...))
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("X and Y d-separated given %v: %v\n", z, sep)
	}
	// Output:
	// X and Y d-separated given []: true
	// X and Y d-separated given [M]: false
	// X and Y d-separated given [M A]: true
}

// A bidirected edge is an unobserved common cause, and it takes part in paths
// like any other edge.
func ExampleOpenPath() {
	g, err := identify.ParseGraph("X -> M -> Y; M <-> W; W -> Y")
	if err != nil {
		log.Fatal(err)
	}
	p, open, err := identify.OpenPath(g, nodeIndices(g, "X"), nodeIndices(g, "Y"), nodeIndices(g, "M"))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(open, p)
	// Output:
	// true X -> M <-> W -> Y
}
