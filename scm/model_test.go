package scm

import (
	"errors"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"gonum.org/v1/gonum/graph/topo"
	"pgregory.net/rapid"

	"github.com/markovcat/causal/diagram"
	"github.com/markovcat/causal/stochastic"
)

// sprinkler builds Rain -> Sprinkler, (Rain, Sprinkler) -> Grass.
func sprinkler(t testing.TB) *Model {
	t.Helper()
	b := NewBuilder()
	must(t, b.AddVariable("Rain", "yes", "no"))
	must(t, b.AddVariable("Sprinkler", "on", "off"))
	must(t, b.AddVariable("Grass", "wet", "dry"))
	must(t, b.SetCPT("Rain", nil, []float64{0.2, 0.8}))
	must(t, b.SetCPT("Sprinkler", []string{"Rain"}, []float64{0.01, 0.99, 0.4, 0.6}))
	must(t, b.SetCPT("Grass", []string{"Sprinkler", "Rain"}, []float64{
		0.99, 0.01, // on, yes
		0.9, 0.1, // on, no
		0.8, 0.2, // off, yes
		0, 1, // off, no
	}))
	m, err := b.Build()
	must(t, err)
	return m
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func TestModelAccessors(t *testing.T) {
	m := sprinkler(t)
	if got := m.NumVars(); got != 3 {
		t.Fatalf("NumVars: got %d, want 3", got)
	}
	g, ok := m.Index("Grass")
	if !ok || g != 2 {
		t.Fatalf("Index(Grass): got %d, %v, want 2, true", g, ok)
	}
	if _, ok := m.Index("Ghost"); ok {
		t.Error("Index(Ghost) found a variable")
	}
	if got, want := m.Parents(g), []int{1, 0}; !slices.Equal(got, want) {
		t.Errorf("Parents(Grass): got %v, want %v", got, want)
	}
	if got, want := m.Children(0), []int{1, 2}; !slices.Equal(got, want) {
		t.Errorf("Children(Rain): got %v, want %v", got, want)
	}
	if got, want := m.Topological(), []int{0, 1, 2}; !slices.Equal(got, want) {
		t.Errorf("Topological: got %v, want %v", got, want)
	}
	if got, want := m.Observed(), []int{0, 1, 2}; !slices.Equal(got, want) {
		t.Errorf("Observed: got %v, want %v", got, want)
	}
	if !m.Type(g).Equal(diagram.NewType("Grass", "wet", "dry")) {
		t.Errorf("Type(Grass): got %v", m.Type(g))
	}
	cpt := m.CPT(g)
	wantIn := []diagram.Type{m.Type(1), m.Type(0)}
	if !diagram.EqualTypes(cpt.In(), wantIn) || !diagram.EqualTypes(cpt.Out(), []diagram.Type{m.Type(g)}) {
		t.Errorf("CPT(Grass) types: got %v -> %v", cpt.In(), cpt.Out())
	}
	// Row (Sprinkler=off, Rain=yes) is row 2.
	if got := cpt.At(2, 0); got != 0.8 {
		t.Errorf("CPT(Grass).At(2, 0): got %v, want 0.8", got)
	}
	if !m.Graph().HasEdgeFromTo(0, 2) || m.Graph().HasEdgeFromTo(2, 0) {
		t.Error("Graph: want the edge Rain -> Grass only in that direction")
	}
	v := m.Variable(0)
	v.States[0] = "changed"
	if m.Variable(0).States[0] != "yes" {
		t.Error("Variable returned a slice shared with the model")
	}
}

func TestBuilderErrors(t *testing.T) {
	base := func() *Builder {
		b := NewBuilder()
		must(t, b.AddVariable("A", "a0", "a1"))
		must(t, b.AddVariable("B", "b0", "b1", "b2"))
		return b
	}
	tests := []struct {
		name string
		run  func(b *Builder) error
		want []string
	}{
		{"duplicate variable", func(b *Builder) error { return b.AddVariable("A", "x") },
			[]string{`duplicate variable "A"`}},
		{"duplicate state", func(b *Builder) error { return b.AddVariable("C", "x", "y", "x") },
			[]string{`"C"`, `duplicate state "x"`}},
		{"no states", func(b *Builder) error { return b.AddVariable("C") },
			[]string{`"C" has no states`}},
		{"unknown child", func(b *Builder) error { return b.SetCPT("Z", nil, []float64{1}) },
			[]string{`unknown variable "Z"`, "A, B"}},
		{"unknown parent", func(b *Builder) error { return b.SetCPT("B", []string{"Ghost"}, nil) },
			[]string{`"B"`, `unknown parent "Ghost"`, "A, B"}},
		{"self parent", func(b *Builder) error { return b.SetCPT("A", []string{"A"}, nil) },
			[]string{`"A" as its own parent`}},
		{"repeated parent", func(b *Builder) error { return b.SetCPT("B", []string{"A", "A"}, nil) },
			[]string{`parent "A" twice`}},
		{"wrong shape", func(b *Builder) error { return b.SetCPT("B", []string{"A"}, []float64{1, 0, 0}) },
			[]string{`"B"`, "3 entries, want 6", "2 parent configurations x 3 states"}},
		{"row sum", func(b *Builder) error {
			return b.SetCPT("B", []string{"A"}, []float64{1, 0, 0, 0.5, 0.2, 0})
		}, []string{`"B"`, "row (A=a1)", "sum to 0.7"}},
		{"negative", func(b *Builder) error {
			return b.SetCPT("B", []string{"A"}, []float64{-0.5, 1.5, 0, 1, 0, 0})
		}, []string{"row (A=a0)", "entry 0 is negative (-0.5)"}},
		{"NaN", func(b *Builder) error {
			return b.SetCPT("B", []string{"A"}, []float64{1, 0, 0, math.NaN(), 1, 0})
		}, []string{"row (A=a1)", "entry 0 is NaN"}},
		{"second table", func(b *Builder) error {
			must(t, b.SetCPT("A", nil, []float64{0.5, 0.5}))
			return b.SetCPT("A", nil, []float64{0.5, 0.5})
		}, []string{`second table for "A"`}},
		{"missing table", func(b *Builder) error {
			must(t, b.SetCPT("A", nil, []float64{0.5, 0.5}))
			_, err := b.Build()
			return err
		}, []string{`no table for B`}},
		{"unknown latent", func(b *Builder) error { return b.SetLatent("U") },
			[]string{`"U"`, "A, B"}},
	}
	for _, test := range tests {
		t.Run(test.name, func(t *testing.T) {
			err := test.run(base())
			if err == nil {
				t.Fatal("got no error")
			}
			for _, w := range test.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
		})
	}
}

func TestBuilderCycle(t *testing.T) {
	b := NewBuilder()
	for _, v := range []string{"A", "B", "C", "D"} {
		must(t, b.AddVariable(v, "0", "1"))
	}
	must(t, b.SetCPT("A", nil, []float64{0.5, 0.5}))
	must(t, b.SetCPT("B", []string{"A", "D"}, []float64{1, 0, 1, 0, 1, 0, 1, 0}))
	must(t, b.SetCPT("C", []string{"B"}, []float64{1, 0, 0, 1}))
	must(t, b.SetCPT("D", []string{"C"}, []float64{1, 0, 0, 1}))
	_, err := b.Build()
	var cycle *CycleError
	if !errors.As(err, &cycle) {
		t.Fatalf("got %v, want a *CycleError", err)
	}
	// The cycle is B -> C -> D -> B, listed from any of its variables.
	got := cycle.Cycle
	if len(got) != 4 || got[0] != got[3] {
		t.Fatalf("cycle %v: want 3 variables and a return to the first", got)
	}
	for k := 0; k < 3; k++ {
		next := map[string]string{"B": "C", "C": "D", "D": "B"}[got[k]]
		if got[k+1] != next {
			t.Errorf("cycle %v: %s is followed by %s, want %s", got, got[k], got[k+1], next)
		}
	}
}

func TestSetCPTDistributionError(t *testing.T) {
	b := NewBuilder()
	must(t, b.AddVariable("A", "a0", "a1"))
	err := b.SetCPT("A", nil, []float64{1.5, -0.5})
	var te *TableError
	if !errors.As(err, &te) {
		t.Fatalf("got error %v, want a *TableError", err)
	}
	if te.Var != "A" {
		t.Errorf("got variable %q, want A", te.Var)
	}
	var de *stochastic.DistributionError
	if !errors.As(err, &de) {
		t.Fatalf("got error %v, want a *stochastic.DistributionError inside", err)
	}
	if de.Entry != 1 || de.Value != -0.5 {
		t.Errorf("got entry %d value %v, want entry 1 value -0.5", de.Entry, de.Value)
	}
	want := `scm: table for "A", state "a1": entry 1 is negative (-0.5), want a probability in [0, 1]`
	if err.Error() != want {
		t.Errorf("got message %q, want %q", err.Error(), want)
	}
}

func TestBuilderRenormalises(t *testing.T) {
	b := NewBuilder()
	must(t, b.AddVariable("A", "0", "1"))
	must(t, b.SetCPT("A", nil, []float64{0.3000001, 0.7}))
	m, err := b.Build()
	must(t, err)
	if got, want := m.CPT(0).At(0, 0), 0.3000001/1.0000001; math.Abs(got-want) > 1e-15 {
		t.Errorf("renormalised entry: got %v, want %v", got, want)
	}
}

func TestWithMechanism(t *testing.T) {
	m := sprinkler(t)
	grass, _ := m.Index("Grass")
	point := stochastic.Point(m.Type(1), 0)
	cut, err := m.WithMechanism(1, nil, point)
	must(t, err)
	if got := cut.Parents(1); len(got) != 0 {
		t.Errorf("parents after surgery: got %v, want none", got)
	}
	if got := cut.Children(0); !slices.Equal(got, []int{grass}) {
		t.Errorf("children of Rain after surgery: got %v, want [%d]", got, grass)
	}
	if cut.Graph().HasEdgeFromTo(0, 1) || !m.Graph().HasEdgeFromTo(0, 1) {
		t.Error("Graph: want the edge Rain -> Sprinkler in the original model only")
	}
	if got := cut.Topological(); !slices.Equal(got, []int{0, 1, 2}) {
		t.Errorf("Topological after surgery: got %v", got)
	}
	if cut.CPT(grass) != m.CPT(grass) {
		t.Error("WithMechanism copied a table it did not change")
	}
	if got := m.Parents(1); !slices.Equal(got, []int{0}) {
		t.Errorf("original model changed: parents of Sprinkler %v", got)
	}

	// Sprinkler -> Rain closes the cycle Rain -> Sprinkler -> Rain.
	ch, err := stochastic.New([]diagram.Type{m.Type(1)}, []diagram.Type{m.Type(0)}, []float64{1, 0, 0, 1})
	must(t, err)
	if _, err := m.WithMechanism(0, []int{1}, ch); !errors.As(err, new(*CycleError)) {
		t.Errorf("cyclic mechanism: got %v, want a *CycleError", err)
	}
	if _, err := m.WithMechanism(0, nil, ch); err == nil || !strings.Contains(err.Error(), "input") {
		t.Errorf("ill-typed mechanism: got %v, want an error naming the input", err)
	}
}

func TestWithLatent(t *testing.T) {
	m := sprinkler(t)
	l, err := m.WithLatent("Sprinkler")
	must(t, err)
	if got := l.Observed(); !slices.Equal(got, []int{0, 2}) {
		t.Errorf("Observed: got %v, want [0 2]", got)
	}
	if got := l.Latent(); !slices.Equal(got, []int{1}) {
		t.Errorf("Latent: got %v, want [1]", got)
	}
	if m.IsLatent(1) {
		t.Error("WithLatent changed the original model")
	}
	if _, err := m.WithLatent("Ghost"); err == nil || !strings.Contains(err.Error(), "Ghost") {
		t.Errorf("unknown latent: got %v", err)
	}
}

// randomModel draws a small model: up to 5 variables with 1 to 3 states,
// each with up to 3 parents among the earlier variables, some latent.
func randomModel(t *rapid.T) *Model {
	return randomModelWith(t, rapid.Float64Range(0, 1))
}

// randomModelWith draws a model whose unnormalised table entries come from
// entry.
func randomModelWith(t *rapid.T, entry *rapid.Generator[float64]) *Model {
	n := rapid.IntRange(1, 5).Draw(t, "n")
	b := NewBuilder()
	sizes := make([]int, n)
	names := make([]string, n)
	for i := range n {
		names[i] = string(rune('A' + i))
		sizes[i] = rapid.IntRange(1, 3).Draw(t, "size")
		states := make([]string, sizes[i])
		for s := range states {
			states[s] = string(rune('a' + s))
		}
		if err := b.AddVariable(names[i], states...); err != nil {
			t.Fatal(err)
		}
	}
	for i := range n {
		var parents []string
		rows := 1
		for _, p := range rapid.Permutation(seq(i)).Draw(t, "parents")[:rapid.IntRange(0, min(i, 3)).Draw(t, "k")] {
			parents = append(parents, names[p])
			rows *= sizes[p]
		}
		table := make([]float64, 0, rows*sizes[i])
		for range rows {
			row := make([]float64, sizes[i])
			sum := 0.0
			for s := range row {
				row[s] = entry.Draw(t, "p")
				sum += row[s]
			}
			for s := range row {
				if sum == 0 {
					row[s] = 1 / float64(len(row))
				} else {
					row[s] /= sum
				}
			}
			table = append(table, row...)
		}
		if err := b.SetCPT(names[i], parents, table); err != nil {
			t.Fatal(err)
		}
		if rapid.IntRange(0, 3).Draw(t, "latent") == 0 {
			b.SetLatent(names[i])
		}
	}
	m, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func seq(n int) []int {
	s := make([]int, n)
	for i := range s {
		s[i] = i
	}
	return s
}

// observedJoint returns the joint of the observed variables, big-endian in
// Observed order, by summing the product of all tables over every
// configuration of all variables.
func observedJoint(m *Model) []float64 {
	n := m.NumVars()
	obs := m.Observed()
	size := 1
	for _, v := range obs {
		size *= m.Type(v).Size()
	}
	joint := make([]float64, size)
	x := make([]int, n)
	var visit func(i int)
	visit = func(i int) {
		if i == n {
			p := 1.0
			for v := range n {
				r := 0
				for _, u := range m.Parents(v) {
					r = r*m.Type(u).Size() + x[u]
				}
				p *= m.CPT(v).At(r, x[v])
			}
			cell := 0
			for _, v := range obs {
				cell = cell*m.Type(v).Size() + x[v]
			}
			joint[cell] += p
			return
		}
		for s := range m.Type(i).Size() {
			x[i] = s
			visit(i + 1)
		}
	}
	visit(0)
	return joint
}

func TestNetworkDiagramSprinkler(t *testing.T) {
	m := sprinkler(t)
	d, interp := m.NetworkDiagram()
	if got := len(d.In()); got != 0 {
		t.Errorf("diagram has %d inputs, want 0", got)
	}
	if !diagram.EqualTypes(d.Out(), m.Types(m.Observed())) {
		t.Errorf("diagram outputs %v, want the observed types", d.Out())
	}
	for i := range m.NumVars() {
		k, ok := d.FindBox(m.Variable(i).Name)
		if !ok {
			t.Fatalf("no box %q", m.Variable(i).Name)
		}
		box := d.Nodes()[k].Box
		if !diagram.EqualTypes(box.In, m.Types(m.Parents(i))) || !diagram.EqualTypes(box.Out, []diagram.Type{m.Type(i)}) {
			t.Errorf("box %q has type %v -> %v", box.Name, box.In, box.Out)
		}
	}
	joint, err := stochastic.Interpret(d, interp)
	must(t, err)
	// P(Rain=yes, Sprinkler=off, Grass=wet) = 0.2 * 0.99 * 0.8.
	if got, want := joint.At(0, 2), 0.2*0.99*0.8; math.Abs(got-want) > 1e-12 {
		t.Errorf("P(yes, off, wet): got %v, want %v", got, want)
	}
}

func TestNetworkDiagramIsObservationalJoint(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		m := randomModel(t)
		d, interp := m.NetworkDiagram()
		if !diagram.EqualTypes(d.Out(), m.Types(m.Observed())) {
			t.Fatalf("diagram outputs %v, want the observed types", d.Out())
		}
		joint, err := stochastic.Interpret(d, interp)
		if err != nil {
			t.Fatal(err)
		}
		want := observedJoint(m)
		if diff := cmp.Diff(want, joint.Row(0), cmp.Comparer(func(a, b float64) bool {
			return math.Abs(a-b) <= 1e-12
		})); diff != "" {
			t.Fatalf("joint mismatch (-want +got):\n%s", diff)
		}
	})
}

func TestWithMechanismDropsParents(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		m := randomModel(t)
		i := rapid.IntRange(0, m.NumVars()-1).Draw(t, "i")
		var parents []int
		for _, p := range m.Parents(i) {
			if rapid.Bool().Draw(t, "keep") {
				parents = append(parents, p)
			}
		}
		rows := 1
		for _, p := range parents {
			rows *= m.Type(p).Size()
		}
		size := m.Type(i).Size()
		table := make([]float64, rows*size)
		for r := range rows {
			table[r*size] = 1
		}
		cpt, err := stochastic.New(m.Types(parents), []diagram.Type{m.Type(i)}, table)
		if err != nil {
			t.Fatal(err)
		}
		got, err := m.WithMechanism(i, parents, cpt)
		if err != nil {
			t.Fatal(err)
		}
		ps := slices.Clone(got.parents)
		want, err := newModel(got.name, got.vars, got.types, got.index, ps, got.cpts)
		if err != nil {
			t.Fatal(err)
		}
		for v := range m.NumVars() {
			if !slices.Equal(got.Children(v), want.Children(v)) {
				t.Fatalf("children of %d: got %v, want %v", v, got.Children(v), want.Children(v))
			}
		}
		rank := make([]int, m.NumVars())
		for k, v := range got.Topological() {
			rank[v] = k
		}
		for v := range m.NumVars() {
			for _, p := range got.Parents(v) {
				if rank[p] >= rank[v] {
					t.Fatalf("order %v puts parent %d after %d", got.Topological(), p, v)
				}
			}
		}
		if !topo.Equal(got.Graph(), want.Graph()) {
			t.Fatal("graphs differ")
		}
	})
}
