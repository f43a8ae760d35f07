package scm

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/markovcat/causal/diagram"
	"github.com/markovcat/causal/stochastic"
)

// structureDiff reports how a and b differ in parents, children, tables,
// graph edges and topological order, or returns "" when they agree.
func structureDiff(a, b *Model) string {
	for i := range a.NumVars() {
		name := a.Variable(i).Name
		switch {
		case !slices.Equal(a.Parents(i), b.Parents(i)):
			return "parents of " + name + " differ"
		case !slices.Equal(a.Children(i), b.Children(i)):
			return "children of " + name + " differ"
		case a.CPT(i) != b.CPT(i):
			return "table of " + name + " differs"
		}
		for _, p := range a.Parents(i) {
			if !b.Graph().HasEdgeFromTo(int64(p), int64(i)) {
				return "the graph lacks an edge into " + name
			}
		}
	}
	if edges(a) != edges(b) {
		return "the graphs have different numbers of edges"
	}
	if !slices.Equal(a.Topological(), b.Topological()) {
		return "topological orders differ"
	}
	return ""
}

// edges returns the number of edges of the graph of m.
func edges(m *Model) int {
	n := 0
	for i := range m.NumVars() {
		n += m.Graph().From(int64(i)).Len()
	}
	return n
}

// uniformFrom returns the channel from the types of parents to the type of v
// whose every row is uniform.
func uniformFrom(tb testing.TB, m *Model, parents []int, v int) *stochastic.Channel {
	tb.Helper()
	in := m.Types(parents)
	rows := 1
	for _, t := range in {
		rows *= t.Size()
	}
	size := m.Type(v).Size()
	values := make([]float64, rows*size)
	for k := range values {
		values[k] = 1 / float64(size)
	}
	c, err := stochastic.New(in, []diagram.Type{m.Type(v)}, values)
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

// WithMechanisms gives the model that WithMechanism gives one variable at a
// time, for hard interventions, uniform cuts and soft interventions that keep
// one parent, and leaves its source unchanged.
func TestWithMechanismsMatchesOneAtATime(t *testing.T) {
	m := loadNetwork(t, "alarm")
	before := snapshot(m)
	rng := rand.New(rand.NewPCG(3, 4))
	for trial := 0; trial < 20; trial++ {
		vs := rng.Perm(m.NumVars())[:1+rng.IntN(6)]
		var ms []Mechanism
		for j, v := range vs {
			typ := m.Type(v)
			switch ps := m.Parents(v); {
			case j%3 == 2 && len(ps) > 1:
				ms = append(ms, Mechanism{Var: v, Parents: ps[:1], CPT: uniformFrom(t, m, ps[:1], v)})
			case j%2 == 1:
				ms = append(ms, Mechanism{Var: v, CPT: stochastic.Uniform(typ)})
			default:
				ms = append(ms, Mechanism{Var: v, CPT: stochastic.Point(typ, rng.IntN(typ.Size()))})
			}
		}
		batch, err := m.WithMechanisms(ms...)
		if err != nil {
			t.Fatalf("trial %d: WithMechanisms: %v", trial, err)
		}
		step := m
		for _, r := range ms {
			if step, err = step.WithMechanism(r.Var, r.Parents, r.CPT); err != nil {
				t.Fatalf("trial %d: WithMechanism(%d): %v", trial, r.Var, err)
			}
		}
		if diff := structureDiff(step, batch); diff != "" {
			t.Errorf("trial %d: %s", trial, diff)
		}
	}
	if after := snapshot(m); after != before {
		t.Errorf("WithMechanisms changed its source:\n%s\nwant\n%s", after, before)
	}
}

// snapshot writes the parents, children and topological order of m.
func snapshot(m *Model) string {
	var b strings.Builder
	for i := range m.NumVars() {
		fmt.Fprintln(&b, i, m.Parents(i), m.Children(i))
	}
	fmt.Fprintln(&b, m.Topological())
	return b.String()
}

// The replacements are checked together: they may reverse an edge, which
// one at a time would close a cycle, but not close a cycle in the result.
func TestWithMechanismsReverseEdge(t *testing.T) {
	b := NewBuilder()
	must(t, b.AddVariable("A", "0", "1"))
	must(t, b.AddVariable("B", "0", "1"))
	must(t, b.SetCPT("A", nil, []float64{0.5, 0.5}))
	must(t, b.SetCPT("B", []string{"A"}, []float64{0.9, 0.1, 0.2, 0.8}))
	m, err := b.Build()
	must(t, err)
	aFromB := uniformFrom(t, m, []int{1}, 0)
	bRoot := stochastic.Uniform(m.Type(1))

	if _, err := m.WithMechanism(0, []int{1}, aFromB); !errors.As(err, new(*CycleError)) {
		t.Fatalf("A <- B alone: got error %v, want a *CycleError", err)
	}
	r, err := m.WithMechanisms(Mechanism{Var: 0, Parents: []int{1}, CPT: aFromB}, Mechanism{Var: 1, CPT: bRoot})
	if err != nil {
		t.Fatalf("A <- B with B a root: %v", err)
	}
	if got := r.Topological(); !slices.Equal(got, []int{1, 0}) {
		t.Errorf("topological order: got %v, want [1 0]", got)
	}
	if got := r.Children(1); !slices.Equal(got, []int{0}) {
		t.Errorf("children of B: got %v, want [0]", got)
	}

	for _, c := range []struct {
		ms   []Mechanism
		want string
	}{
		{[]Mechanism{{Var: 1, CPT: bRoot}, {Var: 1, CPT: bRoot}}, `two mechanisms for "B"`},
		{[]Mechanism{{Var: 1, CPT: bRoot}, {Var: 2, CPT: bRoot}}, "variable index 2 out of range [0, 2)"},
		{[]Mechanism{{Var: 1}}, `nil mechanism for "B"`},
		{[]Mechanism{{Var: 0, CPT: bRoot}}, `mechanism for "A" has output (B), want (A)`},
		{[]Mechanism{{Var: 0, Parents: []int{1, 1}, CPT: aFromB}}, `lists parent "B" twice`},
	} {
		_, err := m.WithMechanisms(c.ms...)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("WithMechanisms(%v): got error %v, want one containing %q", c.ms, err, c.want)
		}
	}
}

// BenchmarkWithMechanisms intervenes on five variables of munin, one at a
// time and in one call.
func BenchmarkWithMechanisms(b *testing.B) {
	m := loadNetwork(b, "munin")
	order := m.Topological()
	var ms []Mechanism
	for k := 1; k <= 5; k++ {
		v := order[k*len(order)/6]
		ms = append(ms, Mechanism{Var: v, CPT: stochastic.Point(m.Type(v), 0)})
	}
	b.Run("one-at-a-time", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			c := m
			for _, r := range ms {
				var err error
				if c, err = c.WithMechanism(r.Var, r.Parents, r.CPT); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
	b.Run("batch", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := m.WithMechanisms(ms...); err != nil {
				b.Fatal(err)
			}
		}
	})
}
