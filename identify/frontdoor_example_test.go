package identify_test

import (
	"errors"
	"fmt"
	"log"

	"github.com/markovcat/causal/identify"
)

// Smoking S acts on cancer C only through tar T, and an unobserved genotype
// confounds S and C. T is a front-door set; an unobserved cause of both S and
// T would break the second condition.
func ExampleCheckFrontDoor() {
	for _, src := range []string{"S -> T -> C; S <-> C", "S -> T -> C; S <-> C; S <-> T"} {
		g, err := identify.ParseGraph(src)
		if err != nil {
			log.Fatal(err)
		}
		err = identify.CheckFrontDoor(g, nodeIndices(g, "S"), nodeIndices(g, "T"), nodeIndices(g, "C"))
		var ce *identify.CriterionError
		switch {
		case err == nil:
			fmt.Printf("%s: {T} is a front-door set\n", src)
		case errors.As(err, &ce):
			fmt.Printf("%s: condition %d fails on %v\n", src, ce.Condition, ce.Path)
		default:
			log.Fatal(err)
		}
	}
	// Output:
	// S -> T -> C; S <-> C: {T} is a front-door set
	// S -> T -> C; S <-> C; S <-> T: condition 2 fails on S <-> T
}

func ExampleFindFrontDoorSet() {
	g, err := identify.ParseGraph("X -> M1 -> Y; X -> M2 -> Y; X <-> Y")
	if err != nil {
		log.Fatal(err)
	}
	z, ok, err := identify.FindFrontDoorSet(g, nodeIndices(g, "X"), nodeIndices(g, "Y"))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(ok, nodeNames(g, z))
	// Output:
	// true [M1 M2]
}
