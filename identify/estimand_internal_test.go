package identify

import "testing"

// TestSimplificationRules checks each simplification of the expression
// builder on small expressions over the nodes A=0, B=1, C=2, D=3.
func TestSimplificationRules(t *testing.T) {
	g := NewGraph()
	for _, name := range []string{"A", "B", "C", "D"} {
		g.AddNode(name)
	}
	b := newBuilder(4)
	set := func(vs ...int) nodeSet { return setOf(4, vs...) }
	p := func(a, given nodeSet) *expr { return b.prob(a, given) }
	none := set()
	str := func(e *expr) string { return (&Estimand{g: g, root: e}).String() }
	for _, test := range []struct {
		name string
		got  *expr
		want string
	}{
		{"conditional from joint", b.quotient(p(set(0, 1), none), b.sum(set(0), p(set(0, 1), none))), "P(A | B)"},
		{"chain rule", b.product(p(set(0), none), p(set(1), set(0)), p(set(2), set(0, 1))), "P(A, B, C)"},
		{"marginalise a conditional", b.sum(set(1), p(set(0, 1), set(2))), "P(A | C)"},
		{"drop a factor that sums to one", b.sum(set(1), b.product(p(set(0), none), p(set(1), set(0)))), "P(A)"},
		{"keep a sum over a conditioning variable", b.sum(set(1), p(set(0), set(1))), "Σ_{B} P(A | B)"},
		{"move a factor out", b.sum(set(1), b.product(p(set(0), none), p(set(1), set(2)), p(set(3), set(1)))), "P(A) Σ_{B} P(B | C) P(D | B)"},
		{"cancel a common factor", b.quotient(b.product(p(set(0), none), p(set(1), set(2))), b.product(p(set(0), none), p(set(3), none))), "P(B | C) / P(D)"},
		{"flatten nested sums", b.sum(set(2), b.product(p(set(2), none), b.sum(set(1), b.product(p(set(1), set(2)), p(set(0), set(1, 2)))))), "P(A)"},
		{"merge a chain under a sum", b.sum(set(3), b.product(p(set(2), set(3)), p(set(3), none))), "P(C)"},
		{"split independent sums", b.sum(set(1, 3), b.product(p(set(0), set(1)), p(set(1), set(2)), p(set(2), set(3)), p(set(3), set(0)))), "[Σ_{B} P(A | B) P(B | C)] Σ_{D} P(C | D) P(D | A)"},
	} {
		t.Run(test.name, func(t *testing.T) {
			if got := str(test.got); got != test.want {
				t.Errorf("got %s, want %s", got, test.want)
			}
		})
	}
}
