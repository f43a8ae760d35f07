package identify_test

import (
	"errors"
	"slices"
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

// combCase is a random causal model over observed variables V0..Vn-1 and one
// latent Uk per bidirected edge of its graph, with positive tables.
type combCase struct {
	graph *identify.Graph
	model *scm.Model
	n     int // observed variables
}

// drawCombCase draws a random graph over 3 to 6 observed nodes, with
// directed edges along the node order and up to three bidirected edges,
// and a model for it.
func drawCombCase(t *rapid.T) *combCase {
	n := rapid.IntRange(3, 6).Draw(t, "n")
	g := identify.NewGraph()
	parents := make(map[string][]string)
	var names, latents []string
	size := make(map[string]int)
	for i := 0; i < n; i++ {
		name := "V" + strconv.Itoa(i)
		g.AddNode(name)
		names = append(names, name)
		size[name] = rapid.IntRange(2, 3).Draw(t, "size")
		for j := 0; j < i; j++ {
			from := "V" + strconv.Itoa(j)
			if rapid.Float64Range(0, 1).Draw(t, "edge") < 0.5 {
				parents[name] = append(parents[name], from)
				if err := g.AddEdge(from, name); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	for k := rapid.IntRange(0, 3).Draw(t, "bidirected"); k > 0; k-- {
		a := rapid.IntRange(0, n-1).Draw(t, "a")
		b := rapid.IntRange(0, n-1).Draw(t, "b")
		if a == b || g.HasBidirected(a, b) {
			continue
		}
		u := "U" + strconv.Itoa(len(latents))
		latents = append(latents, u)
		size[u] = 2
		parents[names[a]] = append(parents[names[a]], u)
		parents[names[b]] = append(parents[names[b]], u)
		if err := g.AddBidirected(names[a], names[b]); err != nil {
			t.Fatal(err)
		}
	}

	bld := scm.NewBuilder()
	for _, v := range slices.Concat(latents, names) {
		states := make([]string, size[v])
		for s := range states {
			states[s] = strconv.Itoa(s)
		}
		if err := bld.AddVariable(v, states...); err != nil {
			t.Fatal(err)
		}
	}
	if len(latents) > 0 {
		if err := bld.SetLatent(latents...); err != nil {
			t.Fatal(err)
		}
	}
	for _, v := range slices.Concat(latents, names) {
		rows := 1
		for _, p := range parents[v] {
			rows *= size[p]
		}
		var table []float64
		for r := 0; r < rows; r++ {
			row := make([]float64, size[v])
			for k := range row {
				row[k] = rapid.Float64Range(0.05, 1).Draw(t, "p")
			}
			table = append(table, normalise(row)...)
		}
		if err := bld.SetCPT(v, parents[v], table); err != nil {
			t.Fatal(err)
		}
	}
	m, err := bld.Build()
	if err != nil {
		t.Fatal(err)
	}
	return &combCase{graph: g, model: m, n: n}
}

// drawRoles draws disjoint, non-empty sets of observed variable names for
// the treatment, the mediator and the outcome.
func (c *combCase) drawRoles(t *rapid.T) (a, b, cs []string) {
	perm := rapid.Permutation(seq(c.n)).Draw(t, "roles")
	na := rapid.IntRange(1, min(2, c.n-2)).Draw(t, "na")
	nb := rapid.IntRange(1, min(2, c.n-na-1)).Draw(t, "nb")
	nc := rapid.IntRange(1, min(2, c.n-na-nb)).Draw(t, "nc")
	name := func(vs []int) []string {
		var out []string
		for _, v := range vs {
			out = append(out, "V"+strconv.Itoa(v))
		}
		return out
	}
	return name(perm[:na]), name(perm[na : na+nb]), name(perm[na+nb : na+nb+nc])
}

// modelIndices returns the variable indices of names in m.
func modelIndices(t *rapid.T, m *scm.Model, names []string) []int {
	out := make([]int, len(names))
	for k, name := range names {
		v, ok := m.Index(name)
		if !ok {
			t.Fatalf("no variable %s", name)
		}
		out[k] = v
	}
	return out
}

// TestCombEffectSoundOnRandomGraphs checks CombEffect on random graphs and
// random roles: it either rejects the graph with a *CriterionError naming a
// path, or returns the causal effect that surgery on the full model gives.
func TestCombEffectSoundOnRandomGraphs(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		c := drawCombCase(t)
		joint, err := c.model.Posterior(c.model.Observed(), nil)
		if err != nil {
			t.Fatal(err)
		}
		for range 10 {
			c.checkRoles(t, joint)
		}
	})
}

// checkRoles draws roles for c and checks CombEffect on them.
func (c *combCase) checkRoles(t *rapid.T, joint *stochastic.Channel) {
	a, b, cs := c.drawRoles(t)
	effect, err := identify.CombEffect(c.graph, joint, a, b, cs)
	if err != nil {
		var crit *identify.CriterionError
		if !errors.As(err, &crit) {
			t.Fatalf("CombEffect(%v, %v, %v) in %s: error %v, want a *CriterionError", a, b, cs, c.graph, err)
		}
		if p := crit.Path.String(); len(crit.Path.Nodes) < 2 || !strings.Contains(err.Error(), "path "+p) {
			t.Fatalf("CombEffect(%v, %v, %v) in %s: error %q names no path", a, b, cs, c.graph, err)
		}
		return
	}
	truth, err := intervention.Channel(c.model, modelIndices(t, c.model, a), modelIndices(t, c.model, cs))
	if err != nil {
		t.Fatal(err)
	}
	if !stochastic.EqualApprox(effect, truth, combTol) {
		t.Fatalf("CombEffect(%v, %v, %v) in %s = %v, surgery on the model gives %v", a, b, cs, c.graph, effect, truth)
	}

	// ID identifies the same effect. Its channel has the treatments
	// and the outcomes in node order.
	x, y := graphIndices(t, c.graph, a), graphIndices(t, c.graph, cs)
	estimand, err := identify.ID(c.graph, y, x)
	if err != nil {
		t.Fatalf("ID(%v, %v) in %s: %v, but CombEffect identified it", cs, a, c.graph, err)
	}
	law, err := identify.NewJoint(joint)
	if err != nil {
		t.Fatal(err)
	}
	byID, err := identify.Evaluate(estimand, law, nil)
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(x)
	slices.Sort(y)
	sorted, err := intervention.Channel(c.model, modelIndices(t, c.model, graphNames(c.graph, x)), modelIndices(t, c.model, graphNames(c.graph, y)))
	if err != nil {
		t.Fatal(err)
	}
	if !stochastic.EqualApprox(byID, sorted, combTol) {
		t.Fatalf("ID estimand %v in %s gives %v, surgery %v", estimand, c.graph, byID, sorted)
	}
}

// graphIndices returns the node indices of names in g.
func graphIndices(t *rapid.T, g *identify.Graph, names []string) []int {
	out := make([]int, len(names))
	for k, name := range names {
		v, ok := g.Index(name)
		if !ok {
			t.Fatalf("no node %s", name)
		}
		out[k] = v
	}
	return out
}

// graphNames returns the names of the nodes vs of g.
func graphNames(g *identify.Graph, vs []int) []string {
	out := make([]string, len(vs))
	for k, v := range vs {
		out[k] = g.Name(v)
	}
	return out
}

// CombEffect and CombDisintegrate name a variable listed twice in one role.
func TestCombRepeatedVariable(t *testing.T) {
	g := frontDoorGraph(t, "S", "T", "C")
	_, err := identify.CombEffect(g, smokingdata.Joint(), []string{"S", "S"}, []string{"T"}, []string{"C"})
	if err == nil || !strings.Contains(err.Error(), "S is listed twice in A") {
		t.Errorf("CombEffect with S twice: error %v, want one saying S is listed twice in A", err)
	}
	_, _, err = identify.CombDisintegrate(smokingdata.Joint(), []int{0}, []int{1}, []int{2, 2})
	if err == nil || !strings.Contains(err.Error(), "C is listed twice in C") {
		t.Errorf("CombDisintegrate with C twice: error %v, want one saying C is listed twice in C", err)
	}
}

// A positivity failure over several treatments and mediators with more than
// two states names the whole zero cell.
func TestCombPositivityNamesCell(t *testing.T) {
	ts := []diagram.Type{
		diagram.NewType("A1", "lo", "mid", "hi"),
		diagram.NewType("A2", "no", "yes"),
		diagram.NewType("B", "0", "1"),
		diagram.NewType("C", "0", "1", "2"),
	}
	p := make([]float64, 3*2*2*3)
	for j := range p {
		p[j] = 1
	}
	// P(A1=mid, A2=yes, B=1) = 0: zero every C for that cell.
	cell := ((1*2+1)*2 + 1) * 3
	for c := 0; c < 3; c++ {
		p[cell+c] = 0
	}
	joint, err := stochastic.NewState(ts, normalise(p))
	if err != nil {
		t.Fatal(err)
	}
	g, err := identify.ParseGraph("A1 -> B; A2 -> B; B -> C; A1 <-> C")
	if err != nil {
		t.Fatal(err)
	}

	effect, err := identify.CombEffect(g, joint, []string{"A1", "A2"}, []string{"B"}, []string{"C"})
	if effect != nil {
		t.Errorf("CombEffect returned %v with a zero cell", effect)
	}
	var pos *identify.PositivityError
	if !errors.As(err, &pos) {
		t.Fatalf("CombEffect error = %v, want a *PositivityError", err)
	}
	if want := "P(A1=mid, A2=yes, B=1) = 0"; !strings.Contains(err.Error(), want) {
		t.Errorf("error %q does not contain %q", err, want)
	}
	var zero *stochastic.ZeroProbabilityError
	if !errors.As(err, &zero) {
		t.Errorf("error %v does not unwrap to a *stochastic.ZeroProbabilityError", err)
	}

	_, err = identify.FrontDoorFormula(joint, []int{0, 1}, []int{2}, []int{3})
	if !errors.As(err, &pos) {
		t.Errorf("FrontDoorFormula error = %v, want a *PositivityError", err)
	}
}
