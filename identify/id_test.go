package identify_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/markovcat/causal/diagram"
	"github.com/markovcat/causal/identify"
	"github.com/markovcat/causal/internal/smokingdata"
	"github.com/markovcat/causal/stochastic"
)

// mustGraph parses src or fails the test.
func mustGraph(t testing.TB, src string) *identify.Graph {
	t.Helper()
	g, err := identify.ParseGraph(src)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// nodes returns the indices of the comma-separated names.
func nodes(t testing.TB, g *identify.Graph, names string) []int {
	t.Helper()
	if names == "" {
		return nil
	}
	var out []int
	for _, name := range strings.Split(names, ",") {
		v, ok := g.Index(strings.TrimSpace(name))
		if !ok {
			t.Fatalf("no node %s", name)
		}
		out = append(out, v)
	}
	return out
}

func names(g *identify.Graph, vs []int) string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = g.Name(v)
	}
	return strings.Join(out, ",")
}

func TestIDNotIdentifiable(t *testing.T) {
	for _, test := range []struct {
		name, graph, y, x string
		f, fPrime         string // nodes of the hedge forests
	}{
		{"bow arc", "X -> Y; X <-> Y", "Y", "X", "X,Y", "Y"},
		{"confounded mediator", "X -> Z -> Y; X <-> Z", "Y", "X", "X,Z", "Z"},
		{"two confounders", "X -> Y; Z -> Y; X <-> Z; Z <-> Y", "Y", "X", "X,Y,Z", "Y,Z"},
		{"mediator confounded with y", "X -> Z; Z -> Y; X <-> Y; Z <-> Y", "Y", "X", "X,Z,Y", "Z,Y"},
		{"fig5", "Z1 -> X; X -> Z2; Z2 -> Y; X <-> Z1; Z1 <-> Z2; Z1 <-> Y; X <-> Y", "Y", "X", "Z1,X,Z2", "Z2"},
	} {
		t.Run(test.name, func(t *testing.T) {
			g := mustGraph(t, test.graph)
			y, x := nodes(t, g, test.y), nodes(t, g, test.x)
			e, err := identify.ID(g, y, x)
			var ni *identify.NotIdentifiableError
			if !errors.As(err, &ni) {
				t.Fatalf("got estimand %v, error %v; want *NotIdentifiableError", e, err)
			}
			h := ni.Hedge
			if err := h.Check(y, x); err != nil {
				t.Errorf("hedge %v: %v", h, err)
			}
			if got := names(g, h.F.Nodes); got != test.f {
				t.Errorf("F: got %s, want %s", got, test.f)
			}
			if got := names(g, h.FPrime.Nodes); got != test.fPrime {
				t.Errorf("F': got %s, want %s", got, test.fPrime)
			}
			if !strings.Contains(err.Error(), "P(Y | do(X)) is not identifiable") {
				t.Errorf("message %q does not name the query", err)
			}
		})
	}
}

func TestIDIdentifiable(t *testing.T) {
	for _, test := range []struct {
		name, graph, y, x, z string
		want                 string
	}{
		{"no confounding", "X -> Y", "Y", "X", "", "P(Y | X)"},
		{"no effect", "Y -> X; X <-> Y", "Y", "X", "", "P(Y)"},
		{"back door", "Z -> X -> Y; Z -> Y", "Y", "X", "", "Σ_{Z} P(Z) P(Y | Z, X)"},
		{"front door", "X -> Z -> Y; X <-> Y", "Y", "X", "", "Σ_{Z} P(Z | X) Σ_{X'} P(X') P(Y | X', Z)"},
		{"confounded mediator and outcome", "X -> Y; X -> Z; Z -> Y; Y <-> Z", "Y", "X", "", "P(Y | X)"},
		{"napkin", "W1 -> W2 -> X -> Y; W1 <-> X; W1 <-> Y", "Y", "X", "",
			"Σ_{W2} [P(W2) Σ_{W1} P(W1) P(X, Y | W1, W2)] / [Σ_{W1} P(W1) P(X | W1, W2)]"},
		{"idc moves evidence", "X -> Z; Z -> Y; X <-> Z", "Y", "X", "Z", "P(Y | Z)"},
		{"idc keeps evidence", "X -> Y; X -> Z; Y -> Z", "Y", "X", "Z", "P(Y | X, Z)"},
		{"joint targets", "X -> Z1; Z1 -> Y; Z3 -> Y; Z2 -> X; Z2 -> Z1; Z2 -> Z3; X <-> Y; X <-> Z3; X <-> Z2; Y <-> Z2", "Z1,Z2,Z3,Y", "X", "",
			"P(Z1 | X, Z2) Σ_{X'} P(Y | X', Z1, Z3, Z2) P(X', Z3, Z2)"},
	} {
		t.Run(test.name, func(t *testing.T) {
			g := mustGraph(t, test.graph)
			e, err := identify.IDC(g, nodes(t, g, test.y), nodes(t, g, test.x), nodes(t, g, test.z))
			if err != nil {
				t.Fatal(err)
			}
			if got := e.String(); got != test.want {
				t.Errorf("got  %s\nwant %s", got, test.want)
			}
		})
	}
}

// TestIDNapkinShape checks that the napkin estimand keeps the ratio of two
// sums over W1 and differs from P(Y | X) in value.
func TestIDNapkinShape(t *testing.T) {
	g := mustGraph(t, "W1 -> W2 -> X -> Y; W1 <-> X; W1 <-> Y")
	e, err := identify.ID(g, nodes(t, g, "Y"), nodes(t, g, "X"))
	if err != nil {
		t.Fatal(err)
	}
	s := e.String()
	if strings.Count(s, "Σ_{W1}") != 2 || !strings.Contains(s, "] / [") {
		t.Errorf("estimand %s is not a ratio of two sums over W1", s)
	}
	if s == "P(Y | X)" {
		t.Error("estimand reduced to P(Y | X)")
	}
	latex := e.LaTeX()
	if !strings.Contains(latex, `\frac{P(\mathrm{W2}) \, \sum_{\mathrm{W1}}`) {
		t.Errorf("LaTeX %s has no fraction of sums over W1", latex)
	}
}

func TestIDInvalidQuery(t *testing.T) {
	g := mustGraph(t, "X -> Y; Z")
	for _, test := range []struct {
		name    string
		y, x, z []int
		mention string
	}{
		{"no target", nil, []int{0}, nil, "no target"},
		{"target is intervention", []int{1}, []int{1}, nil, "Y is both target and intervention"},
		{"intervention is evidence", []int{1}, []int{0}, []int{0}, "X is both intervention and evidence"},
		{"repeated target", []int{1, 1}, nil, nil, "target Y listed twice"},
		{"out of range", []int{7}, nil, nil, "out of range"},
	} {
		t.Run(test.name, func(t *testing.T) {
			_, err := identify.IDC(g, test.y, test.x, test.z)
			if err == nil || !strings.Contains(err.Error(), test.mention) {
				t.Errorf("got %v, want an error mentioning %q", err, test.mention)
			}
		})
	}
}

// TestIDPolynomialSize checks that the estimand of a family of graphs that
// needs deep recursion grows polynomially with the number of nodes.
func TestIDPolynomialSize(t *testing.T) {
	prev := 0
	for _, n := range []int{4, 8, 16, 32} {
		g := frontDoorChain(t, n)
		e, err := identify.ID(g, nodes(t, g, "Y"), nodes(t, g, "X"))
		if err != nil {
			t.Fatalf("n=%d: %v", n, err)
		}
		if e.Size() > 4*n*n {
			t.Errorf("n=%d: estimand has %d nodes, more than 4n² = %d", n, e.Size(), 4*n*n)
		}
		if prev > 0 && e.Size() > 8*prev {
			t.Errorf("n=%d: estimand size %d grew more than 8 times from %d", n, e.Size(), prev)
		}
		prev = e.Size()
	}
}

// smokingLaw returns the joint distribution of the smoking example as a Law.
func smokingLaw(t *testing.T) identify.Law {
	t.Helper()
	law, err := identify.NewJoint(smokingdata.Joint())
	if err != nil {
		t.Fatal(err)
	}
	return law
}

func TestEvaluateSmoking(t *testing.T) {
	g := mustGraph(t, smokingdata.Graph)
	e, err := identify.ID(g, nodes(t, g, "C"), nodes(t, g, "S"))
	if err != nil {
		t.Fatal(err)
	}
	ch, err := identify.Evaluate(e, smokingLaw(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	// The front-door formula on the smoking joint, summed by hand:
	// P(C=1 | do(S=0)) = 0.2535 and P(C=1 | do(S=1)) = 0.5423.
	want := [][]float64{{0.746522366522, 0.253477633478}, {0.457702702703, 0.542297297297}}
	for i, row := range want {
		for j, w := range row {
			if got := ch.At(i, j); mathAbs(got-w) > 1e-9 {
				t.Errorf("P(C=%d | do(S=%d)): got %.12f, want %.12f", j, i, got, w)
			}
		}
	}
	one, err := identify.Evaluate(e, smokingLaw(t), map[string]string{"S": "1"})
	if err != nil {
		t.Fatal(err)
	}
	if one.Rows() != 1 || mathAbs(one.At(0, 1)-want[1][1]) > 1e-9 {
		t.Errorf("fixed S=1: got %v, want one row with P(C=1) = %v", one, want[1][1])
	}
}

func mathAbs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

// frontDoorLaw returns a joint over X, Z, Y in which X=1, Z=0 never occurs
// and, when zeroX1 is set, X=1 never occurs.
func frontDoorLaw(t *testing.T, zeroX1 bool) identify.Law {
	t.Helper()
	types := []diagram.Type{diagram.NewType("X", "0", "1"), diagram.NewType("Z", "0", "1"), diagram.NewType("Y", "0", "1")}
	p := []float64{0.2, 0.1, 0.1, 0.2, 0, 0, 0.3, 0.1}
	if zeroX1 {
		p = []float64{0.2, 0.3, 0.1, 0.4, 0, 0, 0, 0}
	}
	joint, err := stochastic.NewState(types, p)
	if err != nil {
		t.Fatal(err)
	}
	law, err := identify.NewJoint(joint)
	if err != nil {
		t.Fatal(err)
	}
	return law
}

func TestEvaluatePositivity(t *testing.T) {
	g := mustGraph(t, "X -> Z -> Y; X <-> Y")
	e, err := identify.ID(g, nodes(t, g, "Y"), nodes(t, g, "X"))
	if err != nil {
		t.Fatal(err)
	}
	// P(y | x'=1, z=0) is needed with weight P(x'=1) P(z=0 | x) > 0.
	_, err = identify.Evaluate(e, frontDoorLaw(t, false), nil)
	var pe *identify.EstimandPositivityError
	if !errors.As(err, &pe) {
		t.Fatalf("got %v, want *EstimandPositivityError", err)
	}
	// The term and event name the summed copy of X as the estimand does.
	if pe.Term != "P(Y | X', Z)" || pe.Event != "X'=1, Z=0" || pe.At != "X=0" {
		t.Errorf("got term %q, event %q, at %q; want P(Y | X', Z), X'=1, Z=0, X=0", pe.Term, pe.Event, pe.At)
	}
	var zp *stochastic.ZeroProbabilityError
	if !errors.As(err, &zp) || zp.Event != "X'=1, Z=0" {
		t.Errorf("errors.As to *stochastic.ZeroProbabilityError: got %v", zp)
	}

	// When X=1 never occurs, the row do(X=1) is undefined but the row
	// do(X=0) is defined: the undefined terms have weight P(x'=1) = 0.
	law := frontDoorLaw(t, true)
	if _, err := identify.Evaluate(e, law, nil); !errors.As(err, &pe) || pe.At != "X=1" {
		t.Errorf("full channel: got %v, want a positivity error at X=1", err)
	}
	ch, err := identify.Evaluate(e, law, map[string]string{"X": "0"})
	if err != nil {
		t.Fatal(err)
	}
	// With X always 0: Σ_z P(z | X=0) P(y | X=0, z) = P(y | X=0) = (0.3, 0.7).
	if mathAbs(ch.At(0, 0)-0.3) > 1e-12 || mathAbs(ch.At(0, 1)-0.7) > 1e-12 {
		t.Errorf("P(Y | do(X=0)): got %v, want (0.3, 0.7)", ch)
	}
}

func TestEvaluateErrors(t *testing.T) {
	g := mustGraph(t, smokingdata.Graph)
	e, err := identify.ID(g, nodes(t, g, "C"), nodes(t, g, "S"))
	if err != nil {
		t.Fatal(err)
	}
	law := smokingLaw(t)
	for _, test := range []struct {
		name    string
		fixed   map[string]string
		mention string
	}{
		{"unknown state", map[string]string{"S": "2"}, "no state 2: valid states are 0, 1"},
		{"target fixed", map[string]string{"C": "1"}, "cannot fix C"},
		{"unknown variable", map[string]string{"Q": "1"}, "cannot fix Q"},
	} {
		t.Run(test.name, func(t *testing.T) {
			_, err := identify.Evaluate(e, law, test.fixed)
			if err == nil || !strings.Contains(err.Error(), test.mention) {
				t.Errorf("got %v, want an error mentioning %q", err, test.mention)
			}
		})
	}
	// A law without one of the estimand's variables.
	other, err := identify.NewJoint(stochastic.Uniform(diagram.NewType("S", "0", "1")))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := identify.Evaluate(e, other, nil); err == nil || !strings.Contains(err.Error(), "no variable") {
		t.Errorf("got %v, want an error naming the missing variable", err)
	}
}

func TestHedgeCheckRejects(t *testing.T) {
	g := mustGraph(t, "X -> Y; X <-> Y")
	_, err := identify.ID(g, []int{1}, []int{0})
	var ni *identify.NotIdentifiableError
	if !errors.As(err, &ni) {
		t.Fatal(err)
	}
	h := ni.Hedge
	if err := h.Check([]int{1}, []int{0}); err != nil {
		t.Fatal(err)
	}
	swapped := h
	swapped.F, swapped.FPrime = h.FPrime, h.F
	if err := swapped.Check([]int{1}, []int{0}); err == nil {
		t.Error("a hedge with F and F' swapped passed Check")
	}
	broken := h
	broken.F.Bidirected = nil
	if err := broken.Check([]int{1}, []int{0}); err == nil {
		t.Error("a hedge whose F has no bidirected edges passed Check")
	}
	if diff := cmp.Diff([][2]int{{0, 1}}, h.F.Edges); diff != "" {
		t.Errorf("F edges (-want +got):\n%s", diff)
	}
}
