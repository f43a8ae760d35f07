package identify_test

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/markovcat/causal/identify"
)

func TestProbeHuge(t *testing.T) {
	// front-door chain
	for _, n := range []int{600} {
		var b strings.Builder
		b.WriteString("X -> M1\n")
		for i := 1; i < n; i++ {
			fmt.Fprintf(&b, "M%d -> M%d\n", i, i+1)
		}
		fmt.Fprintf(&b, "M%d -> Y\nX <-> Y\n", n)
		for i := 2; i <= n; i += 2 {
			fmt.Fprintf(&b, "M%d <-> M%d\n", i-1, i)
		}
		g, _ := identify.ParseGraph(b.String())
		x, _ := g.Index("X")
		y, _ := g.Index("Y")
		start := time.Now()
		e, err := identify.ID(g, []int{y}, []int{x})
		d := time.Since(start)
		if err != nil {
			t.Fatal(err)
		}
		start = time.Now()
		s := e.String()
		t.Logf("chain n=%d: ID %v, size %d, string %d chars in %v", n, d, e.Size(), len(s), time.Since(start))
	}
	for _, dens := range []float64{0.001, 0.003, 0.01} {
		rnd := rand.New(rand.NewPCG(7, uint64(dens*1000)))
		n := 1000
		g := randomADMG(rnd, n, 2, dens)
		for k := 0; k < 5; k++ {
			y := n - 1 - k
			anc := g.Ancestors([]int{y})
			x := anc[rnd.IntN(len(anc)-1)]
			start := time.Now()
			e, err := identify.ID(g, []int{y}, []int{x})
			d := time.Since(start)
			if err != nil {
				t.Logf("dens %v: %v: not identifiable (%v)", dens, d, err != nil)
				continue
			}
			start = time.Now()
			s := e.String()
			t.Logf("dens %v: ID %v, size %d, string %d chars in %v", dens, d, e.Size(), len(s), time.Since(start))
		}
	}
}
