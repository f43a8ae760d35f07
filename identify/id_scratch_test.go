package identify

import (
	"fmt"
	"testing"
)

func TestScratchID(t *testing.T) {
	for _, c := range []struct{ g, y, x, z string }{
		{"X -> Y; X <-> Y", "Y", "X", ""},
		{"X -> Z -> Y; X <-> Z", "Y", "X", ""},
		{"X -> Y; Z -> Y; X <-> Z; Z <-> Y", "Y", "X", ""},
		{"X -> Z -> Y; X <-> Y", "Y", "X", ""},
		{"X -> Y; X -> Z; Z -> Y; Y <-> Z", "Y", "X", ""},
		{"W1 -> W2 -> X -> Y; W1 <-> X; W1 <-> Y", "Y", "X", ""},
		{"Z2 -> Z1; Z2 -> X; Z2 -> Z3; X -> Z1; Z1 -> Y; Z3 -> Y; Z2 <-> X; Z2 <-> Y; X <-> Z3; X <-> Y", "Y", "X", ""},
		{"X -> Z; Z -> Y; X <-> Z", "Y", "X", "Z"},
		{"w -> x -> z -> y; w -> z; x <-> y", "y", "x", ""},
		{"X -> Z1; Z1 -> Y; Z3 -> Y; Z2 -> X; Z2 -> Z1; Z2 -> Z3; X <-> Y; X <-> Z3; X <-> Z2; Y <-> Z2", "Z1,Z2,Z3,Y", "X", ""},
		{"x -> z4; z4 -> y; z1 -> x; z2 -> z1; z3 -> z2; z3 -> x; z5 -> z1; z5 -> z4; x <-> z2; z3 <-> z2; z2 <-> y; z4 <-> y; z5 <-> z4", "y", "x", ""},
	} {
		g, err := ParseGraph(c.g)
		if err != nil {
			t.Fatal(err)
		}
		idx := func(s string) []int {
			var out []int
			if s == "" {
				return nil
			}
			for _, n := range splitComma(s) {
				v, _ := g.Index(n)
				out = append(out, v)
			}
			return out
		}
		e, err := IDC(g, idx(c.y), idx(c.x), idx(c.z))
		if err != nil {
			fmt.Println(c.g, "=>", err)
			continue
		}
		fmt.Println(c.g, "=>", e.Query(), "=", e, "   ", e.LaTeX())
	}
}

func splitComma(s string) []string {
	var out []string
	cur := ""
	for _, r := range s {
		if r == ',' {
			out = append(out, cur)
			cur = ""
		} else {
			cur += string(r)
		}
	}
	return append(out, cur)
}
