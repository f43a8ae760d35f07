package identify_test

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"testing"

	"pgregory.net/rapid"

	"github.com/markovcat/causal/diagram"
	"github.com/markovcat/causal/identify"
	"github.com/markovcat/causal/internal/smokingdata"
	"github.com/markovcat/causal/intervention"
	"github.com/markovcat/causal/scm"
	"github.com/markovcat/causal/stochastic"
)

// combTol is the tolerance for comparing the comb's results with other
// computations of the same numbers.
const combTol = 1e-9

// frontDoorGraph returns the graph a -> b -> c with a <-> c, plus the extra
// edges, each written "X -> Y" or "X <-> Y".
func frontDoorGraph(t testing.TB, a, b, c string, extra ...string) *identify.Graph {
	t.Helper()
	g := identify.NewGraph()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(g.AddEdge(a, b))
	must(g.AddEdge(b, c))
	must(g.AddBidirected(a, c))
	for _, e := range extra {
		if x, y, ok := strings.Cut(e, "<->"); ok {
			must(g.AddBidirected(strings.TrimSpace(x), strings.TrimSpace(y)))
		} else if x, y, ok := strings.Cut(e, "->"); ok {
			must(g.AddEdge(strings.TrimSpace(x), strings.TrimSpace(y)))
		} else {
			t.Fatalf("bad edge %q", e)
		}
	}
	return g
}

func TestCombEffectSmoking(t *testing.T) {
	g := frontDoorGraph(t, "S", "T", "C")
	effect, err := identify.CombEffect(g, smokingdata.Joint(), []string{"S"}, []string{"T"}, []string{"C"})
	if err != nil {
		t.Fatal(err)
	}
	formula, err := identify.FrontDoorFormula(smokingdata.Joint(), []int{0}, []int{1}, []int{2})
	if err != nil {
		t.Fatal(err)
	}
	// Exact values of the front-door formula on the smoking joint, worked
	// out by hand in fractions.
	want := []float64{8783.0 / 34650, 4013.0 / 7400}
	for s, w := range want {
		if got := effect.At(s, 1); math.Abs(got-w) > 1e-6 {
			t.Errorf("comb: P(C=1 | do(S=%d)) = %.8f, want %.8f", s, got, w)
		}
		if got := formula.At(s, 1); math.Abs(got-w) > 1e-6 {
			t.Errorf("formula: P(C=1 | do(S=%d)) = %.8f, want %.8f", s, got, w)
		}
	}
}

// pearlJoint returns the joint over X, Z, Y of Pearl's front-door example
// (Causality, 2nd edition, Table 3.1).
func pearlJoint(t *testing.T) *stochastic.Channel {
	pxz := []float64{0.475, 0.025, 0.025, 0.475}
	py := []float64{0.10, 0.05, 0.90, 0.85}
	var p []float64
	for k := range pxz {
		p = append(p, pxz[k]*(1-py[k]), pxz[k]*py[k])
	}
	joint, err := stochastic.NewState([]diagram.Type{binary("X"), binary("Z"), binary("Y")}, p)
	if err != nil {
		t.Fatal(err)
	}
	return joint
}

func binary(name string) diagram.Type { return diagram.NewType(name, "0", "1") }

func TestCombEffectPearlTable(t *testing.T) {
	g := frontDoorGraph(t, "X", "Z", "Y")
	effect, err := identify.CombEffect(g, pearlJoint(t), []string{"X"}, []string{"Z"}, []string{"Y"})
	if err != nil {
		t.Fatal(err)
	}
	// The values that Pearl derives from Table 3.1.
	want := []float64{0.4975, 0.4525}
	for x, w := range want {
		if got := effect.At(x, 1); math.Abs(got-w) > 1e-6 {
			t.Errorf("P(Y=1 | do(X=%d)) = %.8f, want %.4f", x, got, w)
		}
	}
}

func TestCombPlugRebuildsJoint(t *testing.T) {
	comb, g, err := identify.CombDisintegrate(smokingdata.Joint(), []int{0}, []int{1}, []int{2})
	if err != nil {
		t.Fatal(err)
	}
	joint, err := comb.Plug(g)
	if err != nil {
		t.Fatal(err)
	}
	if !stochastic.EqualApprox(joint, smokingdata.Joint(), combTol) {
		t.Errorf("Plug(g) = %v, want the joint %v", joint, smokingdata.Joint())
	}

	// g is P(T | S).
	if got, want := g.At(1, 1), 0.22/0.37; math.Abs(got-want) > combTol {
		t.Errorf("g(T=1 | S=1) = %v, want %v", got, want)
	}
	// The comb as a channel: f(s, c | t) = P(s)·P(c | s, t).
	f, err := comb.Channel()
	if err != nil {
		t.Fatal(err)
	}
	// f(S=1, C=1 | T=0) = P(S=1)·P(C=1 | S=1, T=0) = 0.37 · 0.05/0.15.
	if got, want := f.At(0, 3), 0.37*0.05/0.15; math.Abs(got-want) > combTol {
		t.Errorf("f(S=1, C=1 | T=0) = %v, want %v", got, want)
	}
}

func TestCombPositivity(t *testing.T) {
	// P(S=1, T=0) = 0.
	p := []float64{0.50, 0.10, 0.01, 0.02, 0, 0, 0.17, 0.20}
	joint, err := stochastic.NewState(smokingdata.Types(), p)
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = identify.CombDisintegrate(joint, []int{0}, []int{1}, []int{2})
	var pos *identify.PositivityError
	if !errors.As(err, &pos) {
		t.Fatalf("CombDisintegrate error = %v, want a *PositivityError", err)
	}
	if got := err.Error(); !strings.Contains(got, "P(S=1, T=0) = 0") {
		t.Errorf("error %q does not name the cell S=1, T=0", got)
	}
	var zero *stochastic.ZeroProbabilityError
	if !errors.As(err, &zero) {
		t.Errorf("CombDisintegrate error %v does not unwrap to a *stochastic.ZeroProbabilityError", err)
	}
	if _, err := identify.FrontDoorFormula(joint, []int{0}, []int{1}, []int{2}); !errors.As(err, &pos) {
		t.Errorf("FrontDoorFormula error = %v, want a *PositivityError", err)
	}
}

func TestCombShapeViolations(t *testing.T) {
	tests := []struct {
		name      string
		extra     []string
		condition int
		path      string
	}{
		{"hidden cause of treatment and mediator", []string{"S <-> T"}, 2, "S <-> T"},
		{"hidden cause of mediator and outcome", []string{"T <-> C"}, 3, "T <-> C"},
		{"direct edge", []string{"S -> C"}, 1, "S -> C"},
		{"observed confounder of mediator", []string{"W -> T", "W -> C"}, 3, "T <- W -> C"},
		{"mediator bypassed", []string{"S -> W", "W -> C"}, 1, "S -> W -> C"},
	}
	for _, test := range tests {
		t.Run(test.name, func(t *testing.T) {
			g := frontDoorGraph(t, "S", "T", "C", test.extra...)
			_, err := identify.CombEffect(g, smokingdata.Joint(), []string{"S"}, []string{"T"}, []string{"C"})
			var crit *identify.CriterionError
			if !errors.As(err, &crit) {
				t.Fatalf("CombEffect error = %v, want a *CriterionError", err)
			}
			if crit.Condition != test.condition {
				t.Errorf("violated condition %d, want %d", crit.Condition, test.condition)
			}
			if got := crit.Path.String(); got != test.path {
				t.Errorf("path %q, want %q", got, test.path)
			}
			if !strings.Contains(err.Error(), "path "+test.path) {
				t.Errorf("error %q does not name the path %q", err, test.path)
			}
		})
	}

	// A confounder of treatment and mediator that the treatment blocks
	// does not matter for the third condition, and a hidden cause of S alone
	// keeps the front-door shape.
	g := frontDoorGraph(t, "S", "T", "C", "W -> S")
	if _, err := identify.CombEffect(g, smokingdata.Joint(), []string{"S"}, []string{"T"}, []string{"C"}); err != nil {
		t.Errorf("graph with W -> S: %v", err)
	}
}

// frontDoorModel draws a model with a latent U -> A, U -> C and
// A -> B_1..B_k -> C (each B_i a child of A and a parent of C), with
// random positive tables. With two treatments, a root A2 is a second
// parent of every B_i.
func frontDoorModel(t *rapid.T, treatments, mediators int) *scm.Model {
	b := scm.NewBuilder()
	add := func(name string, n int) {
		states := make([]string, n)
		for s := range states {
			states[s] = strconv.Itoa(s)
		}
		if err := b.AddVariable(name, states...); err != nil {
			t.Fatal(err)
		}
	}
	size := map[string]int{"U": rapid.IntRange(2, 4).Draw(t, "sizeU")}
	add("U", size["U"])
	names := []string{"A"}
	if treatments == 2 {
		names = append(names, "A2")
	}
	for i := 1; i <= mediators; i++ {
		names = append(names, "B"+strconv.Itoa(i))
	}
	names = append(names, "C")
	for _, name := range names {
		size[name] = rapid.IntRange(2, 3).Draw(t, "size"+name)
		add(name, size[name])
	}
	if err := b.SetLatent("U"); err != nil {
		t.Fatal(err)
	}

	set := func(child string, parents ...string) {
		rows := 1
		for _, p := range parents {
			rows *= size[p]
		}
		var table []float64
		for r := 0; r < rows; r++ {
			row := make([]float64, size[child])
			sum := 0.0
			for k := range row {
				row[k] = rapid.Float64Range(0.05, 1).Draw(t, "p"+child)
				sum += row[k]
			}
			for _, x := range row {
				table = append(table, x/sum)
			}
		}
		if err := b.SetCPT(child, parents, table); err != nil {
			t.Fatal(err)
		}
	}
	set("U")
	set("A", "U")
	as := names[:treatments]
	if treatments == 2 {
		set("A2")
	}
	bs := names[treatments : len(names)-1]
	for _, m := range bs {
		set(m, as...)
	}
	set("C", append([]string{"U"}, bs...)...)
	m, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestCombEffectEqualsSurgery(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		na := rapid.IntRange(1, 2).Draw(t, "treatments")
		k := rapid.IntRange(1, 2).Draw(t, "mediators")
		m := frontDoorModel(t, na, k)
		treatments := []string{"A", "A2"}[:na]
		var mediators []string
		g := identify.NewGraph()
		for i := 1; i <= k; i++ {
			bi := "B" + strconv.Itoa(i)
			mediators = append(mediators, bi)
			for _, a := range treatments {
				if err := g.AddEdge(a, bi); err != nil {
					t.Fatal(err)
				}
			}
			if err := g.AddEdge(bi, "C"); err != nil {
				t.Fatal(err)
			}
		}
		if err := g.AddBidirected("A", "C"); err != nil {
			t.Fatal(err)
		}

		// The observational joint of the observed variables, the latent U
		// summed out.
		obs := m.Observed()
		joint, err := m.Posterior(obs, nil)
		if err != nil {
			t.Fatal(err)
		}
		effect, err := identify.CombEffect(g, joint, treatments, mediators, []string{"C"})
		if err != nil {
			t.Fatal(err)
		}

		var do []int
		for _, name := range treatments {
			v, _ := m.Index(name)
			do = append(do, v)
		}
		c, _ := m.Index("C")
		truth, err := intervention.Channel(m, do, []int{c})
		if err != nil {
			t.Fatal(err)
		}
		if !stochastic.EqualApprox(effect, truth, combTol) {
			t.Fatalf("comb disintegration gives %v, surgery on the full model %v", effect, truth)
		}

		// Observed positions: the treatments, the mediators, then C.
		positions := make([]int, na+k)
		for i := range positions {
			positions[i] = i
		}
		formula, err := identify.FrontDoorFormula(joint, positions[:na], positions[na:], []int{na + k})
		if err != nil {
			t.Fatal(err)
		}
		if !stochastic.EqualApprox(effect, formula, combTol) {
			t.Fatalf("comb disintegration gives %v, the front-door formula %v", effect, formula)
		}

		// The ID algorithm identifies the same effect.
		var x []int
		for _, name := range treatments {
			v, _ := g.Index(name)
			x = append(x, v)
		}
		y, _ := g.Index("C")
		estimand, err := identify.ID(g, []int{y}, x)
		if err != nil {
			t.Fatal(err)
		}
		law, err := identify.NewJoint(joint)
		if err != nil {
			t.Fatal(err)
		}
		byID, err := identify.Evaluate(estimand, law, nil)
		if err != nil {
			t.Fatal(err)
		}
		if !stochastic.EqualApprox(effect, byID, combTol) {
			t.Fatalf("comb disintegration gives %v, the ID estimand %v gives %v", effect, estimand, byID)
		}
	})
}

func TestCombPlugProperty(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		var ts []diagram.Type
		size := 1
		for i, name := range []string{"A", "B", "C"} {
			n := rapid.IntRange(2, 3).Draw(t, fmt.Sprintf("size%d", i))
			states := make([]string, n)
			for s := range states {
				states[s] = strconv.Itoa(s)
			}
			ts = append(ts, diagram.NewType(name, states...))
			size *= n
		}
		p := make([]float64, size)
		for j := range p {
			p[j] = rapid.Float64Range(0.01, 1).Draw(t, "p")
		}
		joint, err := stochastic.NewState(ts, normalise(p))
		if err != nil {
			t.Fatal(err)
		}
		comb, g, err := identify.CombDisintegrate(joint, []int{0}, []int{1}, []int{2})
		if err != nil {
			t.Fatal(err)
		}
		rebuilt, err := comb.Plug(g)
		if err != nil {
			t.Fatal(err)
		}
		if !stochastic.EqualApprox(rebuilt, joint, combTol) {
			t.Fatalf("Plug(g) = %v, want %v", rebuilt, joint)
		}
	})
}

func normalise(p []float64) []float64 {
	sum := 0.0
	for _, x := range p {
		sum += x
	}
	for k := range p {
		p[k] /= sum
	}
	return p
}
